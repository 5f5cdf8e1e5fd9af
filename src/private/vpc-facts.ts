import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { isBuiltInApp, renderValue } from './cfn-values';
import { propError } from './errors';
import { cidrContains, isIpv4Cidr } from './network-rules';

/*
 * What the construct and the connectivity check need to know of a VPC and its subnets. Internal module,
 * and the one home of the readers of attributes that an imported VPC or subnet may lack (reading them
 * throws): each has a `try…` form that answers `undefined`, and a form whose error names the prop.
 */

/** The kind of a subnet, as the VPC lists it. */
export type SubnetKind = 'public' | 'private' | 'isolated';

/** The subnets a selection picks, `undefined` for no selection; errors from the VPC name the prop. */
export function selectSubnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined, propName: string): ec2.ISubnet[] | undefined {
  if (selection === undefined) {
    return undefined;
  }
  try {
    return vpc.selectSubnets(selection).subnets;
  } catch (error) {
    throw propError(propName,
      `the selection ${describeSelection(selection)} does not work on VPC ${vpc.node.path}: ${(error as Error).message}`,
      'select subnet types or group names that the VPC has');
  }
}

/** Every subnet the VPC lists, with its kind. */
export function subnetsOfVpc(vpc: ec2.IVpc): Array<{ subnet: ec2.ISubnet; kind: SubnetKind }> {
  return [
    ...vpc.publicSubnets.map((subnet) => ({ subnet, kind: 'public' as const })),
    ...vpc.privateSubnets.map((subnet) => ({ subnet, kind: 'private' as const })),
    ...vpc.isolatedSubnets.map((subnet) => ({ subnet, kind: 'isolated' as const })),
  ];
}

/** Whether two VPC objects are the same VPC: the same object, or the same id (the same literal or the same token). */
export function isSameVpc(a: ec2.IVpc, b: ec2.IVpc): boolean {
  return a === b || a.vpcId === b.vpcId;
}

/**
 * The other VPC a subnet belongs to, when that is certain: the subnet is a child of another VPC
 * construct (one built in the app, or `Vpc.fromLookup`) whose id differs. `undefined` for a subnet of
 * `vpc`, and for an imported subnet whose VPC is not known.
 */
export function otherVpcOf(vpc: ec2.IVpc, subnet: ec2.ISubnet): ec2.IVpc | undefined {
  for (let scope: IConstruct | undefined = subnet.node.scope; scope !== undefined; scope = scope.node.scope) {
    if (isVpc(scope)) {
      return isSameVpc(scope, vpc) || subnetsOfVpc(vpc).some((entry) => entry.subnet === subnet) ? undefined : scope;
    }
  }
  return undefined;
}

function isVpc(construct: IConstruct): construct is ec2.IVpc {
  return 'vpcId' in construct && 'selectSubnets' in construct && 'isolatedSubnets' in construct;
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
      throw propError('subnets',
        `subnet ${subnet.subnetId} has no known route table id, so the gateway endpoint cannot be attached to it`,
        'import the VPC with its route table ids (Vpc.fromVpcAttributes({ privateSubnetRouteTableIds / isolatedSubnetRouteTableIds }), or Vpc.fromLookup), or select other subnets');
    }
    if (!byRouteTable.has(routeTableId)) {
      byRouteTable.set(routeTableId, subnet);
    }
  }
  return [...byRouteTable.values()];
}

/**
 * The first subnet of each Availability Zone, in order; names `propName` when a zone is unknown.
 * (aws-cdk-lib's `onePerAz` does not apply to a selection given as a list of subnets.)
 */
export function onePerZone(subnets: ec2.ISubnet[], propName: string): ec2.ISubnet[] {
  const byZone = new Map<string, ec2.ISubnet>();
  for (const subnet of subnets) {
    const zone = availabilityZoneOf(subnet, propName);
    if (!byZone.has(zone)) {
      byZone.set(zone, subnet);
    }
  }
  return [...byZone.values()];
}

/** A subnet's Availability Zone; fails, naming `propName`, for a subnet imported without it. */
export function availabilityZoneOf(subnet: ec2.ISubnet, propName: string): string {
  const zone = tryAvailabilityZoneOf(subnet);
  if (zone === undefined) {
    throw propError(propName,
      `subnet ${subnet.subnetId} was imported without its Availability Zone, which the interface endpoint needs (one network interface per zone)`,
      'import it with ec2.Subnet.fromSubnetAttributes({ subnetId, availabilityZone })');
  }
  return zone;
}

export function tryAvailabilityZoneOf(subnet: ec2.ISubnet): string | undefined {
  try {
    return subnet.availabilityZone;
  } catch {
    return undefined;
  }
}

/** A subnet's IPv4 CIDR block; `undefined` for a subnet imported without it. */
export function tryIpv4CidrOf(subnet: ec2.ISubnet): string | undefined {
  try {
    return subnet.ipv4CidrBlock;
  } catch {
    return undefined;
  }
}

/** The VPC's primary IPv4 CIDR block (a token for a VPC built in the app); `undefined` for a VPC imported without it. */
export function tryVpcCidrBlockOf(vpc: ec2.IVpc): string | undefined {
  try {
    return vpc.vpcCidrBlock;
  } catch {
    return undefined;
  }
}

/** The VPC's primary IPv4 CIDR block as a literal (`10.0.0.0/16`), when the app knows it. */
export function vpcCidrLiteralOf(vpc: ec2.IVpc): string | undefined {
  const resource = vpc.node.defaultChild;
  const cidr = resource instanceof ec2.CfnVPC ? resource.cidrBlock : tryVpcCidrBlockOf(vpc);
  return typeof cidr === 'string' && !Token.isUnresolved(cidr) && isIpv4Cidr(cidr) ? cidr : undefined;
}

/**
 * Who the interface endpoint admits by default: the VPC's primary IPv4 CIDR block, and the CIDR block of
 * every subnet of the VPC that lies outside it (subnets in a secondary CIDR block, e.g. 100.64.0.0/16).
 * Each is written as a literal (`10.0.0.0/16`) when the app knows it (a VPC built from literal `ipAddresses`,
 * as the construct's own is, or imported with a literal `vpcCidrBlock`), so that scanners such as cdk-nag can
 * evaluate the rule instead of failing on `Fn::GetAtt Vpc.CidrBlock`; otherwise as the VPC's attribute.
 */
export function defaultAllowedCidrs(vpc: ec2.IVpc): string[] {
  const primary = tryVpcCidrBlockOf(vpc);
  if (primary === undefined) {
    throw propError('endpoint.allowedPeers',
      `not given, so the endpoint would admit the VPC's CIDR block, but VPC ${vpc.node.path} (${vpc.vpcId}) was imported without it`,
      'pass allowedPeers (e.g. [ec2.Peer.ipv4(\'10.0.0.0/16\')], or [] to admit only allowFrom() clients), or import the VPC with its vpcCidrBlock');
  }
  const primaryLiteral = vpcCidrLiteralOf(vpc);
  const outside: string[] = [];
  for (const { subnet } of subnetsOfVpc(vpc)) {
    const cidr = tryIpv4CidrOf(subnet);
    if (cidr === undefined || Token.isUnresolved(cidr) || !isIpv4Cidr(cidr) || primaryLiteral === undefined) {
      continue;
    }
    if (!cidrContains(primaryLiteral, cidr) && !outside.some((known) => cidrContains(known, cidr))) {
      outside.push(cidr);
    }
  }
  return [primaryLiteral ?? primary, ...outside];
}

/**
 * True for a VPC built in this app with no IPv6 block; false for one that has one or that is imported
 * (unknown, so not judged).
 */
export function isIpv4Only(vpc: ec2.IVpc): boolean {
  return vpc instanceof ec2.Vpc && ipv6BlocksOf(vpc).length === 0;
}

/** The IPv6 range associations (`AWS::EC2::VPCCidrBlock`) of a VPC built in this app. */
export function ipv6BlocksOf(vpc: ec2.Vpc): ec2.CfnVPCCidrBlock[] {
  return vpc.node.findAll().filter((child): child is ec2.CfnVPCCidrBlock => child instanceof ec2.CfnVPCCidrBlock &&
    (child.amazonProvidedIpv6CidrBlock !== undefined || child.ipv6CidrBlock !== undefined ||
      child.ipv6Pool !== undefined || child.ipv6IpamPoolId !== undefined));
}

/** Whether a subnet was created in this app, so that all of its routes are known. */
export function isSubnetBuiltInApp(subnet: ec2.ISubnet): boolean {
  return isBuiltInApp(subnet) && subnet.node.defaultChild instanceof ec2.CfnSubnet;
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
  return routeTableIds.map((routeTableId) => renderValue(Stack.of(scope), routeTableId)).join(', ');
}
