import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, CfnOutput, Annotations as CoreAnnotations, Fn, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import { ConnectivityCheck, DynamoEndpoint, NewVpcOptions, PrivateDynamoAccess } from '../src';
import { controlTowerFindings, controlTowerVpcOptions, describeFinding } from './support/control-tower';
import { ACCOUNT, ENV, lookupContext, OTHER_ACCOUNT, OTHER_REGION, REGION } from './support/fixtures';
import { APP, Caller, simulate } from './support/iam-simulation';
import { LintedTemplates } from './support/linted-templates';
import { AppResolver } from './support/resolve-app';
import { ResolvedEndpoint, TemplateResolver } from './support/resolve-template';

/*
 * Apps composed the way users compose them: network, data and app stacks; two regions and two accounts;
 * a Stage per environment; NestedStacks; two VPCs on one table; global tables and streams; a hand-written
 * network included with CfnInclude. Every template of every app is linted with cfn-lint and checked for a
 * dependency cycle (after the tests of this file); every claim about who may reach a table is evaluated
 * with an IAM policy engine on the synthesized policies, resolved across the app's stacks.
 */

const templates = new LintedTemplates();

/** Any finding of the connectivity check. */
const ANY_FINDING = Match.stringLikeRegexp('\\[ack: cdk-private-dynamo-access:');

const OTHER_ENV = { account: ACCOUNT, region: OTHER_REGION };
const OTHER_ACCOUNT_ENV = { account: OTHER_ACCOUNT, region: REGION };

function newApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...lookupContext(ENV), ...lookupContext(OTHER_ENV), ...lookupContext(OTHER_ACCOUNT_ENV), ...context } });
}

function ordersTable(scope: Stack, id = 'Orders', props: Partial<dynamodb.TablePropsV2> = {}): dynamodb.TableV2 {
  return new dynamodb.TableV2(scope, id, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, ...props });
}

/** A VPC Lambda function in the access subnets, granted the table, pointed at the endpoint, allowed through. */
function client(scope: Stack, access: PrivateDynamoAccess, table?: dynamodb.ITable, id = 'Handler'): lambda.Function {
  const fn = new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    vpc: access.vpc,
    vpcSubnets: { subnets: access.subnets },
    environment: access.clientEnvironment,
  });
  table?.grantReadWriteData(fn);
  access.allowFrom(fn);
  return fn;
}

/** Synthesizes the app, keeps every template for cfn-lint, and fails on any connectivity finding. */
function synthClean(app: Stage): AppResolverWithStage {
  templates.synthStage(app);
  const stacks = app.node.findAll().filter((construct): construct is Stack => construct instanceof Stack && !(construct instanceof NestedStack));
  for (const stack of stacks) {
    const annotations = Annotations.fromStack(stack);
    annotations.hasNoError('*', ANY_FINDING);
    annotations.hasNoWarning('*', ANY_FINDING);
  }
  return new AppResolverWithStage(app).withNestedStacks(app.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack));
}

/** The app's templates resolved together, each stack in its own environment. */
class AppResolverWithStage extends AppResolver {
  constructor(stage: Stage) {
    const stacks = new Map(stage.node.findAll().filter((c): c is Stack => c instanceof Stack).map((stack) => [stack.stackName, stack]));
    super(stage.synth(), (name) => {
      const stack = stacks.get(name);
      return stack === undefined || stack.resolve(stack.region).Ref !== undefined ? {} : { account: stack.account, region: stack.region };
    });
  }
}

function endpointOf(resolver: TemplateResolver, type: 'Gateway' | 'Interface'): ResolvedEndpoint {
  const endpoint = resolver.dynamoEndpoints().find((candidate) => candidate.type === type && candidate.serviceName.endsWith('.dynamodb'));
  if (endpoint === undefined) {
    throw new Error(`no DynamoDB ${type} endpoint in the template`);
  }
  return endpoint;
}

function tableLogicalId(table: dynamodb.TableV2): string {
  return Stack.of(table).getLogicalId(table.node.defaultChild as dynamodb.CfnGlobalTable);
}

function callerOf(resolver: TemplateResolver): Caller {
  return { ...APP, arn: `arn:aws:iam::${resolver.env.account}:role/app`, account: resolver.env.account };
}

describe('network, data and app stacks', () => {
  test('the lock-down recipe works: the network stack admits the account\'s tables, the data stack locks its table to the VPC', async () => {
    // GIVEN the network in one stack, the table in another, the function in a third
    const app = newApp();
    const network = new Stack(app, 'Network');
    const data = new Stack(app, 'Data');
    const service = new Stack(app, 'Service');
    const access = new PrivateDynamoAccess(network, 'DynamoAccess');
    const orders = ordersTable(data);
    client(service, access, orders);

    // WHEN the data stack's table is locked to the network's VPC
    access.restrictTable(orders);

    // THEN every template synthesizes, lints clean, has no finding; and the policies do what they claim
    const resolver = synthClean(app);
    const gateway = endpointOf(resolver.stack('Network'), 'Gateway');
    const dataStack = resolver.stack('Data');
    const table = dataStack.getAtt(tableLogicalId(orders), 'Arn');
    const policy = dataStack.tableResourcePolicy(tableLogicalId(orders));
    const caller = callerOf(dataStack);
    await expect(simulate({ caller, action: 'dynamodb:GetItem', resource: table, through: gateway, resourcePolicy: policy }))
      .resolves.toMatchObject({ overall: 'Allowed' });
    await expect(simulate({ caller, action: 'dynamodb:GetItem', resource: table, resourcePolicy: policy }))
      .resolves.toMatchObject({ overall: 'ExplicitlyDenied' });
  });

  test('a table of the data stack listed in tables by its fixed name: the network stack names it without an export, and restrictTable works', async () => {
    // GIVEN a table with a fixed name in the data stack, listed by the network's access
    const app = newApp();
    const network = new Stack(app, 'Network');
    const data = new Stack(app, 'Data');
    const orders = ordersTable(data, 'Orders', { tableName: 'orders' });
    const access = new PrivateDynamoAccess(network, 'DynamoAccess', { tables: [orders] });

    // WHEN the table is locked to the VPC
    access.restrictTable(orders);

    // THEN the network stack imports nothing from the data stack, and the table is reachable through the endpoint only
    const resolver = synthClean(app);
    expect(JSON.stringify(app.synth().getStackByName('Network').template)).not.toContain('Fn::ImportValue');
    const gateway = endpointOf(resolver.stack('Network'), 'Gateway');
    const dataStack = resolver.stack('Data');
    const table = dataStack.tableArn('orders');
    const policy = dataStack.tableResourcePolicy(tableLogicalId(orders));
    await expect(simulate({ caller: callerOf(dataStack), action: 'dynamodb:PutItem', resource: table, through: gateway, resourcePolicy: policy }))
      .resolves.toMatchObject({ overall: 'Allowed' });
    await expect(simulate({ caller: callerOf(dataStack), action: 'dynamodb:PutItem', resource: table, resourcePolicy: policy }))
      .resolves.toMatchObject({ overall: 'ExplicitlyDenied' });
  });

  test('fails when restrictTable would make the stacks reference each other: a table without a fixed name, listed in tables', () => {
    // GIVEN a table of the data stack without a fixed name, listed by the network's access
    const app = newApp();
    const network = new Stack(app, 'Network');
    const data = new Stack(app, 'Data');
    const orders = ordersTable(data);
    const access = new PrivateDynamoAccess(network, 'DynamoAccess', { tables: [orders] });

    // WHEN the table is locked THEN the error names restrictTable, the cycle and the ways out
    expect(() => access.restrictTable(orders)).toThrow(
      /^restrictTable: table Data\/Orders is in stack Data and tables of Network\/DynamoAccess \(in stack Network\) lists it, so each stack would reference the other .*; give the table a fixed name \(tableName\).*or omit tables \(or admit tables by tableTag\)/);
  });

  test('interface mode: the app stack\'s function gets the endpoint URL and the security-group rules in its own stack', () => {
    // GIVEN an interface endpoint in the network stack and a function in another stack
    const app = newApp();
    const network = new Stack(app, 'Network');
    const service = new Stack(app, 'Service');
    const access = new PrivateDynamoAccess(network, 'DynamoAccess', { endpoint: DynamoEndpoint.interface() });
    new CfnOutput(network, 'EndpointUrl', { value: access.endpointUrl! });

    // WHEN the function is wired with clientEnvironment and allowFrom
    const fn = client(service, access, ordersTable(service));

    // THEN no finding, every template lints clean, and the function's environment imports the URL
    synthClean(app);
    const variables = (app.synth().getStackByName('Service').template as any).Resources[Stack.of(fn).getLogicalId(fn.node.defaultChild as lambda.CfnFunction)]
      .Properties.Environment.Variables;
    expect(JSON.stringify(variables.AWS_ENDPOINT_URL_DYNAMODB)).toContain('Fn::ImportValue');
  });
});

describe('two regions, two accounts', () => {
  test.each([
    ['two regions', OTHER_ENV],
    ['two accounts', OTHER_ACCOUNT_ENV],
  ])('%s: a stack per environment, each with an access and a VPC function, one granted a table, synthesizes with no finding', (_name, other) => {
    // GIVEN the same network in two environments, a table granted in the first only
    const app = newApp();
    for (const env of [ENV, other]) {
      const stack = new Stack(app, `Service-${env.account}-${env.region}`, { env });
      const access = new PrivateDynamoAccess(stack, 'DynamoAccess');
      client(stack, access, env === ENV ? ordersTable(stack) : undefined);
    }

    // WHEN the app is synthesized THEN it does not crash on the other environment's role, and nothing is reported
    synthClean(app);
  });

  test('a broken client in the second region is still reported, in its own stack', () => {
    // GIVEN two regions; in the second, the function sits outside the subnets the access serves
    const app = newApp();
    const first = new Stack(app, 'First', { env: ENV });
    client(first, new PrivateDynamoAccess(first, 'DynamoAccess'), ordersTable(first));
    const second = new Stack(app, 'Second', { env: OTHER_ENV });
    const vpc = new ec2.Vpc(second, 'Vpc', {
      natGateways: 0,
      maxAzs: 2,
      subnetConfiguration: [{ name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, { name: 'Other', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    new PrivateDynamoAccess(second, 'DynamoAccess', { vpc, subnets: { subnetGroupName: 'App' } });
    const fn = new lambda.Function(second, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      vpc,
      vpcSubnets: { subnetGroupName: 'Other' },
    });
    ordersTable(second).grantReadData(fn);

    // WHEN synthesized THEN the second region's function has the error, the first region nothing
    Annotations.fromStack(second).hasError('/Second/Handler/Resource', Match.stringLikeRegexp(`\\[ack: ${ConnectivityCheck.NO_ENDPOINT_ROUTE}\\]`));
    Annotations.fromStack(first).hasNoError('*', ANY_FINDING);
  });

  test('fails when restrictTable locks a table of another region to this VPC', () => {
    // GIVEN an access in one region and a table in another
    const app = newApp();
    const first = new Stack(app, 'First', { env: ENV });
    const second = new Stack(app, 'Second', { env: OTHER_ENV });
    const access = new PrivateDynamoAccess(first, 'DynamoAccess');
    const table = ordersTable(second);

    // WHEN / THEN the error names restrictTable, both environments and the fix
    expect(() => access.restrictTable(table)).toThrow(
      /^restrictTable: table Second\/Orders is in 123456789012 \/ us-west-2, but First\/DynamoAccess is in 123456789012 \/ eu-west-1, .*; call restrictTable on a PrivateDynamoAccess in a stack of 123456789012 \/ us-west-2$/);
  });
});

describe('a Stage per environment', () => {
  test('the same network and service in two Stages: each synthesizes, and an endpoint of one is no duplicate of the other', () => {
    // GIVEN two Stages with the same stacks (same construct ids, so the same logical ids)
    const app = newApp();
    for (const [name, env] of [['Dev', ENV], ['Prod', OTHER_ACCOUNT_ENV]] as const) {
      const stage = new Stage(app, name, { env });
      const network = new Stack(stage, 'Network');
      const service = new Stack(stage, 'Service');
      const access = new PrivateDynamoAccess(network, 'DynamoAccess');
      const table = ordersTable(service);
      client(service, access, table);
      access.restrictTable(table);
    }

    // WHEN / THEN every stage synthesizes with no error and no finding
    synthClean(app);
  });

  test('two identical network stacks in one Stage (blue/green): their gateway endpoints serve different route tables', () => {
    // GIVEN two network stacks built by the same code, so with the same logical ids
    const app = newApp();
    for (const color of ['Blue', 'Green']) {
      const network = new Stack(app, `Network${color}`, { env: ENV });
      client(network, new PrivateDynamoAccess(network, 'DynamoAccess'), ordersTable(network));
    }

    // WHEN / THEN no "already has a DynamoDB gateway endpoint" error, no finding
    synthClean(app);
  });
});

describe('NestedStack', () => {
  test('the access in a NestedStack, the table in its parent with a fixed name: restrictTable works, without a cycle', async () => {
    // GIVEN a parent stack with the table and its client, and a nested network stack that lists the table
    const app = newApp();
    const parent = new Stack(app, 'Parent');
    const orders = ordersTable(parent, 'Orders', { tableName: 'orders' });
    const network = new NestedStack(parent, 'Network');
    const access = new PrivateDynamoAccess(network, 'DynamoAccess', { tables: [orders] });
    client(parent, access, orders);

    // WHEN the table is locked to the nested stack's VPC
    access.restrictTable(orders);

    // THEN the templates lint clean and without a cycle (checked after the tests), and the table is reachable through the endpoint only
    const resolver = synthClean(app);
    const parentTemplate = resolver.stack('Parent');
    const gateway = endpointOf(resolver.nested('Parent', network), 'Gateway');
    const policy = parentTemplate.tableResourcePolicy(tableLogicalId(orders));
    const table = parentTemplate.tableArn('orders');
    await expect(simulate({ caller: callerOf(parentTemplate), action: 'dynamodb:GetItem', resource: table, through: gateway, resourcePolicy: policy }))
      .resolves.toMatchObject({ overall: 'Allowed' });
    await expect(simulate({ caller: callerOf(parentTemplate), action: 'dynamodb:GetItem', resource: table, resourcePolicy: policy }))
      .resolves.toMatchObject({ overall: 'ExplicitlyDenied' });
  });

  test('fails when the access is in a NestedStack and lists its parent\'s table without a fixed name', () => {
    // GIVEN the table in the parent, without a name, listed by a nested access
    const app = newApp();
    const parent = new Stack(app, 'Parent');
    const orders = ordersTable(parent);
    const access = new PrivateDynamoAccess(new NestedStack(parent, 'Network'), 'DynamoAccess', { tables: [orders] });

    // WHEN / THEN restrictTable refuses the cycle and says what to do
    expect(() => access.restrictTable(orders)).toThrow(/^restrictTable: table Parent\/Orders is in stack Parent and tables of Parent\/Network\/DynamoAccess .*a dependency cycle/);
  });

  test('fails when the nested stack with the VPC also takes a value of the parent\'s table (a grant): the cycle is named', () => {
    // GIVEN the network and a client granted the parent's table, both in a nested stack
    const app = newApp();
    const parent = new Stack(app, 'Parent');
    const orders = ordersTable(parent, 'Orders', { tableName: 'orders' });
    const network = new NestedStack(parent, 'Network');
    const access = new PrivateDynamoAccess(network, 'DynamoAccess');
    client(network, access, orders);

    // WHEN the table is locked to the nested stack's VPC
    access.restrictTable(orders);

    // THEN synth fails before deploy would, naming restrictTable, the cycle and the fixes
    expect(() => app.synth()).toThrow(
      /restrictTable: Parent\/Orders is locked to VPC Parent\/Network\/DynamoAccess\/Vpc of nested stack Parent\/Network, which already takes a value of the table .*a dependency cycle that fails the deploy; create the VPC in Parent and pass it as vpc/);
  });

  test('the access in the parent, the table in a NestedStack: restrictTable works (no cycle)', () => {
    // GIVEN the access in the parent and the table in a nested data stack, listed without a fixed name
    const app = newApp();
    const parent = new Stack(app, 'Parent');
    const orders = ordersTable(new NestedStack(parent, 'Data'));
    const access = new PrivateDynamoAccess(parent, 'DynamoAccess', { tables: [orders] });

    // WHEN the table is locked
    access.restrictTable(orders);

    // THEN everything synthesizes; cfn-lint and the cycle finder run over both templates after the tests
    synthClean(app);
  });
});

describe('two VPCs on one table', () => {
  test('restrictTable from two accesses on two VPCs: one statement that admits both VPCs, and nothing from outside', async () => {
    // GIVEN blue and green networks in one stack, and one table
    const app = newApp();
    const stack = new Stack(app, 'Stack');
    const orders = ordersTable(stack);
    const blue = new PrivateDynamoAccess(stack, 'Blue');
    const green = new PrivateDynamoAccess(stack, 'Green');

    // WHEN both lock the table
    blue.restrictTable(orders);
    green.restrictTable(orders);

    // THEN the table's policy has one lock-down statement, naming both VPCs
    const resolver = synthClean(app).stack('Stack');
    const policy = resolver.tableResourcePolicy(tableLogicalId(orders))!;
    expect(policy.Statement.filter((statement) => statement.Sid === 'DenyDataAccessFromOutsideTheVpc')).toHaveLength(1);
    const table = resolver.getAtt(tableLogicalId(orders), 'Arn');
    const [blueGateway, greenGateway] = resolver.dynamoEndpoints().filter((endpoint) => endpoint.type === 'Gateway');
    expect(blueGateway.vpcId).not.toEqual(greenGateway.vpcId);
    // AND each VPC reaches the table; a call from outside both does not
    for (const gateway of [blueGateway, greenGateway]) {
      await expect(simulate({ caller: callerOf(resolver), action: 'dynamodb:Query', resource: table, through: gateway, resourcePolicy: policy }))
        .resolves.toMatchObject({ overall: 'Allowed' });
    }
    await expect(simulate({ caller: callerOf(resolver), action: 'dynamodb:Query', resource: table, resourcePolicy: policy }))
      .resolves.toMatchObject({ overall: 'ExplicitlyDenied' });
  });

  test('restrictTable twice for the same VPC writes it once', () => {
    // GIVEN a gateway access and an interface access on the same VPC
    const stack = new Stack(newApp(), 'Stack');
    const orders = ordersTable(stack);
    const gateway = new PrivateDynamoAccess(stack, 'Gateway');
    const endpointOnly = new PrivateDynamoAccess(stack, 'Interface', { vpc: gateway.vpc, endpoint: DynamoEndpoint.interface() });

    // WHEN both lock the table
    gateway.restrictTable(orders);
    endpointOnly.restrictTable(orders);

    // THEN the statement names the VPC once
    const statement = (synthClean(stack.node.root as App).stack('Stack').tableResourcePolicy(tableLogicalId(orders)))!.Statement[0];
    expect(typeof statement.Condition.StringNotEqualsIfExists['aws:SourceVpc']).toBe('string');
  });

  test('fails when restrictTable locks a table that the access\'s endpoint policy does not admit', () => {
    // GIVEN an access whose tables lists another table
    const stack = new Stack(newApp(), 'Stack');
    const orders = ordersTable(stack);
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { tables: [ordersTable(stack, 'Ledger')] });

    // WHEN the other table is locked to its VPC
    access.restrictTable(orders);

    // THEN synth fails: nothing could reach the table
    expect(() => (stack.node.root as App).synth()).toThrow(
      /restrictTable: Stack\/Orders is locked to VPC Stack\/DynamoAccess\/Vpc, but the endpoint policy of Stack\/DynamoAccess does not admit it .*nothing could reach the table; add the table to tables/);
  });
});

describe('global tables and streams', () => {
  test.each([
    ['off', false, /the replica receives the table's policy, whose lock-down applies to requests in eu-west-1 only/],
    ['on', true, /with @aws-cdk\/aws-dynamodb:resourcePolicyPerReplica on, a replica gets only its own resource policy/],
  ])('a replica in another region (resourcePolicyPerReplica %s): a warning names it; the home region stays locked, the replica is not locked out', async (_flag, perReplica, explanation) => {
    // GIVEN a global table with a replica in us-west-2
    const app = newApp({ '@aws-cdk/aws-dynamodb:resourcePolicyPerReplica': perReplica });
    const stack = new Stack(app, 'Data', { env: ENV });
    const orders = ordersTable(stack, 'Orders', { replicas: [{ region: OTHER_REGION }] });
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess');

    // WHEN the table is locked to the VPC
    access.restrictTable(orders);

    // THEN the replica is named in a warning users can acknowledge
    Annotations.fromStack(stack).hasWarning('/Data/Orders/Resource', Match.stringLikeRegexp(
      `restrictTable: the replica of Data/Orders in us-west-2 is not locked to a VPC.*${explanation.source}.*\\[ack: cdk-private-dynamo-access:replicaNotRestricted\\]`));
    // AND in the home region a call from outside the VPC is denied, through the endpoint it is allowed
    templates.synthStage(app);
    const home = new TemplateResolver(app.synth().getStackByName('Data').template, ENV);
    const policy = home.tableResourcePolicy(tableLogicalId(orders))!;
    const table = home.getAtt(tableLogicalId(orders), 'Arn');
    const gateway = endpointOf(home, 'Gateway');
    const inRegion = (region: string) => ({ 'aws:RequestedRegion': region });
    await expect(simulate({ caller: callerOf(home), action: 'dynamodb:GetItem', resource: table, resourcePolicy: policy, context: inRegion(REGION) }))
      .resolves.toMatchObject({ overall: 'ExplicitlyDenied' });
    await expect(simulate({ caller: callerOf(home), action: 'dynamodb:GetItem', resource: table, through: gateway, resourcePolicy: policy, context: inRegion(REGION) }))
      .resolves.toMatchObject({ overall: 'Allowed' });
    // AND the replica's policy (the same one when the flag is off, none when it is on) does not lock it to a VPC of another region
    const replica = new TemplateResolver(app.synth().getStackByName('Data').template, OTHER_ENV);
    const replicaPolicy = replica.tableResourcePolicy(tableLogicalId(orders));
    expect(replicaPolicy === undefined).toBe(perReplica);
    const replicaTable = replica.getAtt(tableLogicalId(orders), 'Arn');
    await expect(simulate({ caller: callerOf(replica), action: 'dynamodb:GetItem', resource: replicaTable, resourcePolicy: replicaPolicy, context: inRegion(OTHER_REGION) }))
      .resolves.toMatchObject({ overall: 'Allowed' });
  });

  test('a table without replicas in other regions: no warning, and no region condition', () => {
    // GIVEN a table of one region
    const stack = new Stack(newApp(), 'Data', { env: ENV });
    const orders = ordersTable(stack);
    new PrivateDynamoAccess(stack, 'DynamoAccess').restrictTable(orders);

    // WHEN / THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('replicaNotRestricted'));
    const statement = new TemplateResolver(templates.synth(stack).toJSON(), ENV).tableResourcePolicy(tableLogicalId(orders))!.Statement[0];
    expect(statement.Condition.StringEquals).toBeUndefined();
  });

  test('a table with a stream: a warning that the stream is not locked, and a stream read from outside the VPC is not denied by the lock-down', async () => {
    // GIVEN a table with a stream
    const stack = new Stack(newApp(), 'Data');
    const orders = ordersTable(stack, 'Orders', { dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES });

    // WHEN it is locked
    new PrivateDynamoAccess(stack, 'DynamoAccess').restrictTable(orders);

    // THEN the warning says so, with its id
    Annotations.fromStack(stack).hasWarning('/Data/Orders/Resource', Match.stringLikeRegexp(
      'restrictTable: the stream of Data/Orders is not locked to the VPC.*\\[ack: cdk-private-dynamo-access:streamNotRestricted\\]'));
    // AND what the warning says is what the policy does: GetRecords from outside is allowed, GetItem denied
    const resolver = new TemplateResolver(templates.synth(stack).toJSON());
    const policy = resolver.tableResourcePolicy(tableLogicalId(orders));
    const stream = resolver.getAtt(tableLogicalId(orders), 'StreamArn');
    await expect(simulate({ caller: callerOf(resolver), action: 'dynamodb:GetRecords', resource: stream, resourcePolicy: policy }))
      .resolves.toMatchObject({ overall: 'Allowed' });
    await expect(simulate({ caller: callerOf(resolver), action: 'dynamodb:GetItem', resource: resolver.getAtt(tableLogicalId(orders), 'Arn'), resourcePolicy: policy }))
      .resolves.toMatchObject({ overall: 'ExplicitlyDenied' });
  });

  test('the stream warning can be acknowledged on the table', () => {
    // GIVEN a table with a stream, its warning acknowledged
    const stack = new Stack(newApp(), 'Data');
    const orders = ordersTable(stack, 'Orders', { dynamoStream: dynamodb.StreamViewType.NEW_IMAGE });
    CoreAnnotations.of(orders).acknowledgeWarning('cdk-private-dynamo-access:streamNotRestricted', 'readers are limited by IAM');

    // WHEN it is locked
    new PrivateDynamoAccess(stack, 'DynamoAccess').restrictTable(orders);

    // THEN the warning is gone
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('streamNotRestricted'));
  });
});

describe('a hand-written network included with CfnInclude', () => {
  /** A VPC with two isolated subnets and their route tables, written by hand; optionally a DynamoDB gateway endpoint. */
  function handWrittenNetwork(withEndpoint: boolean): Record<string, unknown> {
    const resources: Record<string, unknown> = {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16', EnableDnsSupport: true, EnableDnsHostnames: true } },
    };
    for (const index of [1, 2]) {
      resources[`Subnet${index}`] = {
        Type: 'AWS::EC2::Subnet',
        Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: `10.1.${index}.0/24`, AvailabilityZone: { 'Fn::Select': [index - 1, { 'Fn::GetAZs': '' }] } },
      };
      resources[`RouteTable${index}`] = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
      resources[`Association${index}`] = {
        Type: 'AWS::EC2::SubnetRouteTableAssociation',
        Properties: { SubnetId: { Ref: `Subnet${index}` }, RouteTableId: { Ref: `RouteTable${index}` } },
      };
    }
    if (withEndpoint) {
      resources.DynamoDbEndpoint = {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: {
          VpcId: { Ref: 'Vpc' },
          ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.dynamodb' },
          RouteTableIds: [{ Ref: 'RouteTable1' }, { Ref: 'RouteTable2' }],
        },
      };
    }
    return { Resources: resources };
  }

  function includedVpc(stack: Stack, withEndpoint: boolean): ec2.IVpc {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-include-'));
    writeFileSync(join(dir, 'network.json'), JSON.stringify(handWrittenNetwork(withEndpoint)));
    const network = new cfninc.CfnInclude(stack, 'Network', { templateFile: join(dir, 'network.json') });
    rmSync(dir, { recursive: true, force: true }); // CfnInclude has read the file
    const ref = (logicalId: string) => network.getResource(logicalId).ref;
    return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: ref('Vpc'),
      vpcCidrBlock: '10.1.0.0/16',
      availabilityZones: [Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs())],
      isolatedSubnetIds: [ref('Subnet1'), ref('Subnet2')],
      isolatedSubnetRouteTableIds: [ref('RouteTable1'), ref('RouteTable2')],
    });
  }

  test('fails when the included template already has a DynamoDB gateway endpoint on the route tables (ServiceName written with Fn::Sub)', () => {
    // GIVEN the included network with its own DynamoDB gateway endpoint
    const stack = new Stack(newApp(), 'Stack');
    new PrivateDynamoAccess(stack, 'DynamoAccess', { vpc: includedVpc(stack, true) });

    // WHEN / THEN synth fails, naming the other endpoint
    expect(() => (stack.node.root as App).synth()).toThrow(/subnets: route table .* already has a DynamoDB gateway endpoint \(Stack\/Network\/DynamoDbEndpoint\)/);
  });

  test('without an endpoint in the included template: the access serves its route tables and its client has no finding', () => {
    // GIVEN the included network without an endpoint
    const app = newApp();
    const stack = new Stack(app, 'Stack');
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { vpc: includedVpc(stack, false) });

    // WHEN a client is placed in its subnets
    client(stack, access, ordersTable(stack));

    // THEN no error and no finding, and the template lints clean
    synthClean(app);
  });
});

describe('AWS Control Tower controls on composed apps', () => {
  /** Network, data and service stacks in two regions, each region's table locked to its network's VPC. */
  function twoRegionApp(vpcOptions?: (scope: Stack) => NewVpcOptions): App {
    const app = newApp();
    for (const env of [ENV, OTHER_ENV]) {
      const suffix = env.region;
      const network = new Stack(app, `Network-${suffix}`, { env });
      const data = new Stack(app, `Data-${suffix}`, { env });
      const service = new Stack(app, `Service-${suffix}`, { env });
      const access = new PrivateDynamoAccess(network, 'DynamoAccess', { vpcOptions: vpcOptions?.(network) });
      const orders = ordersTable(data);
      access.restrictTable(orders);
      client(service, access, orders);
    }
    return app;
  }

  /**
   * The app's own function in the Service stacks is in the VPC, but its subnet ids are `Fn::ImportValue`s
   * of the Network stack, which the rule, run on the template, cannot read: it reports them. That is the
   * static run's view of an import, not the library's output, and it is the same with or without options.
   */
  const importedSubnetFindings = [`CT.LAMBDA.PR.3 Service-${OTHER_REGION} Handler886CB40B (AWS::Lambda::Function)`, `CT.LAMBDA.PR.3 Service-${REGION} Handler886CB40B (AWS::Lambda::Function)`];

  test('with the defaults: each network stack fails exactly the two controls the README lists', () => {
    // GIVEN WHEN the rules run over every stack of the app
    const findings = controlTowerFindings(twoRegionApp());
    // THEN the library's resources fail CT.CLOUDWATCH.PR.3 (flow-log group) and CT.LAMBDA.PR.3 (default-SG custom resource)
    expect(findings.filter((finding) => finding.stack.startsWith('Network')).map((finding) => `${finding.control} ${finding.stack} ${finding.resourceType}`).sort()).toEqual([
      `CT.CLOUDWATCH.PR.3 Network-${OTHER_REGION} AWS::Logs::LogGroup`,
      `CT.CLOUDWATCH.PR.3 Network-${REGION} AWS::Logs::LogGroup`,
      `CT.LAMBDA.PR.3 Network-${OTHER_REGION} AWS::Lambda::Function`,
      `CT.LAMBDA.PR.3 Network-${REGION} AWS::Lambda::Function`,
    ].sort());
    // AND nothing else but the static run's view of the app's imported subnets
    expect(findings.filter((finding) => !finding.stack.startsWith('Network')).map(describeFinding).sort()).toEqual(importedSubnetFindings.sort());
  });

  test('with flowLogDestination and restrictDefaultSecurityGroup: false: no finding on the library\'s resources in any stack', () => {
    expect(controlTowerFindings(twoRegionApp(controlTowerVpcOptions)).map(describeFinding).sort()).toEqual(importedSubnetFindings.sort());
  });
});
