/*
 * Reasoning about security-group rules, ports and IPv4 CIDR blocks: whether a rule covers HTTPS, whether
 * it admits a client, whether it lets traffic out to DynamoDB's public addresses or to an interface
 * endpoint. Internal module.
 *
 * Contract: this module knows nothing about constructs, stacks or tokens. It works on resolved
 * CloudFormation values: a literal is a string or a number; anything else (`{ "Ref": … }`,
 * `{ "Fn::GetAtt": … }`) stands for a value known only at deploy time and is compared by its JSON text
 * (`valueKey`), so two references to the same attribute are equal and nothing else is. The callers
 * resolve values in the right stack first. Every answer is a `Tri`: `unknown` when deploy-time values
 * decide it.
 */

/** A three-valued answer: certain yes, certain no, or not knowable at synth. */
export type Tri = 'yes' | 'no' | 'unknown';

/** A resolved CloudFormation value: a literal, or an intrinsic that stands for a deploy-time value. */
export type CfnValue = unknown;

/** One security-group rule, in one direction, with its values resolved. */
export interface RuleData {
  readonly ipProtocol?: CfnValue;
  readonly fromPort?: CfnValue;
  readonly toPort?: CfnValue;
  readonly cidrIp?: CfnValue;
  readonly cidrIpv6?: CfnValue;
  /** The source (ingress) or destination (egress) prefix list. */
  readonly prefixListId?: CfnValue;
  /** The source (ingress) or destination (egress) security group. */
  readonly groupId?: CfnValue;
}

/** The VPC's primary IPv4 CIDR block: as the rules refer to it, and as a literal when known. */
export interface VpcCidr {
  /** `valueKey` of the VPC's CIDR block attribute, as rules write it. */
  readonly key?: string;
  /** The block itself, e.g. `10.0.0.0/16`, when known at synth. */
  readonly literal?: string;
}

/** Where traffic comes from or goes to: security groups and subnets. */
export interface Endpoints {
  /** `valueKey`s of the security groups. */
  readonly groupKeys: string[];
  /** The IPv4 CIDR block of each subnet; `undefined` for one not known at synth. */
  readonly subnetCidrs: Array<string | undefined>;
  /** False when some subnets are not known at all, so that "every subnet" cannot be certain. */
  readonly complete: boolean;
}

/** IPv4 ranges that never hold DynamoDB's public addresses. */
export const PRIVATE_RANGES: readonly string[] = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '255.255.255.255/32',
];

/** A comparable form of a resolved value. */
export function valueKey(value: CfnValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Whether a rule's protocol and ports include TCP 443. */
export function coversHttps(rule: RuleData): Tri {
  const protocol = typeof rule.ipProtocol === 'number' ? String(rule.ipProtocol) : rule.ipProtocol;
  if (protocol === '-1' || protocol === 'all') {
    return 'yes';
  }
  if (typeof protocol !== 'string') {
    return 'unknown';
  }
  if (protocol !== 'tcp' && protocol !== '6') {
    return 'no';
  }
  if (typeof rule.fromPort !== 'number' || typeof rule.toPort !== 'number') {
    return 'unknown';
  }
  return rule.fromPort <= 443 && 443 <= rule.toPort ? 'yes' : 'no';
}

/**
 * For each subnet of `source`, whether an ingress rule admits traffic from it (a rule naming one of the
 * source's groups admits all of them). Several rules together admit a source when each of its subnets is
 * admitted by one of them: see `combineCoverage`.
 */
export function admits(rule: RuleData, source: Endpoints, vpc: VpcCidr): Tri[] {
  return coverage(rule, source, vpc);
}

/**
 * For each subnet of an interface endpoint, whether an egress rule lets traffic out to it (or to its groups).
 * `publicPrefixLists`: `valueKey`s of AWS-managed prefix lists of public service addresses (DynamoDB's, S3's),
 * which never hold an endpoint's private addresses.
 */
export function reachesInterfaceEndpoint(rule: RuleData, endpoint: Endpoints, vpc: VpcCidr, publicPrefixLists: string[] = []): Tri[] {
  if (rule.cidrIp === '0.0.0.0/0') {
    return everySubnet(endpoint, 'yes');
  }
  if (rule.prefixListId !== undefined && publicPrefixLists.includes(valueKey(rule.prefixListId))) {
    return everySubnet(endpoint, 'no');
  }
  const known = endpoint.subnetCidrs.length > 0;
  if (isVpcBlock(rule.cidrIp, vpc) && (vpc.literal === undefined || !known)) {
    return everySubnet(endpoint, 'yes'); // the VPC's block holds the endpoint's subnets unless they are known to lie in a secondary block
  }
  return coverage(rule, endpoint, vpc);
}

/**
 * Whether rules together cover every subnet: each subnet needs one rule that covers it for certain.
 * `coverages` holds one answer per subnet for each rule; `complete` is false when some subnets are not
 * known at all, so that "every subnet" cannot be certain.
 */
export function combineCoverage(coverages: Tri[][], subnetCount: number, complete: boolean): Tri {
  const perSubnet: Tri[] = Array.from({ length: Math.max(subnetCount, 1) }, (_, index) => {
    const answers = coverages.map((answer) => answer[index] ?? 'no');
    return answers.includes('yes') ? 'yes' : answers.includes('unknown') ? 'unknown' : 'no';
  });
  if (perSubnet.every((answer) => answer === 'yes')) {
    return complete ? 'yes' : 'unknown';
  }
  return perSubnet.some((answer) => answer === 'no') ? 'no' : 'unknown';
}

/** What decides a prefix-list egress rule: the DynamoDB prefix lists known in the app. */
export interface PrefixLists {
  /** `valueKey`s of DynamoDB's prefix list as the app knows it (given ids, lookups). */
  readonly dynamoKeys: string[];
  /** Whether DynamoDB's prefix-list id is known as a literal, so that another literal id is certainly not it. */
  readonly dynamoIdIsLiteral: boolean;
}

/** Whether an egress rule's destination covers DynamoDB's public addresses (through a gateway endpoint or a NAT). */
export function reachesDynamoPublicly(rule: RuleData, prefixLists: PrefixLists, vpc: VpcCidr): Tri {
  if (rule.prefixListId !== undefined) {
    if (prefixLists.dynamoKeys.includes(valueKey(rule.prefixListId))) {
      return 'yes';
    }
    return typeof rule.prefixListId === 'string' && prefixLists.dynamoIdIsLiteral ? 'no' : 'unknown';
  }
  if (rule.cidrIp !== undefined) {
    if (rule.cidrIp === '0.0.0.0/0') {
      return 'yes';
    }
    if (isVpcBlock(rule.cidrIp, vpc)) {
      return 'no';
    }
    if (typeof rule.cidrIp === 'string' && isIpv4Cidr(rule.cidrIp)) {
      return PRIVATE_RANGES.some((range) => cidrContains(range, rule.cidrIp as string)) ? 'no' : 'unknown';
    }
    return 'unknown';
  }
  return rule.groupId !== undefined || rule.cidrIpv6 !== undefined ? 'no' : 'unknown';
}

/**
 * Whether a rule's CIDR block is the VPC's primary block: written as the VPC's attribute (a reference), or as
 * the block itself, which the construct writes when it knows it (so that scanners can read the rule).
 */
function isVpcBlock(cidrIp: CfnValue, vpc: VpcCidr): boolean {
  return cidrIp !== undefined && ((vpc.key !== undefined && valueKey(cidrIp) === vpc.key) || (vpc.literal !== undefined && cidrIp === vpc.literal));
}

/** For each subnet of `peer` (at least one answer), whether a rule's peer (a group, or a CIDR block) covers it. */
function coverage(rule: RuleData, peer: Endpoints, vpc: VpcCidr): Tri[] {
  if (rule.groupId !== undefined) {
    return everySubnet(peer, peer.groupKeys.includes(valueKey(rule.groupId)) ? 'yes' : 'no');
  }
  if (rule.cidrIp !== undefined) {
    if (rule.cidrIp === '0.0.0.0/0') {
      return everySubnet(peer, 'yes');
    }
    if (isVpcBlock(rule.cidrIp, vpc)) {
      // The VPC's primary block: certain for subnets inside it, but subnets of a secondary block are not in it.
      return vpc.literal === undefined ? everySubnet(peer, 'yes') : eachSubnet(peer, (subnetCidr) => cidrCovers(vpc.literal!, subnetCidr));
    }
    return eachSubnet(peer, (subnetCidr) => cidrCovers(rule.cidrIp, subnetCidr));
  }
  return everySubnet(peer, rule.prefixListId !== undefined ? 'unknown' : 'no');
}

function everySubnet(peer: Endpoints, answer: Tri): Tri[] {
  return Array.from({ length: Math.max(peer.subnetCidrs.length, 1) }, () => answer);
}

function eachSubnet(peer: Endpoints, answer: (subnetCidr: string | undefined) => Tri): Tri[] {
  return peer.subnetCidrs.length === 0 ? [answer(undefined)] : peer.subnetCidrs.map(answer);
}

/** Whether a CIDR block covers a subnet's block: unknown when either is not a known literal; an IPv6 literal never matches IPv4 traffic. */
export function cidrCovers(cidr: CfnValue, subnetCidr: string | undefined): Tri {
  if (typeof cidr !== 'string' || !isIpv4Cidr(cidr)) {
    return typeof cidr === 'string' ? 'no' : 'unknown';
  }
  if (subnetCidr === undefined || !isIpv4Cidr(subnetCidr)) {
    return 'unknown';
  }
  return cidrContains(cidr, subnetCidr) ? 'yes' : 'no';
}

export function isIpv4Cidr(cidr: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  return match !== null && match.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(match[5]) <= 32;
}

/** Whether the IPv4 block `outer` contains the block `inner`. Both must be valid (`isIpv4Cidr`). */
export function cidrContains(outer: string, inner: string): boolean {
  const [outerAddress, outerBits] = parseCidr(outer);
  const [innerAddress, innerBits] = parseCidr(inner);
  const block = 2 ** (32 - outerBits);
  return innerBits >= outerBits && Math.floor(outerAddress / block) === Math.floor(innerAddress / block);
}

/** An IPv4 CIDR as its address (a number below 2^32) and prefix length. */
function parseCidr(cidr: string): [number, number] {
  const [address, bits] = cidr.split('/');
  return [address.split('.').reduce((total, octet) => total * 256 + Number(octet), 0), Number(bits)];
}
