import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Client, isSelfConfigured } from './clients';
import { AccessView } from '../access-view';
import { isBuiltInApp, key, renderConstruct, resolveIn, sameEnvironment, sameValue } from '../cfn-values';
import { Endpoints, RuleData, Tri, VpcCidr } from '../network-rules';
import { AppFacts, GatewayFact, ruleOf } from './app-facts';
import { isSubnetBuiltInApp, SubnetKind, subnetsOfVpc, tryIpv4CidrOf, tryVpcCidrBlockOf, vpcCidrLiteralOf } from '../vpc-facts';
import { workloadEndpointsOf } from '../workload/registry';

/*
 * One VPC's network as the connectivity check sees it: its subnets, which route tables a DynamoDB gateway
 * endpoint serves, which have another way out, which security-group rules apply, and where each client
 * sits. Facts only: judging them is ./judge.ts. Only stacks of the VPC's environment are read.
 */

/** A subnet of the VPC, as the check sees it. */
export interface SubnetInfo {
  readonly subnet: ec2.ISubnet;
  readonly label: string;
  readonly kind: SubnetKind;
  /** Created in this app, so all of its routes are known. */
  readonly builtInApp: boolean;
  readonly routeTableId?: string;
  /** Its IPv4 CIDR block, read only when a rule needs it (an imported subnet may lack it). */
  readonly cidr: () => string | undefined;
}

/** A client placed in the VPC. */
export interface PlacedClient extends Client {
  readonly subnets: SubnetInfo[];
  /** Subnet ids that are not subnets of the VPC as known at synth. */
  readonly unknownSubnets: unknown[];
  /** Pointed at the interface endpoint: by its environment, or acknowledged with `acknowledgeClientConfiguration`. */
  readonly configured: boolean;
}

/** A rule with the stack whose view its values are resolved in. */
interface StackRule {
  readonly stack: Stack;
  readonly rule: RuleData;
}

export class VpcNetwork {
  public readonly vpc: ec2.IVpc;
  private readonly stack: Stack;
  private readonly subnets: SubnetInfo[];
  private readonly subnetKeys = new Map<Stack, Map<string, SubnetInfo>>();
  private readonly vpcCidrLiteral?: string;

  /** Subnets served by gateway endpoints owned elsewhere (`DynamoEndpoint.existingGateway`), with the endpoint as messages name it. */
  private readonly existingGatewaySubnets: Map<ec2.ISubnet, string>;

  constructor(private readonly facts: AppFacts, access: AccessView, private readonly accesses: AccessView[]) {
    this.vpc = access.vpc;
    this.existingGatewaySubnets = new Map(accesses.flatMap((other) => other.existingGatewaySubnets.map((subnet): [ec2.ISubnet, string] =>
      [subnet, `${other.gatewayEndpoint === undefined ? 'the gateway endpoint' : renderConstruct(other.gatewayEndpoint, other.gatewayEndpoint.vpcEndpointId)} (owned elsewhere)`])));
    this.stack = Stack.of(access.construct);
    this.subnets = subnetsOfVpc(this.vpc).map(({ subnet, kind }) => subnetInfo(subnet, kind));
    this.vpcCidrLiteral = vpcCidrLiteralOf(this.vpc);
  }

  /** Whether a stack can hold clients of this VPC: it deploys to the VPC's account and region. */
  public inEnvironment(stack: Stack): boolean {
    return sameEnvironment(stack, this.stack);
  }

  /** The client with its subnets in this VPC, or undefined when it is not in the VPC. */
  public place(client: Client): PlacedClient | undefined {
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
    const configured = client.configuration === 'set' || isSelfConfigured(client);
    return { ...client, subnets, unknownSubnets, configured };
  }

  /** Whether a DynamoDB gateway endpoint of the app (or one owned elsewhere that an access names) serves the subnet's route table. */
  public servedByGateway(subnet: SubnetInfo): boolean {
    if (this.existingGatewaySubnets.has(subnet.subnet)) {
      return true;
    }
    return this.gatewaysOf(subnet).length > 0;
  }

  /**
   * The DynamoDB gateway endpoints that serve the subnet's route table, and whether each routes IPv6: one
   * of the app (its `IpAddressType`), or one owned elsewhere (not known).
   */
  public gatewaysServing(subnet: SubnetInfo): Array<{ readonly label: string; readonly routesIpv6: Tri }> {
    const existing = this.existingGatewaySubnets.get(subnet.subnet);
    return [
      ...(existing === undefined ? [] : [{ label: existing, routesIpv6: 'unknown' as const }]),
      ...this.gatewaysOf(subnet).map((endpoint) => ({ label: endpoint.label, routesIpv6: endpoint.routesIpv6 })),
    ];
  }

  /** The app's DynamoDB gateway endpoints that serve the subnet's route table. */
  private gatewaysOf(subnet: SubnetInfo): GatewayFact[] {
    const routeTableId = subnet.routeTableId;
    if (routeTableId === undefined) {
      return [];
    }
    // The same route table is the same literal id, or the same reference token, in every stack.
    return this.facts.gatewayRouteTables.filter((endpoint) => this.inEnvironment(endpoint.stack) && endpoint.ids.includes(routeTableId));
  }

  /** Whether the subnet has a way to DynamoDB's public addresses other than an endpoint: NAT, internet gateway, transit gateway, … */
  public otherPath(subnet: SubnetInfo, client: Client): Tri {
    switch (subnet.kind) {
      case 'public':
        return client.publicIp ? 'yes' : 'no';
      case 'private':
        return 'yes'; // PRIVATE_WITH_EGRESS: a NAT (or another egress) route, by the VPC's own definition
      default:
        if (subnet.routeTableId !== undefined && this.facts.defaultRoutes.some((route) => this.inEnvironment(route.stack) &&
          route.routeTableId === key(resolveIn(route.stack, subnet.routeTableId)))) {
          return 'yes';
        }
        return subnet.builtInApp ? 'no' : 'unknown';
    }
  }

  /** Subnets of an access's interface endpoint network interfaces. */
  public interfaceSubnets(access: AccessView): SubnetInfo[] {
    const resource = access.interfaceEndpoint?.node.defaultChild;
    return resource instanceof ec2.CfnVPCEndpoint ? this.endpointSubnets(resource) : [];
  }

  /** Every subnet of the VPC, as the check sees it. */
  public allSubnets(): SubnetInfo[] {
    return this.subnets;
  }

  /** Subnets of an interface endpoint's network interfaces. */
  public endpointSubnets(resource: ec2.CfnVPCEndpoint): SubnetInfo[] {
    const stack = Stack.of(resource);
    const index = this.subnetIndex(stack);
    const ids = resolveIn(stack, resource.subnetIds);
    return Array.isArray(ids) ? ids.map((id) => index.get(key(id))).filter((info): info is SubnetInfo => info !== undefined) : [];
  }

  /** The rules of a security group: inline ones of a group built in this app, and rule resources naming it. */
  public rulesOf(group: ec2.ISecurityGroup, direction: 'ingress' | 'egress'): StackRule[] {
    const rules: StackRule[] = [];
    const resource = group.node.defaultChild;
    if (resource instanceof ec2.CfnSecurityGroup) {
      const stack = Stack.of(resource);
      const inline = resolveIn(stack, direction === 'ingress' ? resource.securityGroupIngress : resource.securityGroupEgress);
      if (Array.isArray(inline)) {
        rules.push(...inline.map((raw) => ({ stack, rule: ruleOf(stack, raw, direction) })));
      }
    }
    for (const entry of direction === 'ingress' ? this.facts.ingressRules : this.facts.egressRules) {
      if (this.inEnvironment(entry.stack) && entry.groupKey === key(resolveIn(entry.stack, group.securityGroupId))) {
        rules.push({ stack: entry.stack, rule: entry.rule });
      }
    }
    return rules;
  }

  /**
   * The AWS-managed prefix lists of public service addresses that the app knows (DynamoDB's, given or looked
   * up; S3's, looked up by `addEndpointsFor`), as rules written in `stack` refer to them.
   */
  public publicPrefixLists(stack: Stack): string[] {
    const ids = [...this.accesses.map((access) => access.prefixListId()), workloadEndpointsOf(this.vpc, this.vpc)?.s3PrefixListId];
    return ids.filter((id): id is string => id !== undefined).map((id) => resolveIn(stack, id)).filter((id) => id !== undefined).map(key);
  }

  /** The VPC's primary CIDR block as rules written in `stack` refer to it. */
  public vpcCidr(stack: Stack): VpcCidr {
    const cidrToken = tryVpcCidrBlockOf(this.vpc);
    const resolved = cidrToken === undefined ? undefined : resolveIn(stack, cidrToken);
    return { key: resolved === undefined ? undefined : key(resolved), literal: this.vpcCidrLiteral };
  }

  /** A client's groups and subnets as rules written in `stack` refer to them. */
  public clientEndpoints(client: PlacedClient, stack: Stack): Endpoints {
    return {
      groupKeys: groupKeys(client.securityGroups, stack),
      subnetCidrs: client.subnets.map((subnet) => subnet.cidr()),
      complete: client.unknownSubnets.length === 0,
    };
  }

  /** An interface endpoint's groups and subnets as rules written in `stack` refer to them. */
  public endpointEndpoints(groups: ec2.ISecurityGroup[], subnets: SubnetInfo[], stack: Stack): Endpoints {
    return { groupKeys: groupKeys(groups, stack), subnetCidrs: subnets.map((subnet) => subnet.cidr()), complete: true };
  }

  /** Whether one of the client's security groups, created in this app, belongs to the VPC. */
  private groupsInVpc(client: Client): boolean {
    return client.securityGroups.some((group) => {
      const resource = group.node.defaultChild;
      return resource instanceof ec2.CfnSecurityGroup && resource.vpcId !== undefined &&
        sameValue(Stack.of(resource), resolveIn(Stack.of(resource), resource.vpcId), this.vpc.vpcId);
    });
  }

  private subnetIndex(stack: Stack): Map<string, SubnetInfo> {
    let index = this.subnetKeys.get(stack);
    if (index === undefined) {
      index = new Map();
      for (const info of this.subnets) {
        const resolved = resolveIn(stack, info.subnet.subnetId);
        if (resolved !== undefined) {
          index.set(key(resolved), info);
        }
      }
      this.subnetKeys.set(stack, index);
    }
    return index;
  }
}

/** A client's subnet ids that are not subnets of the VPC, as messages name them. */
export function unknownSubnetLabels(client: PlacedClient): string[] {
  return client.unknownSubnets.map((subnetId) => `${key(subnetId)} (not a subnet of the VPC as known at synth)`);
}

function groupKeys(groups: ec2.ISecurityGroup[], stack: Stack): string[] {
  return groups.map((group) => resolveIn(stack, group.securityGroupId)).filter((id) => id !== undefined).map(key);
}

/** A security group as messages name it: its path when built here, else its id. */
export function groupLabel(group: ec2.ISecurityGroup): string {
  return renderConstruct(group, group.securityGroupId);
}

export function isGroupBuiltInApp(group: ec2.ISecurityGroup): boolean {
  return isBuiltInApp(group) && group.node.defaultChild instanceof ec2.CfnSecurityGroup;
}

function subnetInfo(subnet: ec2.ISubnet, kind: SubnetKind): SubnetInfo {
  let cidr: { value: string | undefined } | undefined;
  const readCidr = (): string | undefined => {
    if (cidr === undefined) {
      const value = tryIpv4CidrOf(subnet);
      cidr = { value: value === undefined || Token.isUnresolved(value) ? undefined : value };
    }
    return cidr.value;
  };
  const builtInApp = isSubnetBuiltInApp(subnet);
  return {
    subnet,
    kind,
    builtInApp,
    label: renderConstruct(subnet, subnet.subnetId),
    routeTableId: subnet.routeTable?.routeTableId || undefined,
    cidr: readCidr,
  };
}
