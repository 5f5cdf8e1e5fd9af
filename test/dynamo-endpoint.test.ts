import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DynamoEndpoint, InterfaceEndpointOptions, PrivateDynamoAccess } from '../src';

/*
 * The endpoint choice: what each factory builds, read from the template of a PrivateDynamoAccess that uses
 * it (the choice's state is internal), and what each refuses.
 */

/** An access built with `endpoint` in a new stack. */
function accessWith(endpoint: DynamoEndpoint): { stack: Stack; access: PrivateDynamoAccess } {
  const stack = new Stack(new App(), 'Stack');
  return { stack, access: new PrivateDynamoAccess(stack, 'Access', { endpoint }) };
}

/** The endpoints of a synthesized template: `Gateway dynamodb`, `Interface dynamodb-streams`, ... */
function endpointKinds(template: Template): string[] {
  return Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint'))
    .map((resource) => `${resource.Properties.VpcEndpointType} ${JSON.stringify(resource.Properties.ServiceName).match(/\.(dynamodb(-streams)?)"/)?.[1]}`)
    .sort();
}

/** A security group that restricts outbound traffic, in the access's VPC. */
function restrictedClient(stack: Stack, access: PrivateDynamoAccess): ec2.SecurityGroup {
  return new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc, allowAllOutbound: false });
}

describe('DynamoEndpoint.gateway()', () => {
  test('builds a gateway endpoint and nothing else', () => {
    // GIVEN / WHEN
    const { stack, access } = accessWith(DynamoEndpoint.gateway());

    // THEN
    expect(endpointKinds(Template.fromStack(stack))).toEqual(['Gateway dynamodb']);
    expect(access.connections.securityGroups).toEqual([]);
  });

  test('the prefixListId it is given is what allowFrom opens egress to (no lookup)', () => {
    // GIVEN
    const { stack, access } = accessWith(DynamoEndpoint.gateway({ prefixListId: 'pl-02cd2c6b' }));

    // WHEN
    access.allowFrom(restrictedClient(stack, access));

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupEgress', { DestinationPrefixListId: 'pl-02cd2c6b', FromPort: 443, ToPort: 443 });
  });

  test('fails when interface endpoint options are passed through an escape hatch', () => {
    // GIVEN options a jsii user (Python, Java, ...) can pass where TypeScript would refuse them
    const options = { prefixListId: 'pl-02cd2c6b', allowedPeers: [ec2.Peer.ipv4('10.0.0.0/8')] };

    // WHEN / THEN
    expect(() => DynamoEndpoint.gateway(options as any)).toThrow(
      /^endpoint: DynamoEndpoint\.gateway\(\) does not take interface endpoint options, got allowedPeers; use DynamoEndpoint\.interface\(options\) or DynamoEndpoint\.gatewayAndInterface\(options\) instead$/,
    );
  });

  test.each([
    ['subnets', { subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }],
    ['securityGroups', { securityGroups: [] }],
    ['allowedPeers', { allowedPeers: [] }],
    ['streams', { streams: false }],
  ])('fails when the interface option %s is passed', (name, options) => {
    // GIVEN / WHEN / THEN
    expect(() => DynamoEndpoint.gateway(options as any)).toThrow(new RegExp(`got ${name};`));
  });

  test('fails when several interface endpoint options are passed, naming each', () => {
    // GIVEN / WHEN / THEN
    expect(() => DynamoEndpoint.gateway({ subnets: {}, streams: true } as any)).toThrow(/got subnets, streams;/);
  });
});

describe('DynamoEndpoint.interface()', () => {
  test('without options builds an interface endpoint, with a security group of its own, and no gateway', () => {
    // GIVEN / WHEN
    const { stack, access } = accessWith(DynamoEndpoint.interface());

    // THEN
    expect(endpointKinds(Template.fromStack(stack))).toEqual(['Interface dynamodb']);
    expect(access.connections.securityGroups).toHaveLength(1);
  });

  test('uses the options it is given: its subnets\' group, your security group, the peers, a streams endpoint', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const group = new ec2.SecurityGroup(stack, 'Group', { vpc });
    const options: InterfaceEndpointOptions = {
      subnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [group],
      allowedPeers: [ec2.Peer.ipv4('192.168.0.0/16')],
      streams: true,
    };

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, endpoint: DynamoEndpoint.interface(options) });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('\\.dynamodb-streams$')])] }),
      SecurityGroupIds: [stack.resolve(group.securityGroupId)],
      SubnetIds: vpc.publicSubnets.map((subnet) => stack.resolve(subnet.subnetId)),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIp: '192.168.0.0/16', FromPort: 443, ToPort: 443 })]),
    });
    expect(access.connections.securityGroups).toEqual([group]);
  });
});

describe('DynamoEndpoint.gatewayAndInterface()', () => {
  test('without options builds both endpoints', () => {
    // GIVEN / WHEN
    const { stack } = accessWith(DynamoEndpoint.gatewayAndInterface());

    // THEN
    expect(endpointKinds(Template.fromStack(stack))).toEqual(['Gateway dynamodb', 'Interface dynamodb']);
  });

  test('uses the interface options and the prefixListId it is given', () => {
    // GIVEN / WHEN
    const { stack, access } = accessWith(DynamoEndpoint.gatewayAndInterface({ streams: true, prefixListId: 'pl-02cd2c6b' }));
    access.allowFrom(restrictedClient(stack, access));

    // THEN
    const template = Template.fromStack(stack);
    expect(endpointKinds(template)).toEqual(['Gateway dynamodb', 'Interface dynamodb', 'Interface dynamodb-streams']);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { DestinationPrefixListId: 'pl-02cd2c6b' });
  });
});

describe('validation of the endpoint choice', () => {
  test.each([
    ['gateway', () => DynamoEndpoint.gateway({ prefixListId: 'dynamodb' })],
    ['gatewayAndInterface', () => DynamoEndpoint.gatewayAndInterface({ prefixListId: 'com.amazonaws.eu-west-1.dynamodb' })],
  ])('%s: fails when prefixListId is not a pl- id, before anything deploys', (_name, choose) => {
    // GIVEN a prefix-list name where its id belongs WHEN the endpoint is chosen THEN the error names the prop and the fix
    expect(choose).toThrow(/^endpoint\.prefixListId: ".*" is not a prefix-list id, and a security-group rule naming it fails at deploy; pass the id of com\.amazonaws\.<region>\.dynamodb/);
  });

  test('does not judge a prefixListId that is a token: the egress rule names it', () => {
    // GIVEN a prefix-list id known only at deploy time, and a client that restricts outbound traffic
    const stack = new Stack(new App(), 'Stack');
    const id = new ec2.PrefixList(stack, 'List', { maxEntries: 1 }).prefixListId;
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.gateway({ prefixListId: id }) });

    // WHEN
    access.allowFrom(restrictedClient(stack, access));

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupEgress', { DestinationPrefixListId: stack.resolve(id), FromPort: 443 });
  });

  test.each([
    ['interface', () => DynamoEndpoint.interface({ securityGroups: [] })],
    ['gatewayAndInterface', () => DynamoEndpoint.gatewayAndInterface({ securityGroups: [] })],
  ])('%s: fails when securityGroups is an empty list, instead of a TypeError later', (_name, choose) => {
    // GIVEN no security group WHEN the endpoint is chosen THEN the error names the prop and the fix
    expect(choose).toThrow(/^endpoint\.securityGroups: the list is empty, .*; omit securityGroups to have a security group created, or pass at least one$/);
  });
});
