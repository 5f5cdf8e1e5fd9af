import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PlacedClient, SubnetInfo, VpcNetwork, groupLabel, isGroupBuiltInApp, unknownSubnetLabels } from './vpc-network';
import { AccessView } from '../access-view';
import { key, resolveIn } from '../cfn-values';
import { admits, combineCoverage, coversHttps, reachesDynamoPublicly, reachesInterfaceEndpoint, RuleData, Tri } from '../network-rules';
import type { EndpointFact } from '../workload/vpc-endpoints';

/*
 * The rules of the connectivity check: for one client and one access, every way the client cannot reach
 * DynamoDB through that access's endpoints, as verdicts with their data. Verdicts carry no text: the
 * catalogue (./findings.ts) turns each into a finding with its id, level and message.
 */

/** Why a client may not reach DynamoDB through one access. */
export type Verdict =
  /** Gateway: subnets with no route to a DynamoDB gateway endpoint (certain: `broken`; unknown: `unknown`). */
  | { readonly kind: 'noRoute'; readonly certain: boolean; readonly broken: string[]; readonly unknown: string[] }
  /** Gateway: the client's subnets reach DynamoDB through a NAT or internet route instead. */
  | { readonly kind: 'bypassesGateway'; readonly subnets: string[] }
  /** The client's security groups let no TCP 443 out to DynamoDB (gateway) or the interface endpoint. */
  | { readonly kind: 'noEgress'; readonly certain: boolean; readonly to: 'dynamodb' | 'interfaceEndpoint'; readonly groups: string[]; readonly reason?: string }
  /** Interface: the endpoint's security groups admit no TCP 443 from the client. */
  | { readonly kind: 'endpointRejects'; readonly certain: boolean; readonly groups: string[]; readonly reason?: string }
  /** Interface: the client is not pointed at the endpoint and reaches DynamoDB through a NAT or internet route. */
  | { readonly kind: 'bypassesInterface' }
  /** Interface: the client is not pointed at the endpoint (certain: it has no other way out). */
  | { readonly kind: 'notConfigured'; readonly certain: boolean; readonly missing: boolean; readonly reason?: string }
  /** Interface: an SDK setting in the client's environment makes the SDK refuse or ignore the endpoint URL. */
  | { readonly kind: 'conflictingSdkSetting'; readonly setting: string; readonly effect: 'throws' | 'ignoresUrl' }
  /**
   * Gateway: the client may send IPv6 to DynamoDB's dual-stack name, and the gateway endpoints of its
   * subnets route IPv4 only (`ipv4Only`: IpAddressType ipv4 or not set) or may (`unknown`: a deploy-time
   * value, or an endpoint owned elsewhere).
   */
  | { readonly kind: 'dualStackBypassesGateway'; readonly ipv4Only: string[]; readonly unknown: string[] };

/** A verdict about a client through one access. */
export interface Judgement {
  readonly client: PlacedClient;
  readonly access: AccessView;
  readonly verdicts: Verdict[];
}

/** The verdicts for one client through one access's endpoints; none when it has a path. */
export function judge(network: VpcNetwork, client: PlacedClient, access: AccessView, accesses: AccessView[]): Judgement {
  const viaInterface = access.hasInterface && (!access.hasGateway || client.configured);
  const verdicts = viaInterface ? judgeInterface(network, client, access) : judgeGateway(network, client, access, accesses);
  return { client, access, verdicts };
}

/** Lower is better: no verdict, then fewer certain ones, then fewer unknown ones. */
export function score(judgement: Judgement): number {
  return judgement.verdicts.filter(isCertain).length * 1000 + judgement.verdicts.length;
}

export function isCertain(verdict: Verdict): boolean {
  return 'certain' in verdict && verdict.certain;
}

function judgeGateway(network: VpcNetwork, client: PlacedClient, access: AccessView, accesses: AccessView[]): Verdict[] {
  const verdicts: Verdict[] = [];
  const broken: SubnetInfo[] = [];
  const unknown: string[] = unknownSubnetLabels(client);
  const bypass: SubnetInfo[] = [];
  for (const subnet of client.subnets) {
    if (network.servedByGateway(subnet)) {
      continue;
    }
    const other = network.otherPath(subnet, client);
    if (other === 'yes') {
      bypass.push(subnet);
    } else if (other === 'no') {
      broken.push(subnet);
    } else {
      unknown.push(`${subnet.label} (its other routes are not known at synth)`);
    }
  }
  if (broken.length > 0) {
    verdicts.push({ kind: 'noRoute', certain: true, broken: broken.map((subnet) => subnet.label), unknown });
  } else if (unknown.length > 0) {
    verdicts.push({ kind: 'noRoute', certain: false, broken: [], unknown });
  } else if (bypass.length > 0) {
    verdicts.push({ kind: 'bypassesGateway', subnets: bypass.map((subnet) => subnet.label) });
  }

  if (client.ipv6 === true && isTrue(client.environment?.[DUALSTACK_VARIABLE])) {
    verdicts.push(...judgeDualStackGateway(network, client));
  }

  const known = accesses.map((other) => other.prefixListId()).filter((id): id is string => id !== undefined);
  const ours = access.prefixListId();
  const egress = judgeEgressToDynamo(network, client, (stack, rule) => reachesDynamoPublicly(rule, {
    dynamoKeys: known.map((id) => resolveIn(stack, id)).filter((id) => id !== undefined).map(key),
    dynamoIdIsLiteral: ours !== undefined && !Token.isUnresolved(ours),
  }, network.vpcCidr(stack)));
  verdicts.push(...egressVerdicts(client, egress, 'dynamodb'));
  return verdicts;
}

/**
 * A client that may send IPv6 to DynamoDB's dual-stack name: each of its subnets served by a gateway
 * endpoint needs one that routes IPv6 (IpAddressType dualstack or ipv6). Subnets served by none are the
 * other rules' concern.
 */
function judgeDualStackGateway(network: VpcNetwork, client: PlacedClient): Verdict[] {
  const ipv4Only = new Set<string>();
  const unknown = new Set<string>();
  for (const subnet of client.subnets) {
    const gateways = network.gatewaysServing(subnet);
    if (gateways.some((gateway) => gateway.routesIpv6 === 'yes')) {
      continue;
    }
    gateways.forEach((gateway) => (gateway.routesIpv6 === 'no' ? ipv4Only : unknown).add(gateway.label));
  }
  return ipv4Only.size + unknown.size === 0 ? [] : [{ kind: 'dualStackBypassesGateway', ipv4Only: [...ipv4Only], unknown: [...unknown] }];
}

function judgeInterface(network: VpcNetwork, client: PlacedClient, access: AccessView): Verdict[] {
  const verdicts: Verdict[] = [];
  const endpointGroups = access.connections.securityGroups;

  const ingress = judgeIngress(network, client, endpointGroups);
  if (ingress.verdict !== 'yes') {
    verdicts.push({ kind: 'endpointRejects', certain: ingress.verdict === 'no', groups: endpointGroups.map(groupLabel), reason: ingress.reason });
  }

  const endpointSubnets = network.interfaceSubnets(access);
  const egress = judgeEgressToEndpoint(network, client, endpointGroups, endpointSubnets);
  verdicts.push(...egressVerdicts(client, egress, 'interfaceEndpoint'));

  if (client.configuration === 'set') {
    verdicts.push(...sdkSettingVerdicts(client));
  }
  if (!client.configured) {
    // Without the endpoint's name, the SDK calls DynamoDB's public name: fine through a gateway endpoint
    // (of another construct, or the VPC's own), a NAT gateway (reported), or nothing at all.
    const unserved = client.subnets.filter((subnet) => !network.servedByGateway(subnet));
    const otherPaths = unserved.map((subnet) => network.otherPath(subnet, client));
    if (client.unknownSubnets.length === 0 && unserved.length === 0) {
      return verdicts;
    }
    if (client.unknownSubnets.length === 0 && otherPaths.every((path) => path === 'yes')) {
      verdicts.push({ kind: 'bypassesInterface' });
    } else if (client.configuration === 'missing' && otherPaths.some((path) => path === 'no')) {
      verdicts.push({ kind: 'notConfigured', certain: true, missing: true });
    } else {
      verdicts.push({ kind: 'notConfigured', certain: false, missing: client.configuration === 'missing', reason: client.unreadableConfiguration });
    }
  }
  return verdicts;
}

/** What the rules of some security groups say about a kind of traffic. */
export interface RuleVerdict {
  readonly verdict: Tri;
  readonly reason?: string;
}

/** Where traffic goes or comes from, as the rules are judged against it: how many subnets, and whether that is all of them. */
interface Peer {
  readonly subnetCount: number;
  readonly complete: boolean;
}

/**
 * Whether the rules of `groups` (in one direction) together cover TCP 443 for every subnet of the peer:
 * `answer` says, for one rule, which of the peer's subnets it covers.
 */
function judgeRules(
  network: VpcNetwork, groups: ec2.ISecurityGroup[], direction: 'ingress' | 'egress', peer: Peer,
  answer: (stack: Stack, rule: RuleData) => Tri[],
): RuleVerdict {
  const coverages: Tri[][] = [];
  const reasons: string[] = [];
  let imported = false;
  const what = direction === 'ingress' ? 'a source' : 'a destination';
  for (const group of groups) {
    for (const { stack, rule } of network.rulesOf(group, direction)) {
      const port = coversHttps(rule);
      if (port === 'no') {
        continue;
      }
      const covered = port === 'unknown' ? Array.from({ length: Math.max(peer.subnetCount, 1) }, (): Tri => 'unknown') : answer(stack, rule);
      if (rule.groupId !== undefined && covered.every((item) => item === 'yes')) {
        return { verdict: 'yes' }; // a rule naming the peer's group covers it wherever it sits
      }
      coverages.push(covered);
      if (covered.includes('unknown') && !covered.every((item) => item === 'yes')) {
        reasons.push(`a rule of ${groupLabel(group)} has ${what} or port that is a token or not judged`);
      }
    }
    if (!isGroupBuiltInApp(group)) {
      imported = true;
      reasons.push(direction === 'ingress'
        ? `${groupLabel(group)} is imported, so its rules are not known`
        : `${groupLabel(group)} is imported and restricts outbound traffic, so its rules are not known`);
    }
  }
  const verdict = combineCoverage(coverages, peer.subnetCount, peer.complete);
  if (verdict === 'yes') {
    return { verdict };
  }
  return { verdict: imported || verdict === 'unknown' ? 'unknown' : 'no', reason: [...new Set(reasons)].join('; ') };
}

/**
 * Whether the client's security groups let TCP 443 out to DynamoDB's public addresses (gateway, NAT), as
 * `accepts` judges each rule (the ECS rule passes one for S3's prefix list).
 */
export function judgeEgressToDynamo(network: VpcNetwork, client: PlacedClient, accepts: (stack: Stack, rule: RuleData) => Tri): RuleVerdict {
  if (client.securityGroups.some((group) => group.allowAllOutbound)) {
    return { verdict: 'yes' };
  }
  return judgeRules(network, client.securityGroups, 'egress', { subnetCount: 1, complete: true }, (stack, rule) => [accepts(stack, rule)]);
}

/** Whether the client's security groups let TCP 443 out to every network interface of an interface endpoint. */
export function judgeEgressToEndpoint(
  network: VpcNetwork, client: PlacedClient, endpointGroups: ec2.ISecurityGroup[], endpointSubnets: SubnetInfo[],
): RuleVerdict {
  if (client.securityGroups.some((group) => group.allowAllOutbound)) {
    return { verdict: 'yes' };
  }
  // An endpoint's unknown subnets (one owned elsewhere) leave CIDR rules unknown; its groups still count.
  const peer = { subnetCount: endpointSubnets.length, complete: true };
  return judgeRules(network, client.securityGroups, 'egress', peer, (stack, rule) =>
    reachesInterfaceEndpoint(rule, network.endpointEndpoints(endpointGroups, endpointSubnets, stack), network.vpcCidr(stack),
      network.publicPrefixLists(stack)));
}

/** Whether the endpoint's security groups admit TCP 443 from every subnet of the client. */
export function judgeIngress(network: VpcNetwork, client: PlacedClient, endpointGroups: ec2.ISecurityGroup[]): RuleVerdict {
  const peer = { subnetCount: client.subnets.length, complete: client.unknownSubnets.length === 0 };
  return judgeRules(network, endpointGroups, 'ingress', peer, (stack, rule) =>
    admits(rule, network.clientEndpoints(client, stack), network.vpcCidr(stack)));
}

/** SDK settings that make an SDK refuse (`AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`) or ignore (`AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`) an endpoint URL. */
function sdkSettingVerdicts(client: PlacedClient): Verdict[] {
  const environment = client.environment ?? {};
  const verdicts: Verdict[] = [];
  for (const setting of ['AWS_USE_FIPS_ENDPOINT', DUALSTACK_VARIABLE]) {
    if (isTrue(environment[setting])) {
      verdicts.push({ kind: 'conflictingSdkSetting', setting, effect: 'throws' });
    }
  }
  if (isTrue(environment.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)) {
    verdicts.push({ kind: 'conflictingSdkSetting', setting: 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', effect: 'ignoresUrl' });
  }
  return verdicts;
}

const DUALSTACK_VARIABLE = 'AWS_USE_DUALSTACK_ENDPOINT';

function isTrue(value: unknown): boolean {
  return typeof value === 'string' && value.trim().toLowerCase() === 'true';
}

function egressVerdicts(client: PlacedClient, egress: RuleVerdict, to: 'dynamodb' | 'interfaceEndpoint'): Verdict[] {
  if (egress.verdict === 'yes') {
    return [];
  }
  return [{ kind: 'noEgress', certain: egress.verdict === 'no', to, groups: client.securityGroups.map(groupLabel), reason: egress.reason }];
}

/** Why TCP 443 does not reach an endpoint: the client's rules (egress) or the endpoint's (ingress). */
export interface EndpointBlock {
  readonly certain: boolean;
  readonly side: 'egress' | 'ingress';
  readonly groups: string[];
  readonly reason?: string;
}

/**
 * Whether one of the interface endpoints of a service admits the client and the client's rules let TCP
 * 443 out to it: none when one does, else what blocks the one that comes closest. Endpoints written as
 * CloudFormation resources (their rules cannot be read) are not judged. `certain`: the client has no other
 * way out, so a block is certain.
 */
export function judgeEndpointReach(network: VpcNetwork, client: PlacedClient, usable: EndpointFact[], certain: boolean): EndpointBlock[] {
  const readable = usable.filter((endpoint) => endpoint.securityGroups !== undefined && endpoint.securityGroups.length > 0);
  if (readable.length === 0) {
    return []; // an endpoint written as a CloudFormation resource: its rules are not judged
  }
  let best: EndpointBlock[] | undefined;
  for (const endpoint of readable) {
    const groups = endpoint.securityGroups!;
    const ingress = judgeIngress(network, client, groups);
    const egress = judgeEgressToEndpoint(network, client, groups, network.endpointSubnets(endpoint.resource));
    const blocks = [...blocked(egress, certain, 'egress', client.securityGroups), ...blocked(ingress, certain, 'ingress', groups)];
    if (best === undefined || blocks.length < best.length) {
      best = blocks;
    }
  }
  return best ?? [];
}

/** A rule verdict as blocks: none when the rules allow the traffic. */
export function blocked(rules: RuleVerdict, certain: boolean, side: 'egress' | 'ingress', groups: ec2.ISecurityGroup[]): EndpointBlock[] {
  if (rules.verdict === 'yes') {
    return [];
  }
  return [{ certain: certain && rules.verdict === 'no', side, groups: groups.map(groupLabel), reason: rules.reason }];
}
