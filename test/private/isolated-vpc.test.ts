import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { createIsolatedVpc } from '../../src/private/isolated-vpc';
import { expectCfnLintClean } from '../support/cfn-lint';

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

  test('flowLogDestination: the flow log writes to the given log group; no log group or role of its own', () => {
    // GIVEN a log group the user owns, encrypted with their KMS key
    const stack = envAgnosticStack();
    const key = new kms.Key(stack, 'Key');
    const logGroup = new logs.LogGroup(stack, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });

    // WHEN
    const vpc = createIsolatedVpc(stack, 'Vpc', { flowLogDestination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup) });

    // THEN the flow log (all traffic) writes there, through a role of its own
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceId: stack.resolve(vpc.vpcId),
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: stack.resolve(logGroup.logGroupName),
      DeliverLogsPermissionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcFlowLogIAMRole'), 'Arn'] },
    });
    // AND the only log group is the user's
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: stack.resolve(key.keyArn), RetentionInDays: 365 });
    expect(vpc.node.findChild('FlowLog').node.tryFindChild('LogGroup')).toBeUndefined();
    expectCfnLintClean(template.toJSON());
  });

  test('flowLogDestination: an S3 bucket the user owns', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const bucket = new s3.Bucket(stack, 'FlowLogBucket');

    // WHEN
    createIsolatedVpc(stack, 'Vpc', { flowLogDestination: ec2.FlowLogDestination.toS3(bucket) });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: stack.resolve(bucket.bucketArn),
    });
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
  });

  test('flowLogDestination: the default flow log keeps its logical ids', () => {
    // GIVEN two stacks, one without the option and one with flowLogDestination left undefined
    const withoutOption = envAgnosticStack();
    const withUndefined = envAgnosticStack();

    // WHEN
    createIsolatedVpc(withoutOption, 'Vpc', {});
    createIsolatedVpc(withUndefined, 'Vpc', { flowLogDestination: undefined });

    // THEN the same template, with the flow log's log group and role under their usual ids
    const template = Template.fromStack(withoutOption).toJSON();
    expect(Template.fromStack(withUndefined).toJSON()).toEqual(template);
    expect(Object.keys(template.Resources)).toEqual(expect.arrayContaining([
      'VpcFlowLogIAMRole6A475D41', 'VpcFlowLogLogGroup7B5C56B9', 'VpcFlowLog8FF33A73',
    ]));
  });

  test('restrictDefaultSecurityGroup: false creates no custom resource, no Lambda function and no role for it', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    createIsolatedVpc(stack, 'Vpc', { restrictDefaultSecurityGroup: false });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(Object.keys(template.findResources('AWS::IAM::Role'))).toEqual([expect.stringMatching(/^VpcFlowLogIAMRole/)]);
    expect(stack.node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider')).toBeUndefined();
    // AND the rest of the VPC is as private as ever
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    expectCfnLintClean(template.toJSON());
  });

  test('restrictDefaultSecurityGroup: true is the default', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    createIsolatedVpc(stack, 'Vpc', { restrictDefaultSecurityGroup: true });

    // THEN
    Template.fromStack(stack).resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
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

  test('fails when flowLogDestination is given with flowLogs: false', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const logGroup = new logs.LogGroup(stack, 'FlowLogs');

    // WHEN / THEN
    expect(() => createIsolatedVpc(stack, 'Vpc', { flowLogs: false, flowLogDestination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup) })).toThrow(
      /^vpcOptions\.flowLogDestination: a destination is given but vpcOptions\.flowLogs is false, so no flow log would write to it; remove flowLogDestination, or set flowLogs to true \(or omit it\)$/,
    );
    expect(stack.node.tryFindChild('Vpc')).toBeUndefined();
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
