import { Annotations, CfnResource, Stack, Stage, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ArtifactMetadataEntryType } from 'aws-cdk-lib/cloud-assembly-schema';
import { Construct, IConstruct } from 'constructs';
import { Client, describeClient, ENDPOINT_URL_VARIABLE, Grants, key, listOf } from './connectivity-clients';
import { ConnectivityCheck } from '../connectivity-check';
import type { PrivateDynamoAccess } from '../private-dynamo-access';

/*
 * The synth-time connectivity check of PrivateDynamoAccess.
 *
 * Why a construct validation (`node.addValidation`) and not an Aspect:
 * - the check needs the final tree: every grant, every security-group rule and environment variable,
 *   including what other aspects add, and Lazy values and cross-stack references already wired.
 *   Validations run once, after all aspects and after `prepare`; an aspect runs while aspects still
 *   change the tree, and there is no "after the last aspect" hook;
 * - the check is a join (clients x endpoints x route tables x security-group rules), not a per-node
 *   visit: an aspect would only collect and then need a place to conclude;
 * - an aspect that sees the other stacks must be added to the App, i.e. a library reaching up into its
 *   user's app root; a validation stays on the construct and searches its Stage from there.
 * The validation itself returns no error string (that would abort synth with one message on the
 * construct); it reports findings as annotations on each client's resource, where `cdk synth` shows
 * them, errors fail the synth as usual, and acknowledgements work.
 */

/** IPv4 ranges that never hold DynamoDB's public addresses. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '255.255.255.255/32'];

/** What the check knows about one PrivateDynamoAccess. */
interface AccessState {
  readonly access: PrivateDynamoAccess;
  readonly enabled: boolean;
  readonly prefixListId: () => string | undefined;
  readonly clients: IConstruct[];
}

const ACCESSES = new WeakMap<IConstruct, AccessState>();
/** Clients (or ECS task definitions) acknowledged to configure the endpoint themselves. */
const SELF_CONFIGURED = new WeakSet<IConstruct>();

/** Options of `addConnectivityCheck`. */
export interface ConnectivityCheckOptions {
  /** Whether this construct runs the check. */
  readonly enabled: boolean;
  /** DynamoDB's prefix-list id when known (given, or looked up by `allowFrom`). */
  readonly prefixListId: () => string | undefined;
}

/**
 * Registers `access` with the check and, when enabled, adds the validation that runs it. Constructs
 * with the check off still count as paths for the clients that another construct on the VPC checks.
 */
export function addConnectivityCheck(access: PrivateDynamoAccess, options: ConnectivityCheckOptions): void {
  const state: AccessState = { access, enabled: options.enabled, prefixListId: options.prefixListId, clients: [] };
  ACCESSES.set(access, state);
  if (options.enabled) {
    access.node.addValidation({ validate: () => runCheck(state) });
  }
}

/** Records a client passed to `allowFrom()`: it counts as a DynamoDB client even without a grant. */
export function recordAllowFromClient(access: PrivateDynamoAccess, client: ec2.IConnectable): void {
  if (Construct.isConstruct(client)) {
    ACCESSES.get(access)?.clients.push(client);
  }
}

/** Records that `client` points its SDK at the interface endpoint by itself. */
export function recordSelfConfiguredClient(client: IConstruct): void {
  SELF_CONFIGURED.add(client);
}

// ---------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------

function runCheck(state: AccessState): string[] {
  const index = synthIndexOf(state.access, state);
  const accesses = index.accessesOnVpc(state.access.vpc);
  // The first enabled construct on a VPC speaks for all of them, so that each client is judged once.
  if (accesses.find((other) => other.enabled) === state) {
    new VpcCheck(index.facts(), accesses).run();
  }
  return [];
}

/**
 * The DynamoDB gateway endpoint check's view of the app: every `AWS::EC2::VPCEndpoint` resource under
 * the app's root, from the synthesis index (`consumer` is the validation asking, see `synthIndexOf`).
 */
export function vpcEndpointResourcesOfApp(access: PrivateDynamoAccess, consumer: object): CfnResource[] {
  return synthIndexOf(access, consumer).rootEndpoints();
}

// ---------------------------------------------------------------------------------------------------
// The synthesis index
// ---------------------------------------------------------------------------------------------------

/*
 * Each construct's validations need the whole app (its endpoints, policies, rules and clients). Walking
 * the tree in each of them makes synthesis quadratic in the number of constructs, so they share one index
 * per validation pass: built from a single `findAll()` by the first validation that asks for it, and
 * dropped once every validation of the pass has used it.
 *
 * CDK validates one Stage at a time (`validateTree` stops at nested stages), after aspects and `prepare`,
 * when the tree no longer changes; so the index is keyed by the Stage of the construct (the App itself
 * for most apps) and counts the validations of that Stage that use it. A validation that asks a second
 * time belongs to a new pass (a repeated `synth()`, or one after a pass that failed half-way), and gets
 * a fresh index.
 */
const INDEXES = new WeakMap<IConstruct, SynthIndex>();

function synthIndexOf(access: PrivateDynamoAccess, consumer: object): SynthIndex {
  const scope: IConstruct = Stage.of(access) ?? access.node.root;
  let index = INDEXES.get(scope);
  if (index === undefined || index.hasServed(consumer)) {
    index = new SynthIndex(scope);
    INDEXES.set(scope, index);
  }
  if (index.serve(consumer)) {
    INDEXES.delete(scope);
  }
  return index;
}

/** The number of validations of an access that use the index: the connectivity check and the gateway check. */
function indexConsumers(state: AccessState): number {
  return (state.enabled ? 1 : 0) + (state.access.gatewayEndpoint !== undefined ? 1 : 0);
}

/** What one validation pass over a Stage knows of the app, computed once. */
class SynthIndex {
  /** Every construct of the Stage (including nested stages, as `findAll` gives them). */
  private readonly all: IConstruct[];
  /** The accesses of the Stage, in tree order. */
  private readonly accesses: AccessState[] = [];
  /** `AWS::EC2::VPCEndpoint` resources of the Stage. */
  private readonly endpoints: CfnResource[] = [];
  private readonly served = new WeakSet<object>();
  private remaining: number = 0;
  private byVpc?: Map<string, AccessState[]>;
  private appEndpoints?: CfnResource[];
  private appFacts?: AppFacts;

  constructor(private readonly scope: IConstruct) {
    this.all = scope.node.findAll();
    for (const construct of this.all) {
      const state = ACCESSES.get(construct);
      if (state !== undefined) {
        this.accesses.push(state);
        if ((Stage.of(construct) ?? construct.node.root) === scope) {
          this.remaining += indexConsumers(state);
        }
      } else if (isVpcEndpointResource(construct)) {
        this.endpoints.push(construct);
      }
    }
  }

  public hasServed(consumer: object): boolean {
    return this.served.has(consumer);
  }

  /** Records a validation that uses the index; true when it is the last one of the pass. */
  public serve(consumer: object): boolean {
    this.served.add(consumer);
    this.remaining--;
    return this.remaining <= 0;
  }

  /** The accesses on a VPC, in tree order. */
  public accessesOnVpc(vpc: ec2.IVpc): AccessState[] {
    if (this.byVpc === undefined) {
      // Two accesses are on the same VPC when they share the VPC object or its id (a literal or a token).
      this.byVpc = new Map();
      for (const state of this.accesses) {
        const vpcId = state.access.vpc.vpcId;
        const list = this.byVpc.get(vpcId);
        if (list === undefined) {
          this.byVpc.set(vpcId, [state]);
        } else {
          list.push(state);
        }
      }
    }
    return this.byVpc.get(vpc.vpcId) ?? [];
  }

  /** The `AWS::EC2::VPCEndpoint` resources of the whole app, from its root. */
  public rootEndpoints(): CfnResource[] {
    if (this.appEndpoints === undefined) {
      const root = this.scope.node.root;
      this.appEndpoints = root === this.scope ? this.endpoints : root.node.findAll().filter(isVpcEndpointResource);
    }
    return this.appEndpoints;
  }

  public facts(): AppFacts {
    this.appFacts ??= new AppFacts(this.all);
    return this.appFacts;
  }
}

function isVpcEndpointResource(construct: IConstruct): construct is CfnResource {
  return CfnResource.isCfnResource(construct) && construct.cfnResourceType === 'AWS::EC2::VPCEndpoint';
}

/** The resources of the app that each VPC's check reads: gateway endpoints, default routes, rules, grants, clients. */
class AppFacts {
  public readonly gatewayRouteTables: Array<{ stack: Stack; ids: string[] }> = [];
  public readonly defaultRoutes: Array<{ stack: Stack; routeTableId: string }> = [];
  public readonly ingressRules: Array<{ stack: Stack; groupId: string; rule: Rule }> = [];
  public readonly egressRules: Array<{ stack: Stack; groupId: string; rule: Rule }> = [];
  private readonly grants: Grants;
  private describedClients?: Client[];
  private readonly granted = new Map<Client, boolean>();

  constructor(private readonly all: IConstruct[]) {
    for (const construct of all) {
      if (construct instanceof ec2.CfnVPCEndpoint) {
        const isGateway = construct.vpcEndpointType === undefined || construct.vpcEndpointType === 'Gateway';
        if (isGateway && typeof construct.serviceName === 'string' && construct.serviceName.endsWith('.dynamodb')) {
          this.gatewayRouteTables.push({ stack: Stack.of(construct), ids: resolvedKeys(construct, construct.routeTableIds) });
        }
      } else if (construct instanceof ec2.CfnRoute) {
        if (construct.destinationCidrBlock === '0.0.0.0/0') {
          this.defaultRoutes.push({ stack: Stack.of(construct), routeTableId: key(Stack.of(construct).resolve(construct.routeTableId)) });
        }
      } else if (construct instanceof ec2.CfnSecurityGroupIngress) {
        const stack = Stack.of(construct);
        this.ingressRules.push({ stack, groupId: key(stack.resolve(construct.groupId)), rule: ruleOf(stack, construct, 'ingress') });
      } else if (construct instanceof ec2.CfnSecurityGroupEgress) {
        const stack = Stack.of(construct);
        this.egressRules.push({ stack, groupId: key(stack.resolve(construct.groupId)), rule: ruleOf(stack, construct, 'egress') });
      }
    }
    this.grants = new Grants(all);
  }

  /** The potential clients of the app, in tree order, each described once. */
  public clients(): Client[] {
    this.describedClients ??= this.all.map(describeClient).filter((client): client is Client => client !== undefined);
    return this.describedClients;
  }

  /** Whether IAM grants the client DynamoDB data access. */
  public isGranted(client: Client): boolean {
    let granted = this.granted.get(client);
    if (granted === undefined) {
      granted = client.role !== undefined && this.grants.hasDynamoAccess(client.role);
      this.granted.set(client, granted);
    }
    return granted;
  }
}

type Tri = 'yes' | 'no' | 'unknown';

/** One finding about one client. */
interface Finding {
  readonly id: string;
  /** A certain break (an error) rather than an unknown (a warning). */
  readonly certain: boolean;
  readonly message: string;
}

/** A subnet of the VPC, as the check sees it. */
interface SubnetInfo {
  readonly subnet: ec2.ISubnet;
  readonly label: string;
  readonly type: 'public' | 'private' | 'isolated';
  /** Created in this app, so all of its routes are known. */
  readonly inApp: boolean;
  readonly routeTableId?: string;
  /** Its IPv4 CIDR block, read only when a rule needs it (reading it throws for a subnet imported without one). */
  readonly cidr: () => string | undefined;
}

/** A client placed in the VPC. */
interface PlacedClient extends Client {
  readonly subnets: SubnetInfo[];
  /** Subnet ids that are not subnets of the VPC as known at synth. */
  readonly unknownSubnets: unknown[];
  /** Pointed at the interface endpoint: by its environment, or acknowledged with `acknowledgeClientConfiguration`. */
  readonly configured: boolean;
}

/** A security-group rule, resolved in the stack it is written in. */
interface Rule {
  readonly stack: Stack;
  readonly ipProtocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly cidrIp: unknown;
  readonly cidrIpv6: unknown;
  readonly prefixListId: unknown;
  readonly groupId: unknown;
}

/** What the rules of some security groups say about a kind of traffic. */
interface RuleVerdict {
  readonly verdict: Tri;
  readonly reason?: string;
}

class VpcCheck {
  private readonly vpc: ec2.IVpc;
  private readonly subnets: SubnetInfo[];
  private readonly subnetKeys = new Map<Stack, Map<string, SubnetInfo>>();
  private readonly gatewayRouteTables: Array<{ stack: Stack; ids: string[] }>;
  private readonly defaultRoutes: Array<{ stack: Stack; routeTableId: string }>;
  private readonly ingressRules: Array<{ stack: Stack; groupId: string; rule: Rule }>;
  private readonly egressRules: Array<{ stack: Stack; groupId: string; rule: Rule }>;

  constructor(private readonly facts: AppFacts, private readonly accesses: AccessState[]) {
    this.vpc = accesses[0].access.vpc;
    this.subnets = [
      ...this.vpc.publicSubnets.map((subnet) => subnetInfo(subnet, 'public')),
      ...this.vpc.privateSubnets.map((subnet) => subnetInfo(subnet, 'private')),
      ...this.vpc.isolatedSubnets.map((subnet) => subnetInfo(subnet, 'isolated')),
    ];
    this.gatewayRouteTables = facts.gatewayRouteTables;
    this.defaultRoutes = facts.defaultRoutes;
    this.ingressRules = facts.ingressRules;
    this.egressRules = facts.egressRules;
  }

  public run(): void {
    const allowFromClients = new Set(this.accesses.flatMap((state) => state.clients));
    for (const client of this.facts.clients()) {
      const counted = allowFromClients.has(client.construct) || this.facts.isGranted(client);
      const placed = counted ? this.place(client) : undefined;
      if (placed === undefined) {
        continue;
      }
      // A client has a path when one construct on the VPC gives it one; otherwise report what the
      // construct that comes closest says.
      const verdicts = this.accesses.map((state) => this.judge(placed, state));
      const best = verdicts.reduce((a, b) => (score(b) < score(a) ? b : a));
      best.forEach((finding) => report(placed.target, finding));
    }
  }

  /** The client with its subnets in this VPC, or undefined when it is not in the VPC. */
  private place(client: Client): PlacedClient | undefined {
    const index = this.subnetIndex(Stack.of(client.target));
    const subnets: SubnetInfo[] = [];
    const unknownSubnets: unknown[] = [];
    for (const subnetId of client.subnetIds) {
      const subnet = index.get(key(subnetId));
      if (subnet !== undefined) {
        subnets.push(subnet);
      } else if (!client.candidateSubnetIds) {
        unknownSubnets.push(subnetId);
      }
    }
    if (subnets.length === 0 && (client.candidateSubnetIds || !this.groupsInVpc(client))) {
      return undefined; // another VPC, a peered network, or no VPC at all: not judged
    }
    const configured = client.configuration === 'set' || client.configurationScopes.some((scope) => SELF_CONFIGURED.has(scope));
    return { ...client, subnets, unknownSubnets, configured };
  }

  /** Whether one of the client's security groups, created in this app, belongs to the VPC. */
  private groupsInVpc(client: Client): boolean {
    return client.securityGroups.some((group) => {
      const resource = group.node.defaultChild;
      return resource instanceof ec2.CfnSecurityGroup && resource.vpcId !== undefined &&
        sameValue(Stack.of(resource), Stack.of(resource).resolve(resource.vpcId), this.vpc.vpcId);
    });
  }

  private subnetIndex(stack: Stack): Map<string, SubnetInfo> {
    let index = this.subnetKeys.get(stack);
    if (index === undefined) {
      index = new Map(this.subnets.map((info) => [key(stack.resolve(info.subnet.subnetId)), info]));
      this.subnetKeys.set(stack, index);
    }
    return index;
  }

  /** The findings for one client through one construct's endpoints; none when it has a path. */
  private judge(client: PlacedClient, state: AccessState): Finding[] {
    const endpoint = state.access.endpoint;
    const viaInterface = endpoint.hasInterface && (!endpoint.hasGateway || client.configured);
    return viaInterface ? this.judgeInterface(client, state) : this.judgeGateway(client, state);
  }

  private judgeGateway(client: PlacedClient, state: AccessState): Finding[] {
    const findings: Finding[] = [];
    const who = describe(client);
    const where = `subnets that ${state.access.node.path} serves (vpcSubnets: { subnets: access.subnets })`;
    const broken: SubnetInfo[] = [];
    const unknown: string[] = client.unknownSubnets.map((subnetId) => `${label(subnetId)} (not a subnet of the VPC as known at synth)`);
    const bypass: SubnetInfo[] = [];
    for (const subnet of client.subnets) {
      if (this.servedByGateway(subnet)) {
        continue;
      }
      const other = this.otherPath(subnet, client);
      if (other === 'yes') {
        bypass.push(subnet);
      } else if (other === 'no') {
        broken.push(subnet);
      } else {
        unknown.push(`${subnet.label} (its other routes are not known at synth)`);
      }
    }
    if (broken.length > 0) {
      findings.push({
        id: ConnectivityCheck.NO_ENDPOINT_ROUTE,
        certain: true,
        message: `${who} cannot reach DynamoDB: ${plural('subnet', broken.map((subnet) => subnet.label))} no route to a DynamoDB gateway endpoint and no other way out; ` +
          `place it in ${where}, or add its subnets to that construct's subnets`,
      });
    } else if (unknown.length > 0) {
      findings.push({
        id: ConnectivityCheck.NO_ENDPOINT_ROUTE,
        certain: false,
        message: `${who} may not reach DynamoDB: the gateway endpoint of ${state.access.node.path} does not serve ${unknown.join(', ')}; ` +
          `place it in ${where}, or acknowledge this warning if its route tables have another route to DynamoDB`,
      });
    } else if (bypass.length > 0) {
      findings.push({
        id: ConnectivityCheck.BYPASSES_ENDPOINT,
        certain: false,
        message: `${who} reaches DynamoDB through the NAT or internet route of ${bypass.map((subnet) => subnet.label).join(', ')}, ` +
          `not through the gateway endpoint of ${state.access.node.path}, so the endpoint policy does not apply and NAT data charges do; ` +
          `place it in ${where}, or add its subnets to that construct's subnets`,
      });
    }

    const egress = this.egress(client, (rule) => this.reachesDynamoPublicly(rule, state));
    findings.push(...egressFindings(client, egress, state,
      'to DynamoDB (its prefix list, or 0.0.0.0/0)'));
    return findings;
  }

  private judgeInterface(client: PlacedClient, state: AccessState): Finding[] {
    const findings: Finding[] = [];
    const who = describe(client);
    const access = state.access.node.path;
    const endpointGroups = state.access.connections.securityGroups;

    const ingress = this.ingress(client, endpointGroups);
    if (ingress.verdict === 'no') {
      findings.push({
        id: ConnectivityCheck.ENDPOINT_REJECTS_CLIENT,
        certain: true,
        message: `${who} cannot reach DynamoDB: the interface endpoint's security ${plural('group', endpointGroups.map(groupLabel))} ` +
          `no inbound TCP 443 from its security groups or subnets; call allowFrom(client) on ${access}, or add its subnets' CIDR to allowedPeers`,
      });
    } else if (ingress.verdict === 'unknown') {
      findings.push({
        id: ConnectivityCheck.ENDPOINT_REJECTS_CLIENT,
        certain: false,
        message: `${who} may not reach DynamoDB: whether the interface endpoint's security groups (${endpointGroups.map(groupLabel).join(', ')}) ` +
          `admit TCP 443 from it is not known at synth (${ingress.reason}); call allowFrom(client) on ${access} (an imported group must be mutable), ` +
          'or acknowledge this warning if a rule outside this app admits it',
      });
    }

    const endpointSubnets = this.interfaceSubnets(state);
    const egress = this.egress(client, (rule) => this.reachesInterfaceEndpoint(rule, endpointGroups, endpointSubnets));
    findings.push(...egressFindings(client, egress, state, "to the interface endpoint (its security groups or subnets' CIDR)"));

    if (!client.configured) {
      const fix = `merge access.clientEnvironment of ${access} into its environment, or call access.acknowledgeClientConfiguration(client, reason) if its code sets the endpoint`;
      // Without the endpoint's name, the SDK calls DynamoDB's public name: fine through a gateway endpoint
      // (of another construct, or the VPC's own), a NAT gateway (reported), or nothing at all.
      const unserved = client.subnets.filter((subnet) => !this.servedByGateway(subnet));
      const otherPaths = unserved.map((subnet) => this.otherPath(subnet, client));
      if (client.unknownSubnets.length === 0 && unserved.length === 0) {
        return findings;
      }
      if (client.unknownSubnets.length === 0 && otherPaths.every((path) => path === 'yes')) {
        findings.push({
          id: ConnectivityCheck.BYPASSES_ENDPOINT,
          certain: false,
          message: `${who} reaches DynamoDB through the NAT or internet route of its subnets, not through the interface endpoint of ${access}, ` +
            `because ${ENDPOINT_URL_VARIABLE} is not in its environment, so the endpoint policy does not apply and NAT data charges do; ${fix}`,
        });
      } else if (client.configuration === 'missing' && otherPaths.some((path) => path === 'no')) {
        findings.push({
          id: ConnectivityCheck.NO_ENDPOINT_CONFIGURATION,
          certain: true,
          message: `${who} cannot reach DynamoDB: ${ENDPOINT_URL_VARIABLE} is not in its environment, so its SDK calls DynamoDB's public name, ` +
            `which has no route from its subnets (the interface endpoint has no private DNS); ${fix}`,
        });
      } else {
        const why = client.configuration === 'missing'
          ? `${ENDPOINT_URL_VARIABLE} is not in its environment, and whether its subnets have another way out is not known at synth`
          : `whether it calls the interface endpoint instead of DynamoDB's public name is not known at synth (${client.unreadableConfiguration ?? 'its configuration cannot be read'})`;
        findings.push({
          id: ConnectivityCheck.NO_ENDPOINT_CONFIGURATION,
          certain: false,
          message: `${who} may not reach DynamoDB: ${why}; set ${ENDPOINT_URL_VARIABLE} to access.endpointUrl of ${access} on it, ` +
            'then call access.acknowledgeClientConfiguration(client, reason)',
        });
      }
    }
    return findings;
  }

  // ---- routes ----

  private servedByGateway(subnet: SubnetInfo): boolean {
    const routeTableId = subnet.routeTableId;
    if (routeTableId === undefined) {
      return false;
    }
    return this.gatewayRouteTables.some((endpoint) => endpoint.ids.includes(key(endpoint.stack.resolve(routeTableId))));
  }

  /** Whether the subnet has a way to DynamoDB's public addresses other than an endpoint: NAT, internet gateway, transit gateway, … */
  private otherPath(subnet: SubnetInfo, client: Client): Tri {
    switch (subnet.type) {
      case 'public':
        return client.publicIp ? 'yes' : 'no';
      case 'private':
        return 'yes'; // PRIVATE_WITH_EGRESS: a NAT (or another egress) route, by the VPC's own definition
      default:
        if (subnet.routeTableId !== undefined &&
          this.defaultRoutes.some((route) => route.routeTableId === key(route.stack.resolve(subnet.routeTableId)))) {
          return 'yes';
        }
        return subnet.inApp ? 'no' : 'unknown';
    }
  }

  /** Subnets of the interface endpoint's network interfaces. */
  private interfaceSubnets(state: AccessState): SubnetInfo[] {
    const resource = state.access.interfaceEndpoint?.node.defaultChild;
    if (!(resource instanceof ec2.CfnVPCEndpoint)) {
      return [];
    }
    const stack = Stack.of(resource);
    const index = this.subnetIndex(stack);
    const ids = stack.resolve(resource.subnetIds);
    return Array.isArray(ids) ? ids.map((id) => index.get(key(id))).filter((info): info is SubnetInfo => info !== undefined) : [];
  }

  // ---- security groups ----

  /** Whether the client's security groups let TCP 443 out to a destination the predicate accepts. */
  private egress(client: Client, accepts: (rule: Rule) => Tri): RuleVerdict {
    const groups = client.securityGroups;
    if (groups.some((group) => group.allowAllOutbound)) {
      return { verdict: 'yes' };
    }
    const reasons: string[] = [];
    let verdict: Tri = 'no';
    for (const group of groups) {
      for (const rule of this.rulesOf(group, 'egress')) {
        const port = coversHttps(rule);
        if (port === 'no') {
          continue;
        }
        const result = port === 'unknown' ? 'unknown' : accepts(rule);
        if (result === 'yes') {
          return { verdict: 'yes' };
        }
        if (result === 'unknown') {
          verdict = 'unknown';
          reasons.push(`a rule of ${groupLabel(group)} has a destination or port that is a token or not judged`);
        }
      }
      if (!isInApp(group)) {
        verdict = 'unknown';
        reasons.push(`${groupLabel(group)} is imported and restricts outbound traffic, so its rules are not known`);
      }
    }
    return { verdict, reason: reasons.join('; ') };
  }

  /** Whether the endpoint's security groups admit TCP 443 from the client. */
  private ingress(client: PlacedClient, endpointGroups: ec2.ISecurityGroup[]): RuleVerdict {
    const reasons: string[] = [];
    let verdict: Tri = 'no';
    for (const group of endpointGroups) {
      for (const rule of this.rulesOf(group, 'ingress')) {
        const port = coversHttps(rule);
        if (port === 'no') {
          continue;
        }
        const result = port === 'unknown' ? 'unknown' : this.admits(rule, client);
        if (result === 'yes') {
          return { verdict: 'yes' };
        }
        if (result === 'unknown') {
          verdict = 'unknown';
          reasons.push(`a rule of ${groupLabel(group)} has a source or port that is a token or not judged`);
        }
      }
      if (!isInApp(group)) {
        verdict = 'unknown';
        reasons.push(`${groupLabel(group)} is imported, so its rules are not known`);
      }
    }
    return { verdict, reason: reasons.join('; ') };
  }

  /** The rules of a security group: inline ones of a group built in this app, and rule resources naming it. */
  private rulesOf(group: ec2.ISecurityGroup, direction: 'ingress' | 'egress'): Rule[] {
    const rules: Rule[] = [];
    const resource = group.node.defaultChild;
    if (resource instanceof ec2.CfnSecurityGroup) {
      const stack = Stack.of(resource);
      const inline = stack.resolve(direction === 'ingress' ? resource.securityGroupIngress : resource.securityGroupEgress);
      if (Array.isArray(inline)) {
        rules.push(...inline.map((raw) => ruleOf(stack, raw, direction)));
      }
    }
    for (const entry of direction === 'ingress' ? this.ingressRules : this.egressRules) {
      if (entry.groupId === key(entry.stack.resolve(group.securityGroupId))) {
        rules.push(entry.rule);
      }
    }
    return rules;
  }

  /** Whether an ingress rule of the endpoint admits the client. */
  private admits(rule: Rule, client: PlacedClient): Tri {
    if (rule.groupId !== undefined) {
      return client.securityGroups.some((group) => sameValue(rule.stack, rule.groupId, group.securityGroupId)) ? 'yes' : 'no';
    }
    if (rule.cidrIp !== undefined) {
      if (rule.cidrIp === '0.0.0.0/0' || sameValue(rule.stack, rule.cidrIp, this.vpc.vpcCidrBlock)) {
        return client.unknownSubnets.length === 0 ? 'yes' : 'unknown';
      }
      return cidrCoversAll(rule.cidrIp, client.subnets, client.unknownSubnets.length === 0);
    }
    return rule.prefixListId !== undefined ? 'unknown' : 'no';
  }

  /** Whether an egress rule's destination covers DynamoDB's public addresses (gateway, NAT). */
  private reachesDynamoPublicly(rule: Rule, state: AccessState): Tri {
    if (rule.prefixListId !== undefined) {
      const known = this.accesses.map((other) => other.prefixListId()).filter((id): id is string => id !== undefined);
      if (known.some((id) => sameValue(rule.stack, rule.prefixListId, id))) {
        return 'yes';
      }
      const ours = state.prefixListId();
      return typeof rule.prefixListId === 'string' && ours !== undefined && !Token.isUnresolved(ours) ? 'no' : 'unknown';
    }
    if (rule.cidrIp !== undefined) {
      if (rule.cidrIp === '0.0.0.0/0') {
        return 'yes';
      }
      if (sameValue(rule.stack, rule.cidrIp, this.vpc.vpcCidrBlock)) {
        return 'no';
      }
      if (typeof rule.cidrIp === 'string' && isIpv4Cidr(rule.cidrIp)) {
        return PRIVATE_RANGES.some((range) => cidrContains(range, rule.cidrIp as string)) ? 'no' : 'unknown';
      }
      return 'unknown';
    }
    return rule.groupId !== undefined || rule.cidrIpv6 !== undefined ? 'no' : 'unknown';
  }

  /** Whether an egress rule's destination covers the interface endpoint's network interfaces. */
  private reachesInterfaceEndpoint(rule: Rule, endpointGroups: ec2.ISecurityGroup[], endpointSubnets: SubnetInfo[]): Tri {
    if (rule.groupId !== undefined) {
      return endpointGroups.some((group) => sameValue(rule.stack, rule.groupId, group.securityGroupId)) ? 'yes' : 'no';
    }
    if (rule.cidrIp !== undefined) {
      if (rule.cidrIp === '0.0.0.0/0' || sameValue(rule.stack, rule.cidrIp, this.vpc.vpcCidrBlock)) {
        return 'yes';
      }
      return cidrCoversAll(rule.cidrIp, endpointSubnets, endpointSubnets.length > 0);
    }
    return rule.prefixListId !== undefined ? 'unknown' : 'no';
  }
}

/** Lower is better: no finding, then fewer errors, then fewer warnings. */
function score(findings: Finding[]): number {
  return findings.filter((finding) => finding.certain).length * 1000 + findings.length;
}

function egressFindings(client: PlacedClient, egress: RuleVerdict, state: AccessState, destination: string): Finding[] {
  const who = describe(client);
  const groups = client.securityGroups.map(groupLabel);
  const fix = `call allowFrom(client) on ${state.access.node.path} to add the egress rule`;
  if (egress.verdict === 'no') {
    return [{
      id: ConnectivityCheck.NO_HTTPS_EGRESS,
      certain: true,
      message: `${who} cannot reach DynamoDB: its security ${plural('group', groups)} no outbound TCP 443 ${destination}; ${fix}`,
    }];
  }
  if (egress.verdict === 'unknown') {
    return [{
      id: ConnectivityCheck.NO_HTTPS_EGRESS,
      certain: false,
      message: `${who} may not reach DynamoDB: whether its security groups (${groups.join(', ')}) allow outbound TCP 443 ${destination} ` +
        `is not known at synth (${egress.reason}); ${fix}, or acknowledge this warning if a rule outside this app allows it`,
    }];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------------

/**
 * Reports a finding on the client's resource. Warnings go through `addWarningV2`, which drops them when
 * the id is acknowledged on the resource's scopes (the client, its stack, …). CDK has no acknowledgement
 * for errors and no public way to ask whether an id is acknowledged, so a certain break is first added
 * as that warning: if CDK keeps it, it is not acknowledged and is turned into an error; if CDK drops
 * it, the user acknowledged the id and nothing is reported.
 *
 * Findings go on the client's resource rather than on the client itself because CDK honours an
 * acknowledgement made on a scope for warnings added to the scopes below it.
 */
function report(target: IConstruct, finding: Finding): void {
  const annotations = Annotations.of(target);
  annotations.addWarningV2(finding.id, finding.message);
  if (!finding.certain) {
    return;
  }
  const tagged = `${finding.message} [ack: ${finding.id}]`;
  const kept = target.node.metadata.some((entry) => entry.type === ArtifactMetadataEntryType.WARN && entry.data === tagged);
  if (kept) {
    annotations.acknowledgeWarning(finding.id, 'reported as an error instead');
    annotations.addError(tagged);
  }
}

function describe(client: Client): string {
  return `${client.kind} ${client.construct.node.path}`;
}

function plural(noun: string, labels: string[]): string {
  return labels.length === 1 ? `${noun} ${labels[0]} has` : `${noun}s ${labels.join(', ')} have`;
}

function groupLabel(group: ec2.ISecurityGroup): string {
  return isInApp(group) || Token.isUnresolved(group.securityGroupId) ? group.node.path : group.securityGroupId;
}

function label(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isInApp(group: ec2.ISecurityGroup): boolean {
  return group.node.defaultChild instanceof ec2.CfnSecurityGroup;
}

// ---------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------

function subnetInfo(subnet: ec2.ISubnet, type: SubnetInfo['type']): SubnetInfo {
  let cidr: { value: string | undefined } | undefined;
  const readCidr = (): string | undefined => {
    if (cidr === undefined) {
      try {
        cidr = { value: subnet.ipv4CidrBlock };
      } catch {
        cidr = { value: undefined }; // imported without its CIDR block
      }
    }
    return cidr.value;
  };
  const inApp = subnet.node.defaultChild instanceof ec2.CfnSubnet;
  return {
    subnet,
    type,
    inApp,
    label: inApp || Token.isUnresolved(subnet.subnetId) ? subnet.node.path : subnet.subnetId,
    routeTableId: subnet.routeTable?.routeTableId || undefined,
    cidr: readCidr,
  };
}

function ruleOf(stack: Stack, raw: any, direction: 'ingress' | 'egress'): Rule {
  const value = (name: string) => (raw[name] === undefined ? undefined : stack.resolve(raw[name]));
  return {
    stack,
    ipProtocol: value('ipProtocol'),
    fromPort: value('fromPort'),
    toPort: value('toPort'),
    cidrIp: value('cidrIp'),
    cidrIpv6: value('cidrIpv6'),
    prefixListId: value(direction === 'ingress' ? 'sourcePrefixListId' : 'destinationPrefixListId'),
    groupId: value(direction === 'ingress' ? 'sourceSecurityGroupId' : 'destinationSecurityGroupId'),
  };
}

/** Whether a rule's protocol and ports include TCP 443. */
function coversHttps(rule: Rule): Tri {
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

/** The resolved entries of a list property, as keys. */
function resolvedKeys(scope: IConstruct, value: unknown): string[] {
  return listOf(Stack.of(scope).resolve(value)).map(key);
}

/** Whether a value resolved in `stack` is the token (or literal) `value`, as seen from that stack. */
function sameValue(stack: Stack, resolved: unknown, value: string): boolean {
  return key(resolved) === key(stack.resolve(value));
}

/** Whether a (resolved) CIDR covers every subnet; unknown when a CIDR is not a literal or a subnet is unknown. */
function cidrCoversAll(cidr: unknown, subnets: SubnetInfo[], complete: boolean): Tri {
  if (typeof cidr !== 'string' || !isIpv4Cidr(cidr)) {
    return typeof cidr === 'string' ? 'no' : 'unknown'; // an IPv6 literal never matches IPv4 traffic
  }
  const cidrs = subnets.map((subnet) => subnet.cidr());
  if (cidrs.length === 0 || cidrs.some((subnetCidr) => subnetCidr === undefined || Token.isUnresolved(subnetCidr))) {
    return 'unknown';
  }
  if (cidrs.every((subnetCidr) => cidrContains(cidr, subnetCidr as string))) {
    return complete ? 'yes' : 'unknown';
  }
  return 'no';
}

function isIpv4Cidr(cidr: string): boolean {
  return /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(cidr);
}

function cidrContains(outer: string, inner: string): boolean {
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
