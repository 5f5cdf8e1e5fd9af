import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { ACCOUNT, cfn, concreteStack, envAgnosticStack, importedVpc, threeTierVpc, vpcLookupKey } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';
import { gatewayEndpointProps, groupId, routeTableRefs } from './support/templates';

/* With `vpc`: a VPC of the same app or an imported one; the members the construct exposes. */

/** Every template synthesized here is linted with cfn-lint after the tests of this file. */
const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

describe('with vpc: a VPC of the same app or an imported one', () => {
  test('serves the private and isolated subnets of a VPC of the same app by default, not the public ones', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc });

    // THEN
    expect(access.vpc).toBe(vpc);
    expect(access.subnets).toEqual([...vpc.privateSubnets, ...vpc.isolatedSubnets]);
    synth(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      VpcId: cfn(stack, vpc.vpcId),
      RouteTableIds: routeTableRefs(stack, [...vpc.privateSubnets, ...vpc.isolatedSubnets]),
    });
  });

  test('creates nothing VPC-level for a given VPC: only the endpoint', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc });

    // THEN
    expect(access.node.children.map((child) => child.node.id)).toEqual(['GatewayEndpoint']);
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
  });

  test('serves exactly the route tables of the selected subnets', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetGroupName: 'Isolated' } });

    // THEN
    expect(access.subnets).toEqual(vpc.isolatedSubnets);
    expect(access.routeTableIds).toEqual(vpc.isolatedSubnets.map((subnet) => subnet.routeTable.routeTableId));
    expect(gatewayEndpointProps(synth(stack)).RouteTableIds).toEqual(routeTableRefs(stack, vpc.isolatedSubnets));
  });

  test('works with Vpc.fromVpcAttributes and its route table ids', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = importedVpc(stack);

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpc });

    // THEN
    synth(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      VpcId: 'vpc-0a1b2c3d4e5f67890',
      RouteTableIds: ['rtb-0aaaaaaaaaaaaaaaa', 'rtb-0bbbbbbbbbbbbbbbb'],
    });
  });

  test('names a route table shared by two selected subnets once', () => {
    // GIVEN an imported VPC whose two private subnets share one route table
    const stack = envAgnosticStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
      privateSubnetRouteTableIds: ['rtb-0shared000000000', 'rtb-0shared000000000'],
      isolatedSubnetIds: ['subnet-0cccccccccccccccc', 'subnet-0dddddddddddddddd'],
      isolatedSubnetRouteTableIds: ['rtb-0cccccccccccccccc', 'rtb-0dddddddddddddddd'],
    });

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc });

    // THEN
    const expected = ['rtb-0shared000000000', 'rtb-0cccccccccccccccc', 'rtb-0dddddddddddddddd'];
    expect(access.subnets).toHaveLength(4);
    expect(access.routeTableIds).toEqual(expected);
    expect(gatewayEndpointProps(synth(stack)).RouteTableIds).toEqual(expected);
  });

  test('works with Vpc.fromLookup in a stack with a concrete env', () => {
    // GIVEN what `cdk synth` caches for the lookup: a private group whose two subnets share a route table, and an isolated group
    const stack = concreteStack({
      [vpcLookupKey('vpc-0a1b2c3d4e5f67890')]: {
        vpcId: 'vpc-0a1b2c3d4e5f67890',
        vpcCidrBlock: '10.20.0.0/16',
        ownerAccountId: ACCOUNT,
        availabilityZones: [],
        subnetGroups: [
          {
            name: 'Public',
            type: 'Public',
            subnets: [
              { subnetId: 'subnet-0pub0000000000000', cidr: '10.20.0.0/24', availabilityZone: 'eu-west-1a', routeTableId: 'rtb-0public00000000' },
            ],
          },
          {
            name: 'App',
            type: 'Private',
            subnets: [
              { subnetId: 'subnet-0app000000000000a', cidr: '10.20.10.0/24', availabilityZone: 'eu-west-1a', routeTableId: 'rtb-0app0000000000' },
              { subnetId: 'subnet-0app000000000000b', cidr: '10.20.11.0/24', availabilityZone: 'eu-west-1b', routeTableId: 'rtb-0app0000000000' },
            ],
          },
          {
            name: 'Data',
            type: 'Isolated',
            subnets: [
              { subnetId: 'subnet-0data00000000000a', cidr: '10.20.20.0/24', availabilityZone: 'eu-west-1a', routeTableId: 'rtb-0data000000000a' },
              { subnetId: 'subnet-0data00000000000b', cidr: '10.20.21.0/24', availabilityZone: 'eu-west-1b', routeTableId: 'rtb-0data000000000b' },
            ],
          },
        ],
      },
    });
    const vpc = ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: 'vpc-0a1b2c3d4e5f67890' });

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc });

    // THEN
    expect(access.subnets.map((subnet) => subnet.subnetId)).toEqual([
      'subnet-0app000000000000a', 'subnet-0app000000000000b', 'subnet-0data00000000000a', 'subnet-0data00000000000b',
    ]);
    synth(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      VpcId: 'vpc-0a1b2c3d4e5f67890',
      RouteTableIds: ['rtb-0app0000000000', 'rtb-0data000000000a', 'rtb-0data000000000b'],
    });
  });
});

describe('exposed members', () => {
  test('gateway mode exposes the VPC, subnets, gateway endpoint and its route tables, and no interface endpoint', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });

    // THEN
    expect(access.vpc).toBe(vpc);
    expect(access.subnets).toEqual(vpc.isolatedSubnets);
    expect(access.gatewayEndpoint).toBeDefined();
    const gatewayResource = access.gatewayEndpoint!.node.defaultChild as ec2.CfnVPCEndpoint;
    expect(cfn(stack, access.gatewayEndpoint!.vpcEndpointId)).toEqual({ Ref: stack.getLogicalId(gatewayResource) });
    expect(access.routeTableIds.map((id) => cfn(stack, id))).toEqual(routeTableRefs(stack, vpc.isolatedSubnets));
    expect(access.interfaceEndpoint).toBeUndefined();
    expect(access.streamsInterfaceEndpoint).toBeUndefined();
    expect(access.endpointUrl).toBeUndefined();
    expect(access.streamsEndpointUrl).toBeUndefined();
    expect(access.clientEnvironment).toEqual({});
    expect(access.connections.securityGroups).toEqual([]);
    expect(access.connections.defaultPort?.toString()).toEqual('443');
    synth(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 1);
  });

  test('interface mode exposes the interface endpoint, its URL and its security group, and no gateway endpoint', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });

    // THEN
    expect(access.gatewayEndpoint).toBeUndefined();
    expect(access.routeTableIds).toEqual([]);
    expect(access.interfaceEndpoint).toBeDefined();
    expect(access.endpointUrl).toBeDefined();
    expect(access.connections.securityGroups).toHaveLength(1);
    expect(access.connections.securityGroups[0].node.path).toEqual('Stack/Access/InterfaceEndpointSecurityGroup');
    expect(access.connections.defaultPort?.toString()).toEqual('443');
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      SecurityGroupIds: [groupId(stack, access.connections.securityGroups[0])],
    });
  });
});
