import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/**
 * What the construct needs to know of a VPC and its subnets, each fact with an error that names the prop
 * when the VPC cannot give it. Internal module.
 */

/** The subnets a selection picks, `undefined` for no selection; errors from the VPC name the prop. */
export function selectSubnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined, propName: string): ec2.ISubnet[] | undefined {
  if (selection === undefined) {
    return undefined;
  }
  try {
    return vpc.selectSubnets(selection).subnets;
  } catch (error) {
    throw new Error(
      `${propName}: the selection ${describeSelection(selection)} does not work on VPC ${vpc.node.path}: ${(error as Error).message}; ` +
      'select subnet types or group names that the VPC has',
    );
  }
}

/**
 * One subnet for each distinct route table, so that the gateway endpoint serves each once. Fails for a
 * subnet whose route table is not known (an imported VPC without route table ids).
 */
export function oneSubnetPerRouteTable(subnets: ec2.ISubnet[]): ec2.ISubnet[] {
  const byRouteTable = new Map<string, ec2.ISubnet>();
  for (const subnet of subnets) {
    const routeTableId = subnet.routeTable?.routeTableId;
    if (routeTableId === undefined || routeTableId === '') {
      throw new Error(
        `subnets: subnet ${subnet.subnetId} has no known route table id, so the gateway endpoint cannot be attached to it; ` +
        'import the VPC with its route table ids (Vpc.fromVpcAttributes({ privateSubnetRouteTableIds / isolatedSubnetRouteTableIds }), or Vpc.fromLookup), or select other subnets',
      );
    }
    if (!byRouteTable.has(routeTableId)) {
      byRouteTable.set(routeTableId, subnet);
    }
  }
  return [...byRouteTable.values()];
}

/** The VPC's primary IPv4 CIDR block, the default allowed peer; an imported VPC may lack it. */
export function vpcCidrBlockOf(vpc: ec2.IVpc): string {
  try {
    return vpc.vpcCidrBlock;
  } catch {
    throw new Error(
      `endpoint.interfaceOptions.allowedPeers: not given, so the endpoint would admit the VPC's CIDR block, but VPC ${vpc.node.path} (${vpc.vpcId}) was imported without it; ` +
      'pass allowedPeers (e.g. [ec2.Peer.ipv4(\'10.0.0.0/16\')], or [] to admit only allowFrom() clients), or import the VPC with its vpcCidrBlock',
    );
  }
}

export function availabilityZoneOf(subnet: ec2.ISubnet): string {
  try {
    return subnet.availabilityZone;
  } catch {
    throw new Error(
      `endpoint.interfaceOptions.subnets: subnet ${subnet.subnetId} was imported without its Availability Zone, which the interface endpoint needs (one network interface per zone); ` +
      'import it with ec2.Subnet.fromSubnetAttributes({ subnetId, availabilityZone })',
    );
  }
}

/**
 * True for a VPC built in this app with no IPv6 block; false for one that has one or that is imported
 * (unknown, so not judged).
 */
export function isIpv4Only(vpc: ec2.IVpc): boolean {
  if (!(vpc instanceof ec2.Vpc)) {
    return false;
  }
  return !vpc.node.findAll().some((child) => child instanceof ec2.CfnVPCCidrBlock &&
    (child.amazonProvidedIpv6CidrBlock !== undefined || child.ipv6CidrBlock !== undefined ||
      child.ipv6Pool !== undefined || child.ipv6IpamPoolId !== undefined));
}

export function describeSelection(selection: ec2.SubnetSelection | undefined): string {
  if (selection === undefined) {
    return 'default: every private and isolated subnet';
  }
  // Subnet filters are class instances: show each as its class name and its data (one level, so that a
  // filter holding a construct cannot make this loop or throw).
  const isData = (value: unknown): boolean => value === null || typeof value !== 'object' ||
    (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object'));
  return JSON.stringify({ ...selection, subnets: selection.subnets?.map((subnet) => subnet.subnetId) }, (_key, value) =>
    value !== undefined && typeof value === 'object' && !Array.isArray(value) && value.constructor !== Object
      ? { [value.constructor.name]: Object.fromEntries(Object.entries(value).filter(([, item]) => isData(item))) }
      : value);
}

export function describeRouteTables(scope: Construct, routeTableIds: string[]): string {
  return routeTableIds.map((routeTableId) => (Token.isUnresolved(routeTableId)
    ? JSON.stringify(Stack.of(scope).resolve(routeTableId))
    : routeTableId)).join(', ');
}
