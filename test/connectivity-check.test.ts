import { Annotations as CoreAnnotations, App, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EXAMPLE_MODES, ExampleStack } from '../examples/example-stack';
import { ConnectivityCheck, DynamoEndpoint, PrivateDynamoAccess, PrivateDynamoAccessProps } from '../src';
import { ENV, lookupContext, PREFIX_LIST_IDS, REGION, secondaryCidrVpc, threeTierVpc, twoGroupVpc } from './support/fixtures';

// ---------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------

const PREFIX_LIST_ID = PREFIX_LIST_IDS[REGION];
/** What `cdk synth` caches after its lookups: the zones of eu-west-1 and DynamoDB's prefix list there. */
const LOOKUP_CONTEXT = lookupContext(ENV);

/** Any finding of the check, whatever its id. */
const ANY_FINDING = Match.stringLikeRegexp('\\[ack: cdk-private-dynamo-access:');

function finding(id: string, text = ''): Match {
  return Match.stringLikeRegexp(`${text}.*\\[ack: ${id}\\]`);
}

function newStack(id = 'Stack', app = new App({ context: LOOKUP_CONTEXT })): Stack {
  return new Stack(app, id, { env: ENV });
}

/** The stack's table, created on first use. */
function table(stack: Stack): dynamodb.ITableV2 {
  return (stack.node.tryFindChild('Table') as dynamodb.TableV2 | undefined) ??
    new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
}

function access(stack: Stack, vpc: ec2.IVpc, props: PrivateDynamoAccessProps = {}): PrivateDynamoAccess {
  return new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetGroupName: 'App' }, ...props });
}

function fn(stack: Stack, props: Partial<lambda.FunctionProps> & { vpc?: ec2.IVpc }, id = 'Fn'): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    ...props,
  });
}

/** The findings of a stack, synthesized once. */
function findings(stack: Stack): Annotations {
  return Annotations.fromStack(stack);
}

function expectNoFinding(stack: Stack): void {
  const annotations = findings(stack);
  annotations.hasNoError('*', ANY_FINDING);
  annotations.hasNoWarning('*', ANY_FINDING);
}

// ---------------------------------------------------------------------------------------------------
// No false positive
// ---------------------------------------------------------------------------------------------------

describe('no finding', () => {
  test.each(EXAMPLE_MODES)('on the example app in %s mode', (mode) => {
    // GIVEN the example: a Lambda function in the access subnets, granted the table, passed to allowFrom
    const stack = new ExampleStack(new App(), 'Example', { mode });

    // WHEN it is synthesized
    const annotations = findings(stack);

    // THEN the check reports nothing, and nothing at all is an error
    annotations.hasNoError('*', Match.anyValue());
    annotations.hasNoWarning('*', ANY_FINDING);
  });

  test('on a function in the access subnets, granted a table, with its default security group', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    const dynamoAccess = access(stack, vpc);

    // WHEN
    const handler = fn(stack, { vpc, vpcSubnets: { subnets: dynamoAccess.subnets } });
    table(stack).grantReadWriteData(handler);

    // THEN
    expectNoFinding(stack);
  });

  test('on a function in the VPC that is not granted DynamoDB', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);

    // WHEN a function sits in a subnet the endpoint does not serve, but does not use DynamoDB
    fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } });

    // THEN
    expectNoFinding(stack);
  });

  test('on a function that only reads a table stream through an event source mapping', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    const streamTable = new dynamodb.TableV2(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
    });

    // WHEN the Lambda service reads the stream for it: the function itself never calls DynamoDB
    const handler = fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } });
    handler.addEventSource(new DynamoEventSource(streamTable, { startingPosition: lambda.StartingPosition.LATEST }));

    // THEN
    expectNoFinding(stack);
  });

  test('on a function outside the VPC', () => {
    // GIVEN
    const stack = newStack();
    access(stack, twoGroupVpc(stack));

    // WHEN
    table(stack).grantReadData(fn(stack, {}));

    // THEN
    expectNoFinding(stack);
  });

  test('on a client in a subnet served by a second PrivateDynamoAccess on the same VPC', () => {
    // GIVEN one construct serves "App", another "Other"
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    new PrivateDynamoAccess(stack, 'OtherAccess', { vpc, subnets: { subnetGroupName: 'Other' } });

    // WHEN
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // THEN
    expectNoFinding(stack);
  });

  test('with connectivityCheck false', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);

    // WHEN the check is off, a certain break goes unreported
    access(stack, vpc, { connectivityCheck: false });
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // THEN
    expectNoFinding(stack);
  });
});

// ---------------------------------------------------------------------------------------------------
// Gateway mode: routes
// ---------------------------------------------------------------------------------------------------

describe('gateway mode: a client in a subnet the gateway endpoint does not serve', () => {
  test('is an error on the function, naming the subnet and the fix', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);

    // WHEN the function sits in the "Other" subnets, which have no route out at all
    const handler = fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } });
    table(stack).grantReadWriteData(handler);

    // THEN
    const annotations = findings(stack);
    annotations.hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE,
      '^lambda function Stack/Fn cannot reach DynamoDB: subnets Stack/Vpc/OtherSubnet1, Stack/Vpc/OtherSubnet2 have no route to a DynamoDB gateway endpoint ' +
      'and no other way out; place it in subnets that Stack/Access serves \\(vpcSubnets: \\{ subnets: access.subnets \\}\\)'));
    annotations.hasNoWarning('*', ANY_FINDING);
  });

  test('fixed: in the access subnets, no finding', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    const dynamoAccess = access(stack, vpc);

    // WHEN
    const handler = fn(stack, { vpc, vpcSubnets: { subnets: dynamoAccess.subnets } });
    table(stack).grantReadWriteData(handler);

    // THEN
    expectNoFinding(stack);
  });

  test('counts a client granted by an inline policy statement with dynamodb: actions', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);

    // WHEN
    const handler = fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } });
    handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: ['*'] }));

    // THEN
    findings(stack).hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE));
  });

  test('counts a client whose role has an AWS managed DynamoDB policy', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);

    // WHEN
    const handler = fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } });
    handler.role!.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonDynamoDBReadOnlyAccess'));

    // THEN
    findings(stack).hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE));
  });

  test('counts a client passed to allowFrom even without a grant', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    const dynamoAccess = access(stack, vpc);

    // WHEN
    dynamoAccess.allowFrom(fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // THEN
    findings(stack).hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE));
  });

  test('an imported VPC: the subnet\'s other routes are unknown, so a warning', () => {
    // GIVEN an imported VPC with two isolated subnets, one given access
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      vpcCidrBlock: '10.0.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      isolatedSubnetIds: ['subnet-aaaa', 'subnet-bbbb'],
      isolatedSubnetRouteTableIds: ['rtb-aaaa', 'rtb-bbbb'],
      isolatedSubnetIpv4CidrBlocks: ['10.0.0.0/24', '10.0.1.0/24'],
    });
    new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetFilters: [ec2.SubnetFilter.byIds(['subnet-aaaa'])] } });

    // WHEN the function sits in the other subnet
    const handler = fn(stack, { vpc, vpcSubnets: { subnetFilters: [ec2.SubnetFilter.byIds(['subnet-bbbb'])] } });
    table(stack).grantReadData(handler);

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE,
      '^lambda function Stack/Fn may not reach DynamoDB: the gateway endpoint of Stack/Access does not serve subnet-bbbb \\(its other routes are not known at synth\\)'));
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('a subnet the VPC does not list (imported by id): unknown, so a warning', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    const subnet = ec2.Subnet.fromSubnetAttributes(stack, 'Subnet', { subnetId: 'subnet-0123', routeTableId: 'rtb-0123', availabilityZone: 'eu-west-1a' });

    // WHEN the function's security group is in the VPC, its subnet unknown
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnets: [subnet] } }));

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE,
      'does not serve subnet-0123 \\(not a subnet of the VPC as known at synth\\)'));
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('a subnet with a NAT route: a warning that the client bypasses the endpoint', () => {
    // GIVEN a three-tier VPC; the construct serves only the isolated subnets
    const stack = newStack();
    const vpc = threeTierVpc(stack);
    new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });

    // WHEN the function sits in the private subnets, which route out through the NAT gateway
    const handler = fn(stack, { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
    table(stack).grantReadData(handler);

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.BYPASSES_ENDPOINT,
      '^lambda function Stack/Fn reaches DynamoDB through the NAT or internet route of Stack/Vpc/PrivateSubnet1, Stack/Vpc/PrivateSubnet2, not through the gateway endpoint'));
    annotations.hasNoError('*', ANY_FINDING);
  });
});

// ---------------------------------------------------------------------------------------------------
// Gateway mode: egress
// ---------------------------------------------------------------------------------------------------

describe('gateway mode: a client whose security group restricts outbound traffic', () => {
  function restrictedFunction(stack: Stack, dynamoAccess: PrivateDynamoAccess): lambda.Function {
    const handler = fn(stack, { vpc: dynamoAccess.vpc, vpcSubnets: { subnets: dynamoAccess.subnets }, allowAllOutbound: false });
    table(stack).grantReadData(handler);
    return handler;
  }

  test('without allowFrom: an error', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));

    // WHEN
    restrictedFunction(stack, dynamoAccess);

    // THEN
    findings(stack).hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_HTTPS_EGRESS,
      '^lambda function Stack/Fn cannot reach DynamoDB: its security group Stack/Fn/SecurityGroup has no outbound TCP 443 to DynamoDB ' +
      '\\(its prefix list, or 0.0.0.0/0\\); call allowFrom\\(client\\) on Stack/Access to add the egress rule'));
  });

  test('fixed: with allowFrom (egress to the looked-up prefix list), no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));

    // WHEN
    dynamoAccess.allowFrom(restrictedFunction(stack, dynamoAccess));

    // THEN
    expectNoFinding(stack);
  });

  test('fixed: with allowFrom and a given prefix list in an environment-agnostic stack, no finding', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const dynamoAccess = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.gateway({ prefixListId: PREFIX_LIST_ID }) });

    // WHEN
    dynamoAccess.allowFrom(restrictedFunction(stack, dynamoAccess));

    // THEN
    expectNoFinding(stack);
  });

  test('fixed: with the user\'s own egress rule on 443 to anywhere, no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));

    // WHEN
    const handler = restrictedFunction(stack, dynamoAccess);
    handler.connections.allowToAnyIpv4(ec2.Port.tcp(443));

    // THEN
    expectNoFinding(stack);
  });

  test('an imported security group that restricts outbound traffic: its rules are unknown, so a warning', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));
    const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0123456789abcdef0', { allowAllOutbound: false });

    // WHEN
    const handler = fn(stack, { vpc: dynamoAccess.vpc, vpcSubnets: { subnets: dynamoAccess.subnets }, securityGroups: [group] });
    table(stack).grantReadData(handler);

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_HTTPS_EGRESS,
      '^lambda function Stack/Fn may not reach DynamoDB: whether its security groups \\(sg-0123456789abcdef0\\) allow outbound TCP 443 .* is not known at synth ' +
      '\\(sg-0123456789abcdef0 is imported and restricts outbound traffic, so its rules are not known\\)'));
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('an imported security group, fixed: allowFrom adds the rule in this app, no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));
    const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0123456789abcdef0', { allowAllOutbound: false });

    // WHEN
    const handler = fn(stack, { vpc: dynamoAccess.vpc, vpcSubnets: { subnets: dynamoAccess.subnets }, securityGroups: [group] });
    table(stack).grantReadData(handler);
    dynamoAccess.allowFrom(handler);

    // THEN
    expectNoFinding(stack);
  });
});

// ---------------------------------------------------------------------------------------------------
// Interface mode
// ---------------------------------------------------------------------------------------------------

describe('interface mode', () => {
  function interfaceAccess(stack: Stack, endpoint = DynamoEndpoint.interface()): PrivateDynamoAccess {
    return access(stack, twoGroupVpc(stack), { endpoint });
  }

  function client(stack: Stack, dynamoAccess: PrivateDynamoAccess, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
    const handler = fn(stack, {
      vpc: dynamoAccess.vpc,
      vpcSubnets: { subnets: dynamoAccess.subnets },
      environment: dynamoAccess.clientEnvironment,
      ...props,
    });
    table(stack).grantReadWriteData(handler);
    return handler;
  }

  test('the endpoint\'s security group does not admit the client: an error', () => {
    // GIVEN an endpoint that admits no CIDR, only allowFrom clients
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack, DynamoEndpoint.interface({ allowedPeers: [] }));

    // WHEN the client is not passed to allowFrom
    client(stack, dynamoAccess);

    // THEN
    const annotations = findings(stack);
    annotations.hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.ENDPOINT_REJECTS_CLIENT,
      '^lambda function Stack/Fn cannot reach DynamoDB: the interface endpoint\'s security group Stack/Access/InterfaceEndpointSecurityGroup has no inbound TCP 443 ' +
      'from its security groups or subnets; call allowFrom\\(client\\) on Stack/Access, or add its subnets\' CIDR to allowedPeers'));
    annotations.hasNoWarning('*', ANY_FINDING);
  });

  test('the endpoint\'s security group does not admit the client, fixed: allowFrom, no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack, DynamoEndpoint.interface({ allowedPeers: [] }));

    // WHEN
    dynamoAccess.allowFrom(client(stack, dynamoAccess));

    // THEN
    expectNoFinding(stack);
  });

  test('the endpoint admits a CIDR that does not hold the client\'s subnets: an error; one that does: no finding', () => {
    // GIVEN two stacks: one endpoint admits 192.168.0.0/16, the other the client's 10.0.0.0/16
    const elsewhere = newStack('Elsewhere');
    client(elsewhere, interfaceAccess(elsewhere, DynamoEndpoint.interface({ allowedPeers: [ec2.Peer.ipv4('192.168.0.0/16')] })));
    const here = newStack('Here');

    // WHEN
    client(here, interfaceAccess(here, DynamoEndpoint.interface({ allowedPeers: [ec2.Peer.ipv4('10.0.0.0/16')] })));

    // THEN
    findings(elsewhere).hasError('/Elsewhere/Fn/Resource', finding(ConnectivityCheck.ENDPOINT_REJECTS_CLIENT));
    expectNoFinding(here);
  });

  test('a client in a subnet of a secondary CIDR block: an endpoint that admits only the primary block is an error, the default is not', () => {
    // GIVEN an imported VPC with primary block 10.0.0.0/16 and its subnets in 100.64.0.0/16
    const vpcOf = (stack: Stack) => secondaryCidrVpc(stack);
    const primaryOnly = newStack('PrimaryOnly');
    const narrow = new PrivateDynamoAccess(primaryOnly, 'Access', {
      vpc: vpcOf(primaryOnly), endpoint: DynamoEndpoint.interface({ allowedPeers: [ec2.Peer.ipv4('10.0.0.0/16')] }),
    });
    client(primaryOnly, narrow);
    const byDefault = newStack('ByDefault');

    // WHEN the other endpoint admits the VPC by default
    client(byDefault, new PrivateDynamoAccess(byDefault, 'Access', { vpc: vpcOf(byDefault), endpoint: DynamoEndpoint.interface() }));

    // THEN the check judges the client's subnets, not "the VPC": only the narrow endpoint rejects it
    findings(primaryOnly).hasError('/PrimaryOnly/Fn/Resource', finding(ConnectivityCheck.ENDPOINT_REJECTS_CLIENT));
    expectNoFinding(byDefault);
  });

  test('the client\'s egress is blocked: an error', () => {
    // GIVEN the default endpoint, which admits the VPC's CIDR
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack);

    // WHEN the client allows no outbound traffic and is not passed to allowFrom
    client(stack, dynamoAccess, { allowAllOutbound: false });

    // THEN
    const annotations = findings(stack);
    annotations.hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_HTTPS_EGRESS,
      '^lambda function Stack/Fn cannot reach DynamoDB: its security group Stack/Fn/SecurityGroup has no outbound TCP 443 to the interface endpoint'));
    annotations.hasNoError('/Stack/Fn/Resource', finding(ConnectivityCheck.ENDPOINT_REJECTS_CLIENT));
  });

  test('the client\'s egress is blocked, fixed: allowFrom, no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack);

    // WHEN
    dynamoAccess.allowFrom(client(stack, dynamoAccess, { allowAllOutbound: false }));

    // THEN
    expectNoFinding(stack);
  });

  test('the client lacks clientEnvironment: an error', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack);

    // WHEN the function is not given AWS_ENDPOINT_URL_DYNAMODB
    dynamoAccess.allowFrom(client(stack, dynamoAccess, { environment: { TABLE_NAME: 'table' } }));

    // THEN
    const annotations = findings(stack);
    annotations.hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_CONFIGURATION,
      '^lambda function Stack/Fn cannot reach DynamoDB: AWS_ENDPOINT_URL_DYNAMODB is not in its environment, so its SDK calls DynamoDB\'s public name, ' +
      'which has no route from its subnets \\(the interface endpoint has no private DNS\\); merge access.clientEnvironment of Stack/Access into its environment, ' +
      'or call access.acknowledgeClientConfiguration\\(client, reason\\) if its code sets the endpoint'));
    annotations.hasNoWarning('*', ANY_FINDING);
  });

  test('the client lacks clientEnvironment, fixed: clientEnvironment merged, no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack);

    // WHEN
    dynamoAccess.allowFrom(client(stack, dynamoAccess, { environment: { TABLE_NAME: 'table', ...dynamoAccess.clientEnvironment } }));

    // THEN
    expectNoFinding(stack);
  });

  test('the client lacks clientEnvironment, fixed: acknowledgeClientConfiguration, no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack);

    // WHEN
    const handler = client(stack, dynamoAccess, { environment: {} });
    dynamoAccess.allowFrom(handler);
    dynamoAccess.acknowledgeClientConfiguration(handler, 'the handler passes ENDPOINT_URL to DynamoDBClient');

    // THEN
    expectNoFinding(stack);
  });

  test('acknowledgeClientConfiguration needs a reason', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack);

    // WHEN / THEN
    expect(() => dynamoAccess.acknowledgeClientConfiguration(client(stack, dynamoAccess), ' '))
      .toThrow(/acknowledgeClientConfiguration: the reason for Stack\/Fn is empty/);
  });

  test('an imported endpoint security group that cannot be changed: unknown, so a warning', () => {
    // GIVEN
    const stack = newStack();
    const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointGroup', 'sg-0fedcba9876543210', { mutable: false });
    const dynamoAccess = interfaceAccess(stack, DynamoEndpoint.interface({ securityGroups: [group] }));

    // WHEN allowFrom can add no rule to the group
    dynamoAccess.allowFrom(client(stack, dynamoAccess));

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.ENDPOINT_REJECTS_CLIENT,
      '^lambda function Stack/Fn may not reach DynamoDB: whether the interface endpoint\'s security groups \\(sg-0fedcba9876543210\\) admit TCP 443 from it ' +
      'is not known at synth \\(sg-0fedcba9876543210 is imported, so its rules are not known\\)'));
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('an imported endpoint security group, fixed: mutable, so allowFrom adds the rule, no finding', () => {
    // GIVEN
    const stack = newStack();
    const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointGroup', 'sg-0fedcba9876543210');
    const dynamoAccess = interfaceAccess(stack, DynamoEndpoint.interface({ securityGroups: [group] }));

    // WHEN
    dynamoAccess.allowFrom(client(stack, dynamoAccess));

    // THEN
    expectNoFinding(stack);
  });

  test('a client without clientEnvironment in a subnet with a NAT route: a warning that it bypasses the endpoint', () => {
    // GIVEN a three-tier VPC and an interface endpoint
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    const dynamoAccess = new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.interface() });

    // WHEN the function keeps calling DynamoDB's public name, through the NAT gateway
    dynamoAccess.allowFrom(client(stack, dynamoAccess, { environment: {} }));

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.BYPASSES_ENDPOINT,
      '^lambda function Stack/Fn reaches DynamoDB through the NAT or internet route of its subnets, not through the interface endpoint of Stack/Access, ' +
      'because AWS_ENDPOINT_URL_DYNAMODB is not in its environment'));
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('a client without clientEnvironment in subnets a DynamoDB gateway endpoint serves: no finding', () => {
    // GIVEN an interface endpoint, and the VPC's own DynamoDB gateway endpoint on the "Other" subnets
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack);
    (dynamoAccess.vpc as ec2.Vpc).addGatewayEndpoint('DynamoDb', {
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [{ subnetGroupName: 'Other' }],
    });

    // WHEN a function there calls DynamoDB's public name
    dynamoAccess.allowFrom(client(stack, dynamoAccess, { vpcSubnets: { subnetGroupName: 'Other' }, environment: {} }));

    // THEN
    expectNoFinding(stack);
  });

  test('gateway+interface: a client pointed at the interface endpoint is judged by it, not by the gateway routes', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack), { endpoint: DynamoEndpoint.gatewayAndInterface() });

    // WHEN a function in subnets the gateway does not serve calls the interface endpoint by name
    client(stack, dynamoAccess, { vpcSubnets: { subnetGroupName: 'Other' }, environment: { AWS_ENDPOINT_URL_DYNAMODB: dynamoAccess.endpointUrl! } });

    // THEN
    expectNoFinding(stack);
  });
});

// ---------------------------------------------------------------------------------------------------
// Other client kinds
// ---------------------------------------------------------------------------------------------------

describe('SDK settings that break the path', () => {
  function interfaceClient(stack: Stack, environment: Record<string, string>): lambda.Function {
    const dynamoAccess = access(stack, twoGroupVpc(stack), { endpoint: DynamoEndpoint.interface() });
    const handler = fn(stack, {
      vpc: dynamoAccess.vpc,
      vpcSubnets: { subnets: dynamoAccess.subnets },
      environment: { ...dynamoAccess.clientEnvironment, ...environment },
    });
    table(stack).grantReadWriteData(handler);
    dynamoAccess.allowFrom(handler);
    return handler;
  }

  test.each([
    ['AWS_USE_FIPS_ENDPOINT', /AWS_USE_FIPS_ENDPOINT=true is in its environment together with AWS_ENDPOINT_URL_DYNAMODB, and AWS SDKs refuse to combine a FIPS endpoint with an endpoint URL/],
    ['AWS_USE_DUALSTACK_ENDPOINT', /AWS_USE_DUALSTACK_ENDPOINT=true is in its environment together with AWS_ENDPOINT_URL_DYNAMODB, and AWS SDKs refuse to combine a dual-stack endpoint/],
    ['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', /AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true is in its environment, so its SDK ignores AWS_ENDPOINT_URL_DYNAMODB/],
  ])('interface mode, %s=true next to the endpoint URL: an error; without it: no finding', (setting, message) => {
    // GIVEN a client pointed at the interface endpoint, with and without the setting
    const broken = newStack('Broken');
    interfaceClient(broken, { [setting]: 'true' });
    const fixed = newStack('Fixed');
    interfaceClient(fixed, { [setting]: 'false' });

    // THEN
    findings(broken).hasError('/Broken/Fn/Resource', Match.stringLikeRegexp(`${message.source}.*\\[ack: ${ConnectivityCheck.CONFLICTING_SDK_SETTINGS}\\]`));
    expectNoFinding(fixed);
  });

  test('gateway mode: a function allowed IPv6 with AWS_USE_DUALSTACK_ENDPOINT=true: a warning that the gateway route is IPv4', () => {
    // GIVEN a dual-stack VPC and a function that may send IPv6, pointed at DynamoDB's dual-stack name
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      ipProtocol: ec2.IpProtocol.DUAL_STACK,
      subnetConfiguration: [{ name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const dynamoAccess = access(stack, vpc);
    const handler = fn(stack, {
      vpc, vpcSubnets: { subnets: dynamoAccess.subnets }, ipv6AllowedForDualStack: true, environment: { AWS_USE_DUALSTACK_ENDPOINT: 'true' },
    });
    table(stack).grantReadData(handler);

    // THEN
    findings(stack).hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.DUALSTACK_BYPASSES_GATEWAY, 'the gateway route \\(IPv4 only\\)'));
  });

  test('gateway mode: the same function without the dual-stack setting: no finding', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2, natGateways: 0, ipProtocol: ec2.IpProtocol.DUAL_STACK, subnetConfiguration: [{ name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const dynamoAccess = access(stack, vpc);
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnets: dynamoAccess.subnets }, ipv6AllowedForDualStack: true }));
    expectNoFinding(stack);
  });
});

describe('other client kinds', () => {
  function fargateService(
    stack: Stack, dynamoAccess: PrivateDynamoAccess, environment: Record<string, string>, subnets?: ec2.SubnetSelection,
  ): ecs.FargateService {
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: dynamoAccess.vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    // an image of the account's ECR, and the endpoints its tasks need to start (a public image cannot start in isolated subnets)
    taskDefinition.addContainer('App', { image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'app')), environment });
    table(stack).grantReadWriteData(taskDefinition.taskRole);
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, vpcSubnets: subnets ?? { subnets: dynamoAccess.subnets } });
    dynamoAccess.addEndpointsFor(service);
    return service;
  }

  test('an ECS Fargate service in interface mode without clientEnvironment: an error on the service', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack), { endpoint: DynamoEndpoint.interface() });

    // WHEN
    dynamoAccess.allowFrom(fargateService(stack, dynamoAccess, { TABLE_NAME: 'table' }));

    // THEN
    findings(stack).hasError('/Stack/Service/Service', finding(ConnectivityCheck.NO_ENDPOINT_CONFIGURATION, '^ecs service Stack/Service cannot reach DynamoDB'));
  });

  test('an ECS Fargate service in interface mode, fixed: clientEnvironment in the container, no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack), { endpoint: DynamoEndpoint.interface() });

    // WHEN
    dynamoAccess.allowFrom(fargateService(stack, dynamoAccess, dynamoAccess.clientEnvironment));

    // THEN
    expectNoFinding(stack);
  });

  test('an ECS Fargate service in gateway mode in a subnet the endpoint does not serve: an error', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));

    // WHEN
    fargateService(stack, dynamoAccess, {}, { subnetGroupName: 'Other' });

    // THEN
    findings(stack).hasError('/Stack/Service/Service', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE, '^ecs service Stack/Service cannot reach DynamoDB'));
  });

  test('an EC2 instance in interface mode: its configuration cannot be read, so a warning; user data that sets it: no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack), { endpoint: DynamoEndpoint.interface() });
    const instance = (id: string) => {
      const created = new ec2.Instance(stack, id, {
        vpc: dynamoAccess.vpc,
        vpcSubnets: { subnets: dynamoAccess.subnets },
        instanceType: new ec2.InstanceType('t4g.micro'),
        machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      });
      table(stack).grantReadData(created);
      return created;
    };

    // WHEN
    instance('Unconfigured');
    instance('Configured').userData.addCommands(`echo "AWS_ENDPOINT_URL_DYNAMODB=${dynamoAccess.endpointUrl}" >> /etc/environment`);

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Unconfigured/Resource', finding(ConnectivityCheck.NO_ENDPOINT_CONFIGURATION,
      '^ec2 instance Stack/Unconfigured may not reach DynamoDB: whether it calls the interface endpoint instead of DynamoDB\'s public name is not known at synth ' +
      '\\(the check reads only its user data, which does not mention it\\)'));
    annotations.hasNoWarning('/Stack/Configured/Resource', ANY_FINDING);
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('an auto-scaling group in gateway mode in a subnet the endpoint does not serve: an error; in the access subnets: no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));
    const group = (id: string, vpcSubnets: ec2.SubnetSelection) => table(stack).grantReadData(new autoscaling.AutoScalingGroup(stack, id, {
      vpc: dynamoAccess.vpc,
      vpcSubnets,
      instanceType: new ec2.InstanceType('t4g.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
    }));

    // WHEN
    group('Elsewhere', { subnetGroupName: 'Other' });
    group('Served', { subnets: dynamoAccess.subnets });

    // THEN
    const annotations = findings(stack);
    annotations.hasError('/Stack/Elsewhere/ASG', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE, '^auto scaling group Stack/Elsewhere cannot reach DynamoDB'));
    annotations.hasNoError('/Stack/Served/ASG', ANY_FINDING);
  });

  test('another construct with connections placed in the VPC (a CodeBuild project): an error', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));

    // WHEN
    const project = new codebuild.Project(stack, 'Project', {
      vpc: dynamoAccess.vpc,
      subnetSelection: { subnetGroupName: 'Other' },
      buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['true'] } } }),
    });
    table(stack).grantReadData(project);

    // THEN
    findings(stack).hasError('/Stack/Project/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE, '^client \\(aws-cdk-lib.aws_codebuild.Project\\) Stack/Project cannot reach DynamoDB'));
  });
});

// ---------------------------------------------------------------------------------------------------
// Across stacks
// ---------------------------------------------------------------------------------------------------

describe('a client in another stack of the same environment', () => {
  function twoStacks(): { network: Stack; service: Stack; dynamoAccess: PrivateDynamoAccess } {
    const app = new App({ context: LOOKUP_CONTEXT });
    const network = newStack('Network', app);
    const dynamoAccess = access(network, twoGroupVpc(network));
    return { network, service: newStack('Service', app), dynamoAccess };
  }

  test('in a subnet the gateway endpoint does not serve: an error in the client\'s stack', () => {
    // GIVEN
    const { network, service, dynamoAccess } = twoStacks();

    // WHEN
    const handler = fn(service, { vpc: dynamoAccess.vpc, vpcSubnets: { subnetGroupName: 'Other' } });
    table(service).grantReadData(handler);

    // THEN
    findings(service).hasError('/Service/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE,
      '^lambda function Service/Fn cannot reach DynamoDB: subnets Network/Vpc/OtherSubnet1, Network/Vpc/OtherSubnet2 have no route'));
    expectNoFinding(network);
  });

  test('fixed: in the access subnets, no finding in either stack', () => {
    // GIVEN
    const { network, service, dynamoAccess } = twoStacks();

    // WHEN
    const handler = fn(service, { vpc: dynamoAccess.vpc, vpcSubnets: { subnets: dynamoAccess.subnets } });
    table(service).grantReadData(handler);
    dynamoAccess.allowFrom(handler);

    // THEN
    expectNoFinding(service);
    expectNoFinding(network);
  });

  test('interface mode with allowFrom and clientEnvironment: no finding in either stack', () => {
    // GIVEN
    const app = new App({ context: LOOKUP_CONTEXT });
    const network = newStack('Network', app);
    const dynamoAccess = access(network, twoGroupVpc(network), { endpoint: DynamoEndpoint.interface({ allowedPeers: [] }) });
    const service = newStack('Service', app);

    // WHEN
    const handler = fn(service, {
      vpc: dynamoAccess.vpc,
      vpcSubnets: { subnets: dynamoAccess.subnets },
      allowAllOutbound: false,
      environment: dynamoAccess.clientEnvironment,
    });
    table(service).grantReadData(handler);
    dynamoAccess.allowFrom(handler);

    // THEN
    expectNoFinding(service);
    expectNoFinding(network);
  });
});

// ---------------------------------------------------------------------------------------------------
// Acknowledgements
// ---------------------------------------------------------------------------------------------------

describe('acknowledging a finding the CDK way', () => {
  test('an error acknowledged on the client is not reported', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    const handler = fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } });
    table(stack).grantReadData(handler);

    // WHEN
    CoreAnnotations.of(handler).acknowledgeWarning(ConnectivityCheck.NO_ENDPOINT_ROUTE, 'the route tables route to a transit gateway outside this app');

    // THEN
    expectNoFinding(stack);
  });

  test('a warning acknowledged on the stack is not reported', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));
    const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0123456789abcdef0', { allowAllOutbound: false });
    table(stack).grantReadData(fn(stack, { vpc: dynamoAccess.vpc, vpcSubnets: { subnets: dynamoAccess.subnets }, securityGroups: [group] }));

    // WHEN
    CoreAnnotations.of(stack).acknowledgeWarning(ConnectivityCheck.NO_HTTPS_EGRESS, 'sg-0123456789abcdef0 allows 443 to the prefix list');

    // THEN
    expectNoFinding(stack);
  });

  test('an acknowledgement of one id leaves the others reported', () => {
    // GIVEN a function that breaks twice: an unserved subnet and no egress
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    const handler = fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' }, allowAllOutbound: false });
    table(stack).grantReadData(handler);

    // WHEN
    CoreAnnotations.of(handler).acknowledgeWarning(ConnectivityCheck.NO_ENDPOINT_ROUTE, 'routed through a transit gateway');

    // THEN
    const annotations = findings(stack);
    annotations.hasNoError('*', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE));
    annotations.hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_HTTPS_EGRESS));
  });

  test('a finding is reported once, however often the app is synthesized', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // WHEN
    findings(stack);
    const annotations = findings(stack);

    // THEN
    expect(annotations.findError('*', ANY_FINDING)).toHaveLength(1);
    annotations.hasNoWarning('*', ANY_FINDING);
  });
});

describe('synthesized more than once, or several apps', () => {
  test('a client added after a first synth is judged by the next one', () => {
    // GIVEN an app synthesized once without a client
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    expectNoFinding(stack);

    // WHEN a client in a subnet the endpoint does not serve is added, and the app synthesized again
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // THEN
    const annotations = findings(stack);
    expect(annotations.findError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE))).toHaveLength(1);
  });

  test('each app is judged on its own clients', () => {
    // GIVEN two apps, only the second with a broken client
    const first = newStack();
    access(first, twoGroupVpc(first));
    const second = newStack();
    const vpc = twoGroupVpc(second);
    access(second, vpc);
    table(second).grantReadData(fn(second, { vpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // THEN
    expectNoFinding(first);
    expect(findings(second).findError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE))).toHaveLength(1);
    expectNoFinding(first);
  });

  test('accesses in a nested stage and in the app are each checked', () => {
    // GIVEN a broken client next to an access in the app, and another in a nested stage
    const app = new App({ context: LOOKUP_CONTEXT });
    const outer = newStack('Outer', app);
    const outerVpc = twoGroupVpc(outer);
    access(outer, outerVpc);
    table(outer).grantReadData(fn(outer, { vpc: outerVpc, vpcSubnets: { subnetGroupName: 'Other' } }));
    const inner = new Stack(new Stage(app, 'Nested'), 'Inner', { env: ENV });
    const innerVpc = twoGroupVpc(inner);
    access(inner, innerVpc);
    table(inner).grantReadData(fn(inner, { vpc: innerVpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // THEN
    expect(findings(outer).findError('/Outer/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE))).toHaveLength(1);
    expect(findings(inner).findError('/Nested/Inner/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE))).toHaveLength(1);
  });
});
