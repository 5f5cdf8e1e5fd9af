import type { CfnResource, CfnTemplate } from './emulator-template';

/*
 * The VPCs a platform team would own, as plain CloudFormation deployed to the emulator before the app
 * that imports them: a VPC, one subnet per zone letter, each with its own route table.
 */

/**
 * The resources of a VPC `<prefix>.0.0/16` with subnets `<prefix>.<n>.0/24` in zones `<region>a`, `<region>b`, ...
 * (logical ids `Vpc`, `Subnet<Letter>`, `RouteTable<Letter>`, `Association<Letter>`).
 */
export function platformVpcResources(prefix: string, region: string, letters: string[] = ['A', 'B']): CfnTemplate['Resources'] {
  const resources: Record<string, CfnResource> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: `${prefix}.0.0/16`, EnableDnsSupport: true, EnableDnsHostnames: true } },
  };
  letters.forEach((letter, index) => {
    resources[`Subnet${letter}`] = {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: `${prefix}.${index}.0/24`, AvailabilityZone: `${region}${letter.toLowerCase()}` },
    };
    resources[`RouteTable${letter}`] = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
    resources[`Association${letter}`] = {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Properties: { SubnetId: { Ref: `Subnet${letter}` }, RouteTableId: { Ref: `RouteTable${letter}` } },
    };
  });
  return resources;
}

/** The outputs the emulator tests read of a platform VPC: its id, and subnets A and B with their route tables. */
export const PLATFORM_VPC_OUTPUTS: NonNullable<CfnTemplate['Outputs']> = {
  VpcId: { Value: { Ref: 'Vpc' } },
  SubnetIds: { Value: { 'Fn::Join': [',', [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }]] } },
  RouteTableIds: { Value: { 'Fn::Join': [',', [{ Ref: 'RouteTableA' }, { Ref: 'RouteTableB' }]] } },
};
