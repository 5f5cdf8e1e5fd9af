import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, CfnResource, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { cfnLintFiles } from './support/cfn-lint';

// ---------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const ENV = { account: ACCOUNT, region: REGION };
/** What `cdk synth` caches after looking up the zones of eu-west-1 (without it aws-cdk-lib writes dummy names). */
const AZ_CONTEXT = { [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] };
const PREFIX_LIST_LOOKUP_KEY = `cc-api-provider:account=${ACCOUNT}:expectedMatchCount=exactly-one:propertiesToReturn.0=PrefixListId:` +
  `propertyMatch.PrefixListName=com.amazonaws.${REGION}.dynamodb:region=${REGION}:typeName=AWS$:$:EC2$:$:PrefixList`;
const VPC_LOOKUP_KEY = `vpc-provider:account=${ACCOUNT}:filter.vpc-id=vpc-0a1b2c3d4e5f67890:region=${REGION}:returnAsymmetricSubnets=true`;

const DEFAULT_ACTIONS = [
  'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem',
  'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PartiQLDelete', 'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLSelect', 'dynamodb:PartiQLUpdate', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan',
  'dynamodb:UpdateItem', 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator',
];
const WILDCARD_ONLY_ACTIONS = ['dynamodb:DescribeEndpoints', 'dynamodb:ListStreams'];

function envAgnosticStack(): Stack {
  return new Stack(new App(), 'Stack');
}

function concreteStack(context: Record<string, unknown> = {}): Stack {
  return new Stack(new App({ context: { ...AZ_CONTEXT, ...context } }), 'Stack', { env: ENV });
}

/** A VPC of the same app with public, private (with egress through one NAT) and isolated subnets in 2 zones. */
function threeTierVpc(stack: Stack, props: Partial<ec2.VpcProps> = {}): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
    ...props,
  });
}

/** The CloudFormation value a token resolves to: `{ Ref: ... }`, `{ 'Fn::GetAtt': ... }`, or a literal. */
function cfn(stack: Stack, value: unknown): any {
  return stack.resolve(value);
}

function routeTableRefs(stack: Stack, subnets: ec2.ISubnet[]): unknown[] {
  return subnets.map((subnet) => cfn(stack, subnet.routeTable.routeTableId));
}

function subnetRefs(stack: Stack, subnets: ec2.ISubnet[]): unknown[] {
  return subnets.map((subnet) => cfn(stack, subnet.subnetId));
}

function groupId(stack: Stack, group: ec2.ISecurityGroup): unknown {
  return cfn(stack, group.securityGroupId);
}

function gatewayEndpointProps(template: Template): any {
  const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }));
  expect(endpoints).toHaveLength(1);
  return (endpoints[0] as any).Properties;
}

function interfaceEndpointProps(template: Template, service: 'dynamodb' | 'dynamodb-streams'): any {
  // ServiceName is "com.amazonaws.<region>.<service>", or a Fn::Join whose last part is ".<service>"
  const serviceOf = (name: any): string => (typeof name === 'string' ? name : name['Fn::Join'][1].at(-1)).split('.').at(-1);
  const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))
    .filter((endpoint: any) => serviceOf(endpoint.Properties.ServiceName) === service);
  expect(endpoints).toHaveLength(1);
  return (endpoints[0] as any).Properties;
}

/**
 * Every template a test synthesizes successfully is kept here and run through cfn-lint in one batch by the
 * last test of this file (cfn-lint takes seconds to start; one run for all templates keeps the suite fast).
 */
const synthesized: Array<{ test: string; region: string; template: unknown }> = [];

function synth(stack: Stack): Template {
  const template = Template.fromStack(stack);
  synthesized.push({
    test: expect.getState().currentTestName ?? 'unnamed test',
    region: Token.isUnresolved(stack.region) ? 'us-east-1' : stack.region,
    template: template.toJSON(),
  });
  return template;
}

/** A dependency cycle among a template's resources (Ref, Fn::GetAtt, DependsOn), or undefined. */
function findDependencyCycle(template: any): string[] | undefined {
  const resources: Record<string, any> = template.Resources ?? {};
  const edges = new Map<string, Set<string>>();
  const collect = (value: unknown, into: Set<string>): void => {
    if (Array.isArray(value)) {
      value.forEach((item) => collect(item, into));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'Ref' && typeof inner === 'string' && inner in resources) {
          into.add(inner);
        } else if (key === 'Fn::GetAtt' && Array.isArray(inner) && inner[0] in resources) {
          into.add(inner[0]);
        } else {
          collect(inner, into);
        }
      }
    }
  };
  for (const [logicalId, resource] of Object.entries(resources)) {
    const targets = new Set<string>([resource.DependsOn ?? []].flat());
    collect(resource.Properties, targets);
    edges.set(logicalId, targets);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    if (state.get(node) === 'visiting') {
      return [...path.slice(path.indexOf(node)), node];
    }
    if (state.get(node) === 'done') {
      return undefined;
    }
    state.set(node, 'visiting');
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next, [...path, node]);
      if (cycle) {
        return cycle;
      }
    }
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node, []);
    if (cycle) {
      return cycle;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// A new VPC (no `vpc` given)
// ---------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------
// A given VPC
// ---------------------------------------------------------------------------------------------------

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
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
      isolatedSubnetRouteTableIds: ['rtb-0aaaaaaaaaaaaaaaa', 'rtb-0bbbbbbbbbbbbbbbb'],
    });

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
      [VPC_LOOKUP_KEY]: {
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

// ---------------------------------------------------------------------------------------------------
// Exposed members
// ---------------------------------------------------------------------------------------------------

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
    expect(access.endpoint.mode).toEqual('gateway');
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
    expect(access.endpoint.mode).toEqual('interface');
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

// ---------------------------------------------------------------------------------------------------
// The endpoint policy
// ---------------------------------------------------------------------------------------------------

describe('endpoint policy: a data perimeter', () => {
  test('in an environment-agnostic stack admits the account\'s tables, for the account\'s principals', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access');

    // THEN
    expect(gatewayEndpointProps(synth(stack)).PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowDataAccessToPermittedTables',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: DEFAULT_ACTIONS,
          Resource: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':table/*']],
          },
          Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } },
        },
        {
          Sid: 'AllowActionsWithoutResourceScope',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: WILDCARD_ONLY_ACTIONS,
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
  });

  test('in a stack with a concrete env names the account and region', () => {
    // GIVEN
    const stack = concreteStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access');

    // THEN
    const statements = gatewayEndpointProps(synth(stack)).PolicyDocument.Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0]).toEqual(expect.objectContaining({
      Principal: { AWS: '*' },
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:dynamodb:${REGION}:${ACCOUNT}:table/*`]] },
      Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
    }));
    expect(statements[1].Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': ACCOUNT } });
  });

  test('admits each listed table with its indexes and streams', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const orders = new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const customers = dynamodb.Table.fromTableName(stack, 'Customers', 'customers');

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { tables: [orders, customers] });

    // THEN
    const ordersArn = { 'Fn::GetAtt': [stack.getLogicalId(orders.node.defaultChild as dynamodb.CfnGlobalTable), 'Arn'] };
    const customersArn = ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':table/customers'];
    expect(gatewayEndpointProps(synth(stack)).PolicyDocument.Statement[0].Resource).toEqual([
      ordersArn,
      { 'Fn::Join': ['', [ordersArn, '/index/*']] },
      { 'Fn::Join': ['', [ordersArn, '/stream/*']] },
      { 'Fn::Join': ['', customersArn] },
      { 'Fn::Join': ['', [...customersArn.slice(0, -1), ':table/customers/index/*']] },
      { 'Fn::Join': ['', [...customersArn.slice(0, -1), ':table/customers/stream/*']] },
    ]);
  });

  test('admits principals of the organization principalOrgId instead of the account', () => {
    // GIVEN
    const stack = concreteStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { principalOrgId: 'o-a1b2c3d4e5' });

    // THEN
    const statements = gatewayEndpointProps(synth(stack)).PolicyDocument.Statement;
    expect(statements.map((statement: any) => statement.Condition)).toEqual([
      { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    ]);
  });

  test('admits only the listed actions, with wildcard-only actions on "*"', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:ListStreams'] });

    // THEN
    const statements = gatewayEndpointProps(synth(stack)).PolicyDocument.Statement;
    expect(statements.map((statement: any) => [statement.Action, statement.Resource === '*'])).toEqual([
      [['dynamodb:GetItem', 'dynamodb:Query'], false],
      ['dynamodb:ListStreams', true],
    ]);
  });

  test('is the same on the interface endpoints as on the gateway endpoint', () => {
    // GIVEN
    const stack = concreteStack();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', {
      tables: [table],
      principalOrgId: 'o-a1b2c3d4e5',
      endpoint: DynamoEndpoint.gatewayAndInterface({ streams: true }),
    });

    // THEN
    const template = synth(stack);
    const gatewayPolicy = gatewayEndpointProps(template).PolicyDocument;
    expect(gatewayPolicy.Statement[0].Resource).toHaveLength(3);
    expect(interfaceEndpointProps(template, 'dynamodb').PolicyDocument).toEqual(gatewayPolicy);
    expect(interfaceEndpointProps(template, 'dynamodb-streams').PolicyDocument).toEqual(gatewayPolicy);
  });
});

// ---------------------------------------------------------------------------------------------------
// Interface endpoints
// ---------------------------------------------------------------------------------------------------

describe('interface mode', () => {
  test('creates a DynamoDB interface endpoint with private DNS off, one network interface per zone', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
      PrivateDnsEnabled: false,
      VpcId: cfn(stack, access.vpc.vpcId),
      SubnetIds: subnetRefs(stack, access.vpc.isolatedSubnets),
    });
  });

  test('in a stack with a concrete region names the service com.amazonaws.<region>.dynamodb', () => {
    // GIVEN
    const stack = concreteStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });

    // THEN
    expect(cfn(stack, ec2.InterfaceVpcEndpointAwsService.DYNAMODB.name)).toEqual(`com.amazonaws.${REGION}.dynamodb`);
    synth(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: `com.amazonaws.${REGION}.dynamodb`,
      PrivateDnsEnabled: false,
    });
  });

  test('puts one network interface in each zone when several selected subnets share a zone', () => {
    // GIVEN a VPC with two isolated subnet groups: two subnets in each zone
    const stack = envAgnosticStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.gatewayAndInterface() });

    // THEN the gateway serves the four route tables, the interface uses the first subnet of each zone
    const template = synth(stack);
    expect(access.subnets).toHaveLength(4);
    expect(gatewayEndpointProps(template).RouteTableIds).toEqual(routeTableRefs(stack, vpc.isolatedSubnets));
    const app = vpc.selectSubnets({ subnetGroupName: 'App' }).subnets;
    expect(interfaceEndpointProps(template, 'dynamodb').SubnetIds).toEqual(subnetRefs(stack, app));
  });

  test('puts the network interfaces in InterfaceEndpointOptions.subnets', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', {
      vpc,
      endpoint: DynamoEndpoint.interface({ subnets: { subnetGroupName: 'Isolated' } }),
    });

    // THEN
    expect(interfaceEndpointProps(synth(stack), 'dynamodb').SubnetIds).toEqual(subnetRefs(stack, vpc.isolatedSubnets));
  });

  test('creates a security group that admits TCP 443 from the VPC CIDR and allows no outbound traffic', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      VpcId: cfn(stack, access.vpc.vpcId),
      SecurityGroupIngress: [{
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        CidrIp: cfn(stack, access.vpc.vpcCidrBlock),
        Description: Match.anyValue(),
      }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
    });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      SecurityGroupIds: [groupId(stack, access.connections.securityGroups[0])],
    });
  });

  test('admits TCP 443 from allowedPeers instead of the VPC CIDR', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', {
      endpoint: DynamoEndpoint.interface({ allowedPeers: [ec2.Peer.ipv4('10.0.0.0/16'), ec2.Peer.ipv4('192.168.0.0/16')] }),
    });

    // THEN
    const template = synth(stack);
    const groups = Object.values(template.findResources('AWS::EC2::SecurityGroup')) as any[];
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties.SecurityGroupIngress.map((rule: any) => [rule.CidrIp, rule.IpProtocol, rule.FromPort, rule.ToPort])).toEqual([
      ['10.0.0.0/16', 'tcp', 443, 443],
      ['192.168.0.0/16', 'tcp', 443, 443],
    ]);
  });

  test('adds no CIDR rule with allowedPeers: []', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ allowedPeers: [] }) });

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: Match.absent() });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('uses the given securityGroups and creates none, without adding a CIDR rule to them', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);
    const group = new ec2.SecurityGroup(stack, 'EndpointGroup', { vpc, allowAllOutbound: false });

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.interface({ securityGroups: [group] }) });

    // THEN
    expect(access.connections.securityGroups).toEqual([group]);
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: Match.absent() });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { SecurityGroupIds: [groupId(stack, group)] });
  });

  test('adds allowedPeers to the given securityGroups', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);
    const group = new ec2.SecurityGroup(stack, 'EndpointGroup', { vpc, allowAllOutbound: false });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', {
      vpc,
      endpoint: DynamoEndpoint.interface({ securityGroups: [group], allowedPeers: [ec2.Peer.ipv4('192.168.0.0/16')] }),
    });

    // THEN
    synth(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '192.168.0.0/16', FromPort: 443, ToPort: 443 })],
    });
  });

  test('gateway+interface creates both endpoints: the gateway on the route tables, the interface in the subnets', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.gatewayAndInterface() });

    // THEN
    expect(access.endpoint.mode).toEqual('gateway+interface');
    expect(access.gatewayEndpoint).toBeDefined();
    expect(access.interfaceEndpoint).toBeDefined();
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    expect(gatewayEndpointProps(template).RouteTableIds).toEqual(routeTableRefs(stack, access.vpc.isolatedSubnets));
    expect(interfaceEndpointProps(template, 'dynamodb')).toEqual(expect.objectContaining({
      PrivateDnsEnabled: false,
      SubnetIds: subnetRefs(stack, access.vpc.isolatedSubnets),
    }));
  });

  test('streams: true adds a dynamodb-streams interface endpoint with the same subnets and security group', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ streams: true }) });

    // THEN
    expect(access.streamsInterfaceEndpoint).toBeDefined();
    expect(access.streamsEndpointUrl).toBeDefined();
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    expect(interfaceEndpointProps(template, 'dynamodb-streams')).toEqual(expect.objectContaining({
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb-streams']] },
      PrivateDnsEnabled: false,
      SubnetIds: subnetRefs(stack, access.vpc.isolatedSubnets),
      SecurityGroupIds: [groupId(stack, access.connections.securityGroups[0])],
    }));
  });

  test('endpointUrl is https:// and the regional DNS name of the endpoint', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ streams: true }) });

    // THEN the first DNS entry is "<hosted zone id>:<regional name>"
    const urlOf = (endpoint: ec2.IInterfaceVpcEndpoint) => ({
      'Fn::Join': ['', ['https://', {
        'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': [stack.getLogicalId(endpoint.node.defaultChild as ec2.CfnVPCEndpoint), 'DnsEntries'] }] }] }],
      }]],
    });
    expect(cfn(stack, access.endpointUrl)).toEqual(urlOf(access.interfaceEndpoint!));
    expect(cfn(stack, access.streamsEndpointUrl)).toEqual(urlOf(access.streamsInterfaceEndpoint!));
    synth(stack);
  });
});

describe('clientEnvironment', () => {
  test.each([
    ['gateway', DynamoEndpoint.gateway(), []],
    ['gateway+interface', DynamoEndpoint.gatewayAndInterface(), []],
    ['gateway+interface with streams', DynamoEndpoint.gatewayAndInterface({ streams: true }), ['AWS_ENDPOINT_URL_DYNAMODB_STREAMS']],
    ['interface', DynamoEndpoint.interface(), ['AWS_ENDPOINT_URL_DYNAMODB']],
    ['interface with streams', DynamoEndpoint.interface({ streams: true }), ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_DYNAMODB_STREAMS']],
  ])('in %s mode holds %j', (_mode, endpoint, variables) => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint });

    // THEN
    expect(Object.keys(access.clientEnvironment)).toEqual(variables);
    if (variables.includes('AWS_ENDPOINT_URL_DYNAMODB')) {
      expect(access.clientEnvironment.AWS_ENDPOINT_URL_DYNAMODB).toBe(access.endpointUrl);
    }
    if (variables.includes('AWS_ENDPOINT_URL_DYNAMODB_STREAMS')) {
      expect(access.clientEnvironment.AWS_ENDPOINT_URL_DYNAMODB_STREAMS).toBe(access.streamsEndpointUrl);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// allowFrom
// ---------------------------------------------------------------------------------------------------

describe('allowFrom', () => {
  test('interface mode: ingress on the endpoint\'s group and egress on a client group that restricts outbound traffic', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ allowedPeers: [] }) });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc, allowAllOutbound: false });

    // WHEN
    access.allowFrom(client);

    // THEN
    const template = synth(stack);
    const endpointGroup = access.connections.securityGroups[0];
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: groupId(stack, endpointGroup),
      SourceSecurityGroupId: groupId(stack, client),
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupId(stack, client),
      DestinationSecurityGroupId: groupId(stack, endpointGroup),
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
  });

  test('interface mode: only the ingress rule for a client that allows all outbound traffic', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc });

    // WHEN
    access.allowFrom(client);

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { SourceSecurityGroupId: groupId(stack, client), FromPort: 443 });
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
  });

  test('interface mode: a client that allows all outbound traffic gets no aws-cdk-lib warning about an ignored egress rule', () => {
    // GIVEN a client group that allows all outbound traffic
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc });

    // WHEN
    access.allowFrom(client);

    // THEN no warning is left on the client's group
    synth(stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Ignoring Egress rule'))).toEqual([]);
  });

  test('gateway mode: nothing for a client that allows all outbound traffic', () => {
    // GIVEN an environment-agnostic stack without prefixListId: it is not needed
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc });

    // WHEN
    access.allowFrom(client);

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupEgress: [Match.objectLike({ CidrIp: '0.0.0.0/0' })] });
  });

  test('gateway mode: egress on TCP 443 to the prefixListId for a client that restricts outbound traffic', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.gateway({ prefixListId: 'pl-02cd2c6b' }) });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc, allowAllOutbound: false });

    // WHEN
    access.allowFrom(client);

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupId(stack, client),
      DestinationPrefixListId: 'pl-02cd2c6b',
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
  });

  test('gateway mode: in a stack with a concrete region, looks the prefix list up once for several clients', () => {
    // GIVEN the value `cdk synth` caches after the lookup
    const stack = concreteStack({ [PREFIX_LIST_LOOKUP_KEY]: [{ PrefixListId: 'pl-6da54004' }] });
    const access = new PrivateDynamoAccess(stack, 'Access');
    const first = new ec2.SecurityGroup(stack, 'First', { vpc: access.vpc, allowAllOutbound: false });
    const second = new ec2.SecurityGroup(stack, 'Second', { vpc: access.vpc, allowAllOutbound: false });

    // WHEN
    access.allowFrom(first);
    access.allowFrom(second);

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 2);
    for (const client of [first, second]) {
      template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
        GroupId: groupId(stack, client),
        DestinationPrefixListId: 'pl-6da54004',
        FromPort: 443,
        ToPort: 443,
      });
    }
  });

  test('gateway mode: without cached context, asks the CLI to look up the region\'s DynamoDB prefix list', () => {
    // GIVEN
    const stack = concreteStack();
    const access = new PrivateDynamoAccess(stack, 'Access');

    // WHEN
    access.allowFrom(new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc, allowAllOutbound: false }));

    // THEN
    const missing = (stack.node.root as App).synth().manifest.missing ?? [];
    expect(missing.map((entry) => entry.key)).toContain(PREFIX_LIST_LOOKUP_KEY);
    expect(missing.find((entry) => entry.key === PREFIX_LIST_LOOKUP_KEY)?.props).toEqual(expect.objectContaining({
      typeName: 'AWS::EC2::PrefixList',
      propertyMatch: { PrefixListName: `com.amazonaws.${REGION}.dynamodb` },
    }));
  });

  test('gateway+interface mode: both the ingress on the endpoint\'s group and the egress to the prefix list', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', {
      endpoint: DynamoEndpoint.gatewayAndInterface({ prefixListId: 'pl-02cd2c6b' }),
    });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc, allowAllOutbound: false });

    // WHEN
    access.allowFrom(client);

    // THEN
    const template = synth(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: groupId(stack, access.connections.securityGroups[0]),
      SourceSecurityGroupId: groupId(stack, client),
      FromPort: 443,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: groupId(stack, client), DestinationPrefixListId: 'pl-02cd2c6b' });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupId(stack, client),
      DestinationSecurityGroupId: groupId(stack, access.connections.securityGroups[0]),
    });
  });

  test('fails when the client restricts outbound traffic in an environment-agnostic stack without prefixListId', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc, allowAllOutbound: false });

    // WHEN / THEN
    expect(() => access.allowFrom(client)).toThrow(
      /^allowFrom: Stack\/Client restricts outbound traffic, .*environment-agnostic stack; pass it as DynamoEndpoint\.gateway\(\{ prefixListId: 'pl-…' \}\), or give the stack a concrete env/,
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// restrictTable
// ---------------------------------------------------------------------------------------------------

describe('restrictTable', () => {
  test('adds a Deny statement conditioned on aws:SourceVpc to the table\'s resource policy', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'Access');

    // WHEN
    access.restrictTable(table);

    // THEN
    synth(stack).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({
        ResourcePolicy: {
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [Match.objectLike({
              Sid: 'DenyDataAccessFromOutsideTheVpc',
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Resource: '*',
              Condition: Match.objectLike({ StringNotEqualsIfExists: { 'aws:SourceVpc': cfn(stack, access.vpc.vpcId) } }),
            })],
          },
        },
      })],
    });
  });

  test('creates no dependency cycle when tables names the same table', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'Access', { tables: [table], endpoint: DynamoEndpoint.gatewayAndInterface() });

    // WHEN
    access.restrictTable(table);

    // THEN the app synthesizes, the endpoints name the table and the table names only the VPC
    expect(() => (stack.node.root as App).synth()).not.toThrow();
    const template = synth(stack).toJSON();
    expect(findDependencyCycle(template)).toBeUndefined();
    const tableLogicalId = stack.getLogicalId(table.node.defaultChild as dynamodb.CfnGlobalTable);
    expect(JSON.stringify(gatewayEndpointProps(Template.fromJSON(template)).PolicyDocument)).toContain(tableLogicalId);
    const tablePolicy = JSON.stringify(template.Resources[tableLogicalId].Properties.Replicas[0].ResourcePolicy);
    expect(tablePolicy).toContain(stack.getLogicalId(access.vpc.node.defaultChild as ec2.CfnVPC));
    expect(tablePolicy).not.toMatch(/Endpoint/);
  });
});

// ---------------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------------

describe('validation', () => {
  test('fails when vpc and vpcOptions are both given', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { vpc, vpcOptions: { maxAzs: 3 } }))
      .toThrow(/^vpcOptions: given together with vpc \(Stack\/Vpc\).*remove vpcOptions to use your VPC, or remove vpc to have one created$/);
  });

  test('fails when the subnet selection selects nothing', () => {
    // GIVEN
    const stack = concreteStack();
    const vpc = threeTierVpc(stack);

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { availabilityZones: ['eu-west-1z'] } }))
      .toThrow(/^subnets: selected no subnet in VPC Stack\/Vpc \(selection: \{"availabilityZones":\["eu-west-1z"\]\}\); select subnets that exist/);
  });

  test('fails when a subnet filter selects nothing, showing the filter', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { subnets: { subnetFilters: [ec2.SubnetFilter.byIds(['subnet-0nope000000000000'])] } }))
      .toThrow(/^subnets: selected no subnet in VPC Stack\/Access\/Vpc \(selection: \{"subnetFilters":\[\{"SubnetIdSubnetFilter":\{"subnetIds":\["subnet-0nope000000000000"\]\}\}\]\}\); /);
  });

  test('fails when the default selection selects nothing: a VPC with only public subnets', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { vpc }))
      .toThrow(/^subnets: selected no subnet in VPC Stack\/Vpc \(selection: default: every private and isolated subnet\); .*give a VPC with private or isolated subnets$/);
  });

  test('fails when the subnet selection names a subnet type the VPC lacks', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { subnets: { subnetType: ec2.SubnetType.PUBLIC } }))
      .toThrow(/^subnets: the selection \{"subnetType":"Public"\} does not work on VPC Stack\/Access\/Vpc: .*'Public'.*; select subnet types or group names that the VPC has$/);
  });

  test('fails when a selected subnet has no route table id (Vpc.fromVpcAttributes without route table ids)', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
    });

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { vpc }))
      .toThrow(/^subnets: subnet subnet-0aaaaaaaaaaaaaaaa has no known route table id, .*isolatedSubnetRouteTableIds/);
  });

  test('does not need route table ids in interface-only mode', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      vpcCidrBlock: '10.20.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
    });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.interface() });

    // THEN
    synth(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      SubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
    });
  });

  test.each([0, -1, 1.5])('fails when vpcOptions.maxAzs is %p', (maxAzs) => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { vpcOptions: { maxAzs } }))
      .toThrow(new RegExp(`^vpcOptions\\.maxAzs: ${String(maxAzs).replace('.', '\\.')} is not a whole number of at least 1; pass 1 or more`));
  });

  test.each([15, 29])('fails when vpcOptions.subnetCidrMask is %p', (subnetCidrMask) => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { vpcOptions: { subnetCidrMask } }))
      .toThrow(new RegExp(`^vpcOptions\\.subnetCidrMask: /${subnetCidrMask} is outside what AWS allows for a subnet; pass a whole number from 16 to 28`));
  });

  test('fails when a table is in another region (Table.fromTableArn)', () => {
    // GIVEN
    const stack = concreteStack();
    const table = dynamodb.Table.fromTableArn(stack, 'Table', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`);

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { tables: [table] }))
      .toThrow(/^tables\[0\]: table "Orders" is in region us-east-1, but the stack is in eu-west-1; .*use PrivateDynamoAccess in a stack of us-east-1$/);
  });

  test('fails when a table is in another account (Table.fromTableArn)', () => {
    // GIVEN
    const stack = concreteStack();
    const table = dynamodb.Table.fromTableArn(stack, 'Table', `arn:aws:dynamodb:${REGION}:210987654321:table/Orders`);

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { tables: [table] }))
      .toThrow(/^tables\[0\]: table "Orders" is in account 210987654321, but the stack is in 123456789012; /);
  });

  test('fails when a TableV2 is in a stack of another region', () => {
    // GIVEN
    const app = new App({ context: AZ_CONTEXT });
    const other = new Stack(app, 'Other', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const table = new dynamodb.TableV2(other, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const stack = new Stack(app, 'Stack', { env: ENV });

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { tables: [table] }))
      .toThrow(/^tables\[0\]: table at Other\/Table is in region us-east-1, but the stack is in eu-west-1; /);
  });

  test('fails when a TableV2 is in a stack of another account', () => {
    // GIVEN
    const app = new App({ context: AZ_CONTEXT });
    const other = new Stack(app, 'Other', { env: { account: '210987654321', region: REGION } });
    const table = new dynamodb.TableV2(other, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const stack = new Stack(app, 'Stack', { env: ENV });

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { tables: [table] }))
      .toThrow(/^tables\[0\]: table at Other\/Table is in account 210987654321, but the stack is in 123456789012; /);
  });

  test('does not judge tables, actions or principalOrgId that are unresolved tokens', () => {
    // GIVEN
    const stack = concreteStack();
    const importedArn = dynamodb.Table.fromTableArn(stack, 'Imported', Fn.importValue('OrdersTableArn'));
    const lazyAction = Lazy.string({ produce: () => 'dynamodb:GetItem' });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { tables: [importedArn], actions: [lazyAction], principalOrgId: Fn.importValue('OrgId') });

    // THEN
    const statement = gatewayEndpointProps(synth(stack)).PolicyDocument.Statement[0];
    expect(statement.Action).toEqual('dynamodb:GetItem');
    expect(statement.Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': { 'Fn::ImportValue': 'OrgId' } } });
    expect(statement.Resource[0]).toEqual({ 'Fn::ImportValue': 'OrdersTableArn' });
  });

  test('does not judge a table of a concrete region in an environment-agnostic stack', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const table = dynamodb.Table.fromTableArn(stack, 'Table', 'arn:aws:dynamodb:us-east-1:210987654321:table/Orders');

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { tables: [table] });

    // THEN
    expect(gatewayEndpointProps(synth(stack)).PolicyDocument.Statement[0].Resource).toEqual([
      'arn:aws:dynamodb:us-east-1:210987654321:table/Orders',
      'arn:aws:dynamodb:us-east-1:210987654321:table/Orders/index/*',
      'arn:aws:dynamodb:us-east-1:210987654321:table/Orders/stream/*',
    ]);
  });

  test('fails when an action is not a dynamodb: action', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { actions: ['dynamodb:GetItem', 's3:GetObject'] }))
      .toThrow(/^actions\[1\]: "s3:GetObject" is not a DynamoDB action; .*"dynamodb:GetItem"/);
  });

  test('fails when actions is empty', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { actions: [] }))
      .toThrow(/^actions: the list is empty, so the endpoint would admit no request; omit actions/);
  });

  test('fails when principalOrgId is not an AWS Organizations id', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { principalOrgId: 'org-1234' }))
      .toThrow(/^principalOrgId: "org-1234" is not an AWS Organizations id; pass the id of your organization, "o-" followed by/);
  });

  test('fails when the endpoint policy would exceed 20,480 characters (many tables with long names)', () => {
    // GIVEN 60 tables whose 200-character names make each admitted ARN ~250 characters long
    const stack = concreteStack();
    const tables = Array.from({ length: 60 }, (_, index) =>
      dynamodb.Table.fromTableName(stack, `Table${index}`, `t${String(index).padStart(2, '0')}-${'x'.repeat(196)}`));

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { tables }))
      .toThrow(/^tables: the endpoint policy needs at least \d{5} characters, more than the 20480 AWS allows.*at most \d+ of these tables fit in one policy; pass at most \d+ tables/);
  });

  test('only warns when the endpoint policy may exceed 20,480 characters (many tables without names)', () => {
    // GIVEN 60 tables whose names CloudFormation chooses at deploy time
    const stack = envAgnosticStack();
    const tables = Array.from({ length: 60 }, (_, index) =>
      new dynamodb.TableV2(stack, `Table${index}`, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }));

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { tables });

    // THEN
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Access',
      Match.stringLikeRegexp('^the endpoint policy may need up to \\d+ characters once table names are known, more than the 20480 AWS allows.*policyMayExceedLimit'),
    );
  });

  test('does not warn about the policy length for a few tables', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { tables: [table] });

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('fails when two PrivateDynamoAccess serve overlapping subnets of one VPC', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);
    new PrivateDynamoAccess(stack, 'First', { vpc });

    // WHEN
    new PrivateDynamoAccess(stack, 'Second', { vpc, subnets: { subnetGroupName: 'Isolated' } });

    // THEN
    const isolatedRouteTable = stack.getLogicalId(vpc.isolatedSubnets[0].node.findChild('RouteTable') as ec2.CfnRouteTable);
    expect(() => (stack.node.root as App).synth()).toThrow(new RegExp(
      `subnets: route table \\{"Ref":"${isolatedRouteTable}"\\}, .* already has a DynamoDB gateway endpoint \\(Stack/First/GatewayEndpoint/Resource\\)`,
    ));
  });

  test('accepts two PrivateDynamoAccess on separate subnets of one VPC', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);
    new PrivateDynamoAccess(stack, 'First', { vpc, subnets: { subnetGroupName: 'Private' } });

    // WHEN
    new PrivateDynamoAccess(stack, 'Second', { vpc, subnets: { subnetGroupName: 'Isolated' } });

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { RouteTableIds: routeTableRefs(stack, vpc.privateSubnets) });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { RouteTableIds: routeTableRefs(stack, vpc.isolatedSubnets) });
  });

  test('fails when vpc.addGatewayEndpoint already gave the route tables a DynamoDB gateway endpoint', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);
    vpc.addGatewayEndpoint('Dynamo', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpc });

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(
      /subnets: route table .* already has a DynamoDB gateway endpoint \(Stack\/Vpc\/Dynamo\/Resource\), and a route table can have only one; remove the other endpoint/,
    );
  });

  test('fails when the gatewayEndpoints prop of the Vpc already gave the route tables a DynamoDB gateway endpoint', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack, { gatewayEndpoints: { Dynamo: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB } } });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetGroupName: 'Isolated' } });

    // THEN
    expect(() => (stack.node.root as App).synth()).toThrow(/subnets: route table .* already has a DynamoDB gateway endpoint \(Stack\/Vpc\/Dynamo\/Resource\)/);
  });

  test('fails when two PrivateDynamoAccess serve one route table of an imported VPC, naming the route table', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
      isolatedSubnetRouteTableIds: ['rtb-0aaaaaaaaaaaaaaaa', 'rtb-0bbbbbbbbbbbbbbbb'],
    });
    new PrivateDynamoAccess(stack, 'First', { vpc });

    // WHEN
    new PrivateDynamoAccess(stack, 'Second', { vpc });

    // THEN
    expect(() => (stack.node.root as App).synth())
      .toThrow(/subnets: route table rtb-0aaaaaaaaaaaaaaaa, rtb-0bbbbbbbbbbbbbbbb already has a DynamoDB gateway endpoint \(Stack\/(First|Second)\/GatewayEndpoint\/Resource\)/);
  });

  test('fails when another DynamoDB gateway endpoint is added after a first synth', () => {
    // GIVEN an app synthesized once
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);
    new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetGroupName: 'Isolated' } });
    const app = stack.node.root as App;
    app.synth();

    // WHEN
    vpc.addGatewayEndpoint('Dynamo', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });

    // THEN
    expect(() => app.synth({ force: true })).toThrow(/subnets: route table .* already has a DynamoDB gateway endpoint \(Stack\/Vpc\/Dynamo\/Resource\)/);
  });

  test('accepts other endpoints on the same route tables: an S3 gateway and a DynamoDB interface endpoint', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    vpc.addInterfaceEndpoint('DynamoInterface', { service: ec2.InterfaceVpcEndpointAwsService.DYNAMODB, privateDnsEnabled: false });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpc });

    // THEN
    synth(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 3);
  });

  test('fails when interface endpoint options are passed to DynamoEndpoint.gateway() through an escape hatch', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', {
      endpoint: DynamoEndpoint.gateway({ subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, streams: true } as any),
    })).toThrow(/^endpoint: DynamoEndpoint\.gateway\(\) does not take interface endpoint options, got subnets, streams; use DynamoEndpoint\.interface\(options\)/);
  });

  test('fails when the interface subnets select nothing', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ subnets: { subnets: [] } }) }))
      .toThrow(/^endpoint\.interfaceOptions\.subnets: selected no subnet in VPC Stack\/Access\/Vpc \(selection: \{"subnets":\[\]\}\); /);
  });

  test('fails when the interface subnets name a subnet group the VPC lacks', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ subnets: { subnetGroupName: 'Application' } }) }))
      .toThrow(/^endpoint\.interfaceOptions\.subnets: the selection \{"subnetGroupName":"Application"\} does not work on VPC Stack\/Access\/Vpc: /);
  });

  test('fails when an interface subnet was imported without its Availability Zone', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const subnet = ec2.Subnet.fromSubnetId(stack, 'Subnet', 'subnet-0aaaaaaaaaaaaaaaa');

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ subnets: { subnets: [subnet] } }) }))
      .toThrow(/^endpoint\.interfaceOptions\.subnets: subnet subnet-0aaaaaaaaaaaaaaaa was imported without its Availability Zone, .*fromSubnetAttributes/);
  });

  test('warns when the interface subnets are all in one Availability Zone', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpcOptions: { maxAzs: 1 }, endpoint: DynamoEndpoint.interface() });

    // THEN
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Access',
      Match.stringLikeRegexp('^the interface endpoint\'s subnets are all in one Availability Zone .*\\[ack: cdk-private-dynamo-access:interfaceSingleAz\\]$'),
    );
    expect(interfaceEndpointProps(synth(stack), 'dynamodb').SubnetIds).toHaveLength(1);
  });

  test('does not warn when the interface subnets span two Availability Zones', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('interfaceSingleAz'));
  });

  test('fails when allowedPeers is omitted and the imported VPC has no known CIDR block', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
    });

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.interface() })).toThrow(
      /^endpoint\.interfaceOptions\.allowedPeers: not given, .* VPC Stack\/Vpc \(vpc-0a1b2c3d4e5f67890\) was imported without it; pass allowedPeers/,
    );
  });

  test('accepts an imported VPC without CIDR block when allowedPeers is given', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
    });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.interface({ allowedPeers: [] }) });

    // THEN
    const template = synth(stack);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', VpcId: 'vpc-0a1b2c3d4e5f67890' });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { VpcId: 'vpc-0a1b2c3d4e5f67890', SecurityGroupIngress: Match.absent() });
  });

  test('fails when an allowedPeer is IPv6 and the VPC is IPv4-only', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', {
      endpoint: DynamoEndpoint.interface({ allowedPeers: [ec2.Peer.ipv4('10.0.0.0/16'), ec2.Peer.ipv6('2001:db8::/32')] }),
    })).toThrow(/^endpoint\.interfaceOptions\.allowedPeers\[1\]: 2001:db8::\/32 is an IPv6 peer, but VPC Stack\/Access\/Vpc has no IPv6 addresses, .*pass IPv4 peers/);
  });

  test('does not judge an IPv6 allowedPeer with an imported VPC, whose IPv6 blocks are unknown', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      vpcCidrBlock: '10.20.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
    });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.interface({ allowedPeers: [ec2.Peer.ipv6('2001:db8::/32')] }) });

    // THEN
    synth(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIpv6: '2001:db8::/32', FromPort: 443, ToPort: 443 })],
    });
  });

  test('accepts an IPv6 allowedPeer in a dual-stack VPC', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      ipProtocol: ec2.IpProtocol.DUAL_STACK,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.interface({ allowedPeers: [ec2.Peer.ipv6('2001:db8::/32')] }) });

    // THEN
    synth(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIpv6: '2001:db8::/32', FromPort: 443, ToPort: 443 })],
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// cfn-lint over everything synthesized above
// ---------------------------------------------------------------------------------------------------

describe('cfn-lint', () => {
  test('every template synthesized by the tests above is clean', () => {
    // GIVEN the templates the tests above synthesized
    expect(synthesized.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'private-dynamo-access-'));
    try {
      const files = synthesized.map((entry, index) => {
        const file = join(dir, `template-${index}.json`);
        writeFileSync(file, JSON.stringify(entry.template, null, 1));
        return { ...entry, file };
      });

      // WHEN cfn-lint runs once per region over all of them
      const regions = [...new Set(files.map((entry) => entry.region))];
      const dirty = regions.filter((region) =>
        cfnLintFiles(files.filter((entry) => entry.region === region).map((entry) => entry.file), { regions: [region] }).length > 0);

      // THEN nothing is reported; otherwise name each test whose template has findings
      const report = files
        .filter((entry) => dirty.includes(entry.region))
        .map((entry) => ({ test: entry.test, findings: cfnLintFiles([entry.file], { regions: [entry.region] }) }))
        .filter((entry) => entry.findings.length > 0)
        .map((entry) => `${entry.test}:\n${entry.findings.map((f) => `  ${f.rule} ${f.resource}: ${f.message}`).join('\n')}`);
      expect(report).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
