import { CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PrivateDynamoAccess } from '../src';
import { cfn, concreteStack, envAgnosticStack } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';
import { routeTableRefs } from './support/templates';

/* Without `vpc`: the VPC the construct builds. */

/** Every template synthesized here is linted with cfn-lint after the tests of this file. */
const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

describe('without vpc: a new VPC, private by construction', () => {
  test('has only isolated subnets in 2 Availability Zones, no internet gateway and no NAT gateway', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access');

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false, VpcId: cfn(stack, access.vpc.vpcId) });
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::VPCGatewayAttachment', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::EIP', 0);
    template.resourceCountIs('AWS::EC2::Route', 0);
    expect(access.vpc.publicSubnets).toEqual([]);
    expect(access.vpc.privateSubnets).toEqual([]);
    expect(access.vpc.isolatedSubnets).toHaveLength(2);
    expect(access.subnets).toEqual(access.vpc.isolatedSubnets);
  });

  test('turns DNS support and DNS hostnames on and uses 10.0.0.0/16', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access');

    // THEN
    synth(stack).hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: '10.0.0.0/16',
      EnableDnsSupport: true,
      EnableDnsHostnames: true,
    });
  });

  test('records all traffic in a flow log to a new log group', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access');

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceId: cfn(stack, access.vpc.vpcId),
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: Match.stringLikeRegexp('^AccessVpcFlowLogLogGroup') },
    });
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
  });

  test('closes the default security group with aws-cdk-lib\'s custom resource', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access');

    // THEN
    synth(stack).hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      DefaultSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(access.vpc.node.defaultChild as ec2.CfnVPC), 'DefaultSecurityGroup'] },
    });
  });

  test('creates everything under the construct (except aws-cdk-lib\'s stack-wide custom resource provider)', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access');

    // THEN
    const outside = stack.node.findAll()
      .filter((construct) => CfnResource.isCfnResource(construct))
      .map((construct) => construct.node.path)
      .filter((path) => !path.startsWith('Stack/Access/'));
    expect(outside).toEqual([
      'Stack/Custom::VpcRestrictDefaultSGCustomResourceProvider/Role',
      'Stack/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler',
    ]);
    expect(access.vpc.node.scope).toBe(access);
  });

  test('gives the gateway endpoint the route table of each isolated subnet', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access');

    // THEN
    synth(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      VpcId: cfn(stack, access.vpc.vpcId),
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
      RouteTableIds: routeTableRefs(stack, access.vpc.isolatedSubnets),
    });
  });

  test('spreads over maxAzs Availability Zones', () => {
    // GIVEN
    const stack = concreteStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpcOptions: { maxAzs: 3 } });

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::Subnet', 3);
    for (const zone of ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']) {
      template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: zone });
    }
  });

  test('sizes the subnets with subnetCidrMask', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpcOptions: { subnetCidrMask: 20 } });

    // THEN
    const template = synth(stack);
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.0.0.0/20' });
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.0.16.0/20' });
  });

  test('creates no flow log with flowLogs: false', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpcOptions: { flowLogs: false } });

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.resourceCountIs('AWS::EC2::VPC', 1);
  });

  test('uses the address range of ipAddresses', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpcOptions: { ipAddresses: ec2.IpAddresses.cidr('10.42.0.0/16') } });

    // THEN
    const template = synth(stack);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.42.0.0/16' });
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.42.0.0/24' });
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.42.1.0/24' });
  });
});
