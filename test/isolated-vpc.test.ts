import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { expectCfnLintClean } from './support/cfn-lint';
import { createIsolatedVpc } from '../src/private/isolated-vpc';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const AZ_CONTEXT = { 'availability-zones:account=123456789012:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] };

function envAgnosticStack(): Stack {
  return new Stack(new App(), 'Stack');
}

function concreteStack(): Stack {
  return new Stack(new App({ context: AZ_CONTEXT }), 'Stack', { env: ENV });
}

describe('createIsolatedVpc: defaults', () => {
  test('creates a VPC 10.0.0.0/16 with DNS support and hostnames on', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const vpc = createIsolatedVpc(stack, 'Vpc', {});

    // THEN
    expect(vpc).toBeInstanceOf(ec2.Vpc);
    expect(vpc.node.scope).toBe(stack);
    expect(vpc.node.id).toEqual('Vpc');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: '10.0.0.0/16',
      EnableDnsSupport: true,
      EnableDnsHostnames: true,
    });
  });

  test('has one isolated /24 subnet in each of 2 Availability Zones, with their own route tables and no routes', () => {
    // GIVEN
    const stack = concreteStack();

    // WHEN
    const vpc = createIsolatedVpc(stack, 'Vpc', {});

    // THEN
    expect(vpc.isolatedSubnets.map((subnet) => subnet.availabilityZone)).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(vpc.publicSubnets).toEqual([]);
    expect(vpc.privateSubnets).toEqual([]);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.0.0.0/24', AvailabilityZone: 'eu-west-1a', MapPublicIpOnLaunch: false });
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.0.1.0/24', AvailabilityZone: 'eu-west-1b', MapPublicIpOnLaunch: false });
    template.allResourcesProperties('AWS::EC2::Subnet', {
      Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: 'Isolated' }, { Key: 'aws-cdk:subnet-type', Value: 'Isolated' }]),
    });
    template.resourceCountIs('AWS::EC2::RouteTable', 2);
    template.resourceCountIs('AWS::EC2::SubnetRouteTableAssociation', 2);
    template.resourceCountIs('AWS::EC2::Route', 0);
    expectCfnLintClean(template.toJSON(), { regions: [ENV.region] });
  });

  test('has no internet gateway, no NAT gateway and no Elastic IP', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    createIsolatedVpc(stack, 'Vpc', {});

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::VPCGatewayAttachment', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::EIP', 0);
    template.resourceCountIs('AWS::EC2::EgressOnlyInternetGateway', 0);
  });

  test('records all traffic in a flow log', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const vpc = createIsolatedVpc(stack, 'Vpc', {});

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceId: stack.resolve(vpc.vpcId),
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      DeliverLogsPermissionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcFlowLogIAMRole'), 'Arn'] },
    });
  });

  test('closes the default security group', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const vpc = createIsolatedVpc(stack, 'Vpc', {});

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      DefaultSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC), 'DefaultSecurityGroup'] },
    });
    expectCfnLintClean(template.toJSON());
  });
});

describe('createIsolatedVpc: options', () => {
  test('ipAddresses sets the address range', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    createIsolatedVpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('172.16.0.0/20') });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '172.16.0.0/20' });
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '172.16.0.0/24' });
  });

  test.each([1, 2, 3])('maxAzs: %p gives that many isolated subnets', (maxAzs) => {
    // GIVEN
    const stack = concreteStack();

    // WHEN
    const vpc = createIsolatedVpc(stack, 'Vpc', { maxAzs });

    // THEN
    expect(vpc.isolatedSubnets).toHaveLength(maxAzs);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::Subnet', maxAzs);
  });

  test.each([16, 28])('subnetCidrMask: %p is accepted (the bounds AWS allows)', (subnetCidrMask) => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    createIsolatedVpc(stack, 'Vpc', { subnetCidrMask, ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/15') });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: `10.0.0.0/${subnetCidrMask}` });
  });

  test('flowLogs: false creates no flow log, role or log group', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    createIsolatedVpc(stack, 'Vpc', { flowLogs: false });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.resourceCountIs('AWS::IAM::Role', 1); // only the default-security-group custom resource's
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('flowLogs: true is the default', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    createIsolatedVpc(stack, 'Vpc', { flowLogs: true });

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  test('does not judge maxAzs or subnetCidrMask that are unresolved tokens', () => {
    // GIVEN values known only later (aws-cdk-lib itself does what it can with them)
    const stack = envAgnosticStack();
    const lazy = (value: number) => Lazy.number({ produce: () => value });

    // WHEN / THEN none of this module's errors
    expect(() => createIsolatedVpc(stack, 'Vpc1', { maxAzs: lazy(0) })).not.toThrow();
    expect(() => createIsolatedVpc(stack, 'Vpc2', { subnetCidrMask: lazy(29) })).not.toThrow(/vpcOptions\.subnetCidrMask/);
  });
});

describe('createIsolatedVpc: validation', () => {
  test.each([0, -1, 1.5, NaN])('fails when maxAzs is %p', (maxAzs) => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => createIsolatedVpc(stack, 'Vpc', { maxAzs })).toThrow(
      new RegExp(`^vpcOptions\\.maxAzs: ${String(maxAzs).replace('.', '\\.')} is not a whole number of at least 1; pass 1 or more \\(2 or more is recommended\\), or omit it for 2$`),
    );
  });

  test.each([15, 29, 0, 24.5])('fails when subnetCidrMask is %p', (subnetCidrMask) => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => createIsolatedVpc(stack, 'Vpc', { subnetCidrMask })).toThrow(
      new RegExp(`^vpcOptions\\.subnetCidrMask: /${String(subnetCidrMask).replace('.', '\\.')} is outside what AWS allows for a subnet; pass a whole number from 16 to 28, or omit it for 24$`),
    );
  });

  test('creates nothing when an option is invalid', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    expect(() => createIsolatedVpc(stack, 'Vpc', { maxAzs: 0 })).toThrow(/vpcOptions\.maxAzs/);

    // THEN
    expect(stack.node.tryFindChild('Vpc')).toBeUndefined();
  });
});

describe('subnets that do not fit the address range', () => {
  test('fails when two /16 subnets are asked of a /16 VPC, naming vpcOptions and the values', () => {
    // GIVEN a stack
    const stack = new Stack(new App(), 'Stack');
    // WHEN two /16 subnets are asked of the default /16 range THEN the error names vpcOptions, the values and the fix
    expect(() => createIsolatedVpc(stack, 'Vpc', { subnetCidrMask: 16, maxAzs: 2 }))
      .toThrow(/^vpcOptions: a VPC with 2 isolated subnet\(s\) of \/16 cannot be built \(.+\); pass a larger subnetCidrMask/);
  });
});
