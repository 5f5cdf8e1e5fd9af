import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { resolveIn, sameValue } from './cfn-values';
import { propError } from './errors';
import { ipv6BlocksOf } from './vpc-facts';

/*
 * The IP address type of the endpoints the construct creates (`AWS::EC2::VPCEndpoint` `IpAddressType`):
 * which subnets each type needs, and the VPC's IPv6 range that a dual-stack interface endpoint admits by
 * default. Internal module; the facts are sourced in docs/design/dual-stack.md.
 */

/** The address ranges of a subnet built in this app; `undefined` for an imported subnet (not known, so not judged). */
interface SubnetFamilies {
  readonly ipv4: boolean;
  readonly ipv6: boolean;
}

/**
 * What each IP address type needs of every subnet the endpoint serves (PrivateLink guide, "IP address
 * types" of interface and of gateway endpoints): IPv4 ranges, IPv4 and IPv6 ranges, IPv6-only subnets.
 */
const NEEDS: Record<string, { accepts: (families: SubnetFamilies) => boolean; lacks: (families: SubnetFamilies) => string; needs: string }> = {
  [ec2.VpcEndpointIpAddressType.IPV4]: {
    accepts: (families) => families.ipv4,
    lacks: () => 'has no IPv4 range',
    needs: 'to have an IPv4 range',
  },
  [ec2.VpcEndpointIpAddressType.DUALSTACK]: {
    accepts: (families) => families.ipv4 && families.ipv6,
    lacks: (families) => (families.ipv6 ? 'has no IPv4 range' : 'has no IPv6 range'),
    needs: 'to have IPv4 and IPv6 ranges',
  },
  [ec2.VpcEndpointIpAddressType.IPV6]: {
    accepts: (families) => families.ipv6 && !families.ipv4,
    lacks: (families) => (families.ipv6 ? 'has an IPv4 range (it is not IPv6-only)' : 'has no IPv6 range'),
    needs: 'to be IPv6-only',
  },
};

/**
 * Fails, naming `endpoint.ipAddressType`, when a subnet that the endpoint of `kind` serves (built in this
 * app) cannot hold the IP address type: AWS would refuse the endpoint at deploy.
 */
export function validateEndpointSubnets(
  ipAddressType: ec2.VpcEndpointIpAddressType | undefined, subnets: ec2.ISubnet[], kind: 'gateway' | 'interface',
): void {
  if (ipAddressType === undefined || Token.isUnresolved(ipAddressType)) {
    return;
  }
  const rule = NEEDS[ipAddressType];
  for (const subnet of subnets) {
    const families = subnetFamilies(subnet);
    if (families !== undefined && !rule.accepts(families)) {
      const fix = ipAddressType === ec2.VpcEndpointIpAddressType.IPV6
        ? 'select IPv6-only subnets, use ec2.VpcEndpointIpAddressType.DUALSTACK for subnets with IPv4 and IPv6 ranges, or omit ipAddressType'
        : 'build the VPC dual-stack (vpcOptions: { ipProtocol: ec2.IpProtocol.DUAL_STACK }, or ec2.Vpc\'s ipProtocol), select subnets with IPv4 and IPv6 ranges, or omit ipAddressType';
      throw propError('endpoint.ipAddressType',
        `${JSON.stringify(ipAddressType)} needs every subnet the ${kind} endpoint serves ${rule.needs}, but subnet ${subnet.node.path} ${rule.lacks(families)}, ` +
        'so AWS refuses the endpoint at deploy', fix);
    }
  }
}

/** Whether an IP address type carries IPv6 (`dualstack`, `ipv6`). */
export function carriesIpv6(ipAddressType: ec2.VpcEndpointIpAddressType | undefined): boolean {
  return ipAddressType === ec2.VpcEndpointIpAddressType.DUALSTACK || ipAddressType === ec2.VpcEndpointIpAddressType.IPV6;
}

/**
 * The VPC's first IPv6 range as a peer, for the default `allowedPeers` of an interface endpoint that
 * carries IPv6, with what must exist before a rule can name it (the range's association: the VPC lists its
 * IPv6 ranges only once it is made). `undefined` for a VPC that is not an `ec2.Vpc` of this app with an
 * IPv6 range, whose range is not known here.
 */
export function vpcIpv6Peer(vpc: ec2.IVpc): { peer: ec2.IPeer; dependsOn: ec2.CfnVPCCidrBlock[] } | undefined {
  if (!(vpc instanceof ec2.Vpc)) {
    return undefined;
  }
  const blocks = ipv6BlocksOf(vpc);
  if (blocks.length === 0) {
    return undefined;
  }
  return { peer: ec2.Peer.ipv6(Fn.select(0, vpc.vpcIpv6CidrBlocks)), dependsOn: blocks };
}

function subnetFamilies(subnet: ec2.ISubnet): SubnetFamilies | undefined {
  const resource = subnet.node.defaultChild;
  if (!(resource instanceof ec2.CfnSubnet)) {
    return undefined;
  }
  const ipv4 = resource.cidrBlock !== undefined || resource.ipv4IpamPoolId !== undefined || resource.ipv4NetmaskLength !== undefined;
  const ipv6 = resource.ipv6CidrBlock !== undefined || resource.ipv6IpamPoolId !== undefined || resource.ipv6NetmaskLength !== undefined ||
    resource.ipv6Native === true || hasAssociatedIpv6Block(subnet);
  return { ipv4, ipv6 };
}

/** Whether an `AWS::EC2::SubnetCidrBlock` of the subnet's stack gives it an IPv6 range. */
function hasAssociatedIpv6Block(subnet: ec2.ISubnet): boolean {
  const stack = Stack.of(subnet);
  return stack.node.findAll().some((child) => child instanceof ec2.CfnSubnetCidrBlock &&
    sameValue(stack, resolveIn(stack, child.subnetId), subnet.subnetId));
}
