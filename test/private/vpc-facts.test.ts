import { Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { createIsolatedVpc } from '../../src/private/isolated-vpc';
import { defaultAllowedCidrs } from '../../src/private/vpc-facts';
import { cfn, envAgnosticStack, secondaryCidrVpc, twoGroupVpc } from '../support/fixtures';

/*
 * Who the interface endpoints admit by default (`defaultAllowedCidrs`), and how it is written: the VPC's block as
 * a literal where the app knows it, so that scanners read the rule, and as the VPC's attribute where it does not.
 */

/** The CloudFormation values of the default peers, as the security group rules write them. */
const written = (stack: Stack, vpc: ec2.IVpc) => defaultAllowedCidrs(vpc).map((cidr) => cfn(stack, cidr));

describe('defaultAllowedCidrs', () => {
  test('the construct\'s own VPC: its block as the literal it is built with, by default and from ipAddresses', () => {
    // GIVEN the isolated VPC, with the default address range and with another one
    const stack = envAgnosticStack();
    const byDefault = createIsolatedVpc(stack, 'Default', {});
    const chosen = createIsolatedVpc(stack, 'Chosen', { ipAddresses: ec2.IpAddresses.cidr('10.42.0.0/16') });
    // WHEN / THEN literals, not Fn::GetAtt Vpc.CidrBlock
    expect(written(stack, byDefault)).toEqual(['10.0.0.0/16']);
    expect(written(stack, chosen)).toEqual(['10.42.0.0/16']);
  });

  test('the user\'s VPC built in the app from a literal range: that literal', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = twoGroupVpc(stack, 'Vpc', ['App', 'Other'], { ipAddresses: ec2.IpAddresses.cidr('172.20.0.0/16') });
    // WHEN / THEN
    expect(written(stack, vpc)).toEqual(['172.20.0.0/16']);
  });

  test('a VPC imported with a literal vpcCidrBlock: that literal, and subnets in a secondary block as literals', () => {
    // GIVEN a VPC of 10.0.0.0/16 whose subnets lie in 100.64.0.0/16
    const stack = envAgnosticStack();
    // WHEN / THEN
    expect(written(stack, secondaryCidrVpc(stack))).toEqual(['10.0.0.0/16', '100.64.0.0/24', '100.64.1.0/24']);
  });

  test('a range known only at deploy time stays a reference: an imported token, an IPAM allocation', () => {
    // GIVEN a VPC imported with its block from another stack's export, and one whose block IPAM allocates
    const stack = envAgnosticStack();
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      vpcCidrBlock: Fn.importValue('NetworkVpcCidr'),
      availabilityZones: ['eu-west-1a'],
      isolatedSubnetIds: ['subnet-1'],
    });
    const ipam = new ec2.Vpc(stack, 'Ipam', {
      ipAddresses: ec2.IpAddresses.awsIpamAllocation({ ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0', ipv4NetmaskLength: 16, defaultSubnetIpv4NetmaskLength: 24 }),
      natGateways: 0,
      maxAzs: 1,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    // WHEN / THEN the VPC's attribute, as before
    expect(written(stack, imported)).toEqual([{ 'Fn::ImportValue': 'NetworkVpcCidr' }]);
    expect(written(stack, ipam)).toEqual([{ 'Fn::GetAtt': [stack.getLogicalId(ipam.node.defaultChild as ec2.CfnVPC), 'CidrBlock'] }]);
  });
});
