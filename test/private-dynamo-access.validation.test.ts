import { App, Fn, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { ACCOUNT, azContext, concreteStack, ENV, envAgnosticStack, importedVpc, REGION, threeTierVpc } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';
import { gatewayEndpointProps, interfaceEndpointProps, routeTableRefs } from './support/templates';

/* Bad input: each fails at synth with an error that names the prop, shows the value and says how to fix it. */

/** Every template synthesized here is linted with cfn-lint after the tests of this file. */
const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

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
    const app = new App({ context: azContext() });
    const other = new Stack(app, 'Other', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const table = new dynamodb.TableV2(other, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const stack = new Stack(app, 'Stack', { env: ENV });

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { tables: [table] }))
      .toThrow(/^tables\[0\]: table at Other\/Table is in region us-east-1, but the stack is in eu-west-1; /);
  });

  test('fails when a TableV2 is in a stack of another account', () => {
    // GIVEN
    const app = new App({ context: azContext() });
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
      Match.stringLikeRegexp('^tables: the endpoint policy may need up to \\d+ characters once table names are known, more than the 20480 AWS allows.*policyMayExceedLimit'),
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
    const vpc = importedVpc(stack);
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
      .toThrow(/^endpoint\.subnets: selected no subnet in VPC Stack\/Access\/Vpc \(selection: \{"subnets":\[\]\}\); /);
  });

  test('fails when the interface subnets name a subnet group the VPC lacks', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ subnets: { subnetGroupName: 'Application' } }) }))
      .toThrow(/^endpoint\.subnets: the selection \{"subnetGroupName":"Application"\} does not work on VPC Stack\/Access\/Vpc: /);
  });

  test('fails when an interface subnet was imported without its Availability Zone', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const subnet = ec2.Subnet.fromSubnetId(stack, 'Subnet', 'subnet-0aaaaaaaaaaaaaaaa');

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ subnets: { subnets: [subnet] } }) }))
      .toThrow(/^endpoint\.subnets: subnet subnet-0aaaaaaaaaaaaaaaa was imported without its Availability Zone, .*fromSubnetAttributes/);
  });

  test('warns when the interface subnets are all in one Availability Zone', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { vpcOptions: { maxAzs: 1 }, endpoint: DynamoEndpoint.interface() });

    // THEN
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Access',
      Match.stringLikeRegexp('^endpoint.subnets: the interface endpoint\'s subnets are all in one Availability Zone .*\\[ack: cdk-private-dynamo-access:interfaceSingleAz\\]$'),
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
      /^endpoint\.allowedPeers: not given, .* VPC Stack\/Vpc \(vpc-0a1b2c3d4e5f67890\) was imported without it; pass allowedPeers/,
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
    })).toThrow(/^endpoint\.allowedPeers\[1\]: 2001:db8::\/32 is an IPv6 peer, but VPC Stack\/Access\/Vpc has no IPv6 addresses, .*pass IPv4 peers/);
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

describe('validation: input that used to synthesize a template that fails at deploy', () => {
  test('fails when tables is an empty list (a statement without Resource, which AWS rejects)', () => {
    // GIVEN WHEN THEN
    expect(() => new PrivateDynamoAccess(envAgnosticStack(), 'Access', { tables: [] }))
      .toThrow(/^tables: the list is empty, so the endpoint policy would admit no table .*; omit tables to admit every table of the stack's account and region, or list at least one table$/);
  });

  test('fails when the subnets belong to another VPC of the app', () => {
    // GIVEN two VPCs
    const stack = envAgnosticStack();
    const vpcA = threeTierVpc(stack, {}, 'VpcA');
    const vpcB = threeTierVpc(stack, {}, 'VpcB');

    // WHEN subnets of B are given with VPC A THEN the error names both VPCs and the fix
    expect(() => new PrivateDynamoAccess(stack, 'Access', { vpc: vpcA, subnets: { subnets: vpcB.isolatedSubnets } }))
      .toThrow(/^subnets: subnet Stack\/VpcB\/IsolatedSubnet1 belongs to VPC Stack\/VpcB, not to VPC Stack\/VpcA, .*; select subnets of the VPC given as vpc, or pass the subnet's own VPC as vpc$/);
  });

  test('accepts subnets of the same VPC imported twice with the same id', () => {
    // GIVEN one VPC imported twice (two stacks of a network team's VPC, say)
    const stack = envAgnosticStack();
    const attributes = { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['a', 'b'], isolatedSubnetIds: ['subnet-1', 'subnet-2'], isolatedSubnetRouteTableIds: ['rtb-1', 'rtb-2'] };
    const first = ec2.Vpc.fromVpcAttributes(stack, 'First', attributes);
    const second = ec2.Vpc.fromVpcAttributes(stack, 'Second', attributes);

    // WHEN / THEN
    expect(() => new PrivateDynamoAccess(stack, 'Access', { vpc: first, subnets: { subnets: second.isolatedSubnets } })).not.toThrow();
  });

  test.each([
    ['dynamodb:GetItems', /^actions\[0\]: "dynamodb:GetItems" names no DynamoDB action, so it would admit nothing; did you mean "dynamodb:GetItem"\? /],
    ['dynamodb:Frobnicate*', /^actions\[0\]: "dynamodb:Frobnicate\*" names no DynamoDB action \(no action matches the pattern\), so it would admit nothing; list actions/],
    ['s3:GetObject', /^actions\[0\]: "s3:GetObject" is not a DynamoDB action; /],
  ])('fails when an action is not one of DynamoDB\'s: %s', (action, message) => {
    // GIVEN WHEN THEN
    expect(() => new PrivateDynamoAccess(envAgnosticStack(), 'Access', { actions: [action] })).toThrow(message);
  });
});
