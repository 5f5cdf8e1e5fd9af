import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { describeEnvironment, isBuiltInApp, sameEnvironment } from './cfn-values';
import { propError } from './errors';
import { warn } from './report';
import { addStackReference, describeCycle } from './stack-references';
import { availabilityZoneOf, describeSelection, isIpv4Only, onePerZone, otherVpcOf, selectSubnets } from './vpc-facts';
import { AccessWarning } from '../access-warning';
import type { DynamoEndpoint, InterfaceEndpointOptions } from '../dynamo-endpoint';
import type { NewVpcOptions } from '../new-vpc-options';

/*
 * The validation steps of `PrivateDynamoAccess`, each named for what it checks, each failing with an
 * error that names the prop (or method), shows the value and says how to fix it. Internal module: the
 * construct runs them before it builds anything with the input.
 */

/** How many Availability Zones AWS recommends for a PrivateLink (interface) endpoint. */
const RECOMMENDED_ZONES = 3;

/** `vpc` and `vpcOptions` exclude each other; a given VPC is of the construct's account and region. */
export function validateVpcChoice(scope: Construct, vpc: ec2.IVpc | undefined, vpcOptions: NewVpcOptions | undefined): void {
  if (vpc !== undefined && vpcOptions !== undefined) {
    throw propError('vpcOptions',
      `given together with vpc (${vpc.node.path}), but vpcOptions only shape a VPC that PrivateDynamoAccess creates`,
      'remove vpcOptions to use your VPC, or remove vpc to have one created');
  }
  if (vpc !== undefined && !sameEnvironment(Stack.of(vpc), Stack.of(scope))) {
    throw propError('vpc',
      `${vpc.node.path} is in stack ${Stack.of(vpc).node.path} (${describeEnvironment(Stack.of(vpc))}), but ${scope.node.path} is in ${describeEnvironment(Stack.of(scope))}, ` +
      'and a stack can only use a VPC of its own account and region',
      `create the PrivateDynamoAccess in a stack of ${describeEnvironment(Stack.of(vpc))}, or import the VPC there with ec2.Vpc.fromLookup`);
  }
}

/** With an endpoint owned elsewhere, the props that shape the endpoint policy cannot apply: refused, not ignored. */
export function validatePolicyProps(
  endpoint: DynamoEndpoint, props: { tables?: unknown; actions?: unknown; principalOrgId?: unknown; tableTag?: unknown },
): void {
  if (endpoint._createsEndpoints) {
    return;
  }
  const given = (['tables', 'actions', 'principalOrgId', 'tableTag'] as const).filter((name) => props[name] !== undefined);
  if (given.length > 0) {
    throw propError(given[0],
      `given with DynamoEndpoint.${endpoint._existingGatewayOptions !== undefined ? 'existingGateway' : 'existingInterface'}(), whose endpoint policy belongs to its owner, so ${given.join(', ')} would have no effect`,
      `remove ${given.join(', ')}, and ask the endpoint's owner for the perimeter you need (or let this construct create the endpoint)`);
  }
}

/** The subnets given access: the selection, or every private and isolated subnet; each must be a subnet of the VPC. */
export function accessSubnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined): ec2.ISubnet[] {
  const subnets = selectSubnets(vpc, selection, 'subnets') ?? [...vpc.privateSubnets, ...vpc.isolatedSubnets];
  if (subnets.length === 0) {
    throw propError('subnets', `selected no subnet in VPC ${vpc.node.path} (selection: ${describeSelection(selection)})`,
      'select subnets that exist in the VPC, e.g. { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, or give a VPC with private or isolated subnets');
  }
  for (const subnet of subnets) {
    const other = otherVpcOf(vpc, subnet);
    if (other !== undefined) {
      throw propError('subnets',
        `subnet ${subnet.node.path} belongs to VPC ${other.node.path}, not to VPC ${vpc.node.path}, so its route table and network interfaces are out of this VPC's reach`,
        'select subnets of the VPC given as vpc, or pass the subnet\'s own VPC as vpc');
    }
  }
  return subnets;
}

/**
 * The security groups of an `allowFrom` client; `undefined` for a peer (a CIDR block or a prefix list),
 * which only an interface endpoint can admit. Fails, naming `allowFrom`, for a client that has neither.
 */
export function clientSecurityGroups(client: ec2.IConnectable, endpoint: DynamoEndpoint): ec2.ISecurityGroup[] | undefined {
  let groups: ec2.ISecurityGroup[] | undefined;
  try {
    groups = client?.connections?.securityGroups;
  } catch (error) {
    throw propError('allowFrom', `${describeClient(client)} has no network connections (${(error as Error).message})`,
      'pass a construct placed in the VPC with security groups, e.g. a Lambda function with vpc and vpcSubnets set');
  }
  if (!Array.isArray(groups)) {
    throw propError('allowFrom', `${describeClient(client)} has no security groups (no connections)`,
      'pass a Lambda function, ECS service, instance or other construct with security groups in the VPC, or a peer such as ec2.Peer.ipv4(cidr) in interface mode');
  }
  const isPeer = groups.length === 0 && typeof (client as ec2.IPeer).toIngressRuleConfig === 'function';
  if (!isPeer) {
    if (groups.length === 0) {
      throw propError('allowFrom', `${describeClient(client)} has no security groups`, 'give it a security group in the VPC, then call allowFrom again');
    }
    return groups;
  }
  if (!endpoint._hasInterface) {
    throw propError('allowFrom',
      `${(client as ec2.IPeer).uniqueId} is a peer (an address range), but a gateway endpoint has no security group that could admit it, and a gateway serves only traffic that starts in the VPC`,
      'in gateway mode pass clients with security groups in the VPC; to admit a network outside the VPC use DynamoEndpoint.interface({ allowedPeers }) or gatewayAndInterface');
  }
  return undefined;
}

export function describeClient(client: unknown): string {
  return Construct.isConstruct(client) ? (client as IConstruct).node.path : String((client as ec2.IPeer | undefined)?.uniqueId ?? client);
}

/** Subnets for the interface endpoint's network interfaces: one per Availability Zone, warning when there is only one. */
export function interfaceSubnets(scope: Construct, vpc: ec2.IVpc, accessSubnetList: ec2.ISubnet[], options: InterfaceEndpointOptions): ec2.ISubnet[] {
  const propName = 'endpoint.subnets';
  const selected = selectSubnets(vpc, options.subnets, propName) ?? accessSubnetList;
  if (selected.length === 0) {
    throw propError(propName, `selected no subnet in VPC ${vpc.node.path} (selection: ${describeSelection(options.subnets)})`,
      'select subnets that exist in the VPC, or omit subnets to use the subnets given access');
  }
  const subnets = onePerZone(selected, propName);
  if (subnets.length === 1) {
    warn(scope, AccessWarning.INTERFACE_SINGLE_AZ, propName,
      `the interface endpoint's subnets are all in one Availability Zone (${availabilityZoneOf(subnets[0], propName)}), so it fails with that zone, ` +
      `and AWS recommends at least ${RECOMMENDED_ZONES} for PrivateLink endpoints`,
      `select subnets in ${RECOMMENDED_ZONES} or more zones, or acknowledge this warning`);
  }
  return subnets;
}

/** An allowed peer must be able to match: no IPv6 peer on a VPC without IPv6. */
export function validateAllowedPeer(vpc: ec2.IVpc, peer: ec2.IPeer, index: number): void {
  const rule = peer.toIngressRuleConfig();
  if (rule.cidrIpv6 !== undefined && isIpv4Only(vpc)) {
    throw propError(`endpoint.allowedPeers[${index}]`,
      `${peer.uniqueId} is an IPv6 peer, but VPC ${vpc.node.path} has no IPv6 addresses, so the rule could never match`,
      'pass IPv4 peers (e.g. ec2.Peer.ipv4(\'10.0.0.0/16\')), or add an IPv6 CIDR block to the VPC');
  }
}

/**
 * Records the references between stacks that the construct's props make (a VPC of another stack, tables
 * of other stacks named by reference), and refuses the one that would make stacks refer to each other,
 * which aws-cdk-lib would only report as a generic cyclic reference.
 */
export function validateNoStackCycle(scope: Construct, vpc: ec2.IVpc | undefined, referencedTables: dynamodb.ITable[]): void {
  const stack = Stack.of(scope);
  if (vpc !== undefined && isBuiltInApp(vpc)) {
    const cycle = addStackReference(stack, Stack.of(vpc));
    if (cycle !== undefined) {
      throw propError('vpc', `${vpc.node.path} is in a stack that already refers to this one (${describeCycle(cycle)}), so the stacks would refer to each other`,
        'create the PrivateDynamoAccess in the VPC\'s stack, or give the tables that the other stack lists fixed names (tableName)');
    }
  }
  for (const table of referencedTables) {
    const cycle = addStackReference(stack, Stack.of(table));
    if (cycle !== undefined) {
      throw propError('tables', `${table.node.path} is in a stack that already refers to this one (${describeCycle(cycle)}), so the stacks would refer to each other`,
        'give the table a fixed name (tableName), which the endpoint policy then writes without a reference, admit it by tableTag, or omit tables');
    }
  }
}
