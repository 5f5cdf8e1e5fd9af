// Evaluates the policies this library synthesizes with an IAM policy engine, the way AWS evaluates a
// request: identity policy, resource policy, VPC endpoint policy. @cloud-copilot/iam-simulate is
// AGPL-3.0: it is a dev dependency, imported from test/ only, never from src/.
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { EXAMPLE_MODES, ExampleStack } from '../examples/example-stack';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import {
  ACCOUNT, ADMIN, APP, Caller, expectRefusedByEndpointPolicy, ORG_ID, ORG_MEMBER, OTHER_ACCOUNT, OUTSIDER, REPLICATION, sharedWith, simulate,
} from './support/iam-simulation';
import { ResolvedEndpoint, TemplateResolver, TEST_STREAM_LABEL } from './support/resolve-template';
import { DEFAULT_TABLE_ACTIONS, DEFAULT_WILDCARD_ONLY_ACTIONS } from '../src/private/endpoint-policy/actions';


function logicalId(construct: { node: { defaultChild?: unknown } }): string {
  return Stack.of(construct as any).getLogicalId(construct.node.defaultChild as CfnElement);
}

function synthesize(build: (stack: Stack) => void): TemplateResolver {
  const stack = new Stack(new App(), 'Stack');
  build(stack);
  return new TemplateResolver(Template.fromStack(stack).toJSON());
}

// ---------------------------------------------------------------------------------------------------
// Scenario 1: `tables` lists a table of the stack (with an index and a stream) and an imported one;
// gateway, interface and streams interface endpoints; the stack's table is restricted to the VPC.
// The stack is environment-agnostic: account, region and partition are resolved to the test values.
// ---------------------------------------------------------------------------------------------------
let ordersId = '';
const listed = synthesize((stack) => {
  const orders = new dynamodb.TableV2(stack, 'Orders', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    globalSecondaryIndexes: [{ indexName: 'byCustomer', partitionKey: { name: 'customer', type: dynamodb.AttributeType.STRING } }],
    dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
  });
  const ledger = dynamodb.Table.fromTableName(stack, 'Ledger', 'ledger');
  const access = new PrivateDynamoAccess(stack, 'DynamoAccess', {
    tables: [orders, ledger],
    endpoint: DynamoEndpoint.gatewayAndInterface({ streams: true }),
  });
  access.restrictTable(orders);
  ordersId = logicalId(orders);
});
const ORDERS = listed.getAtt(ordersId, 'Arn') as string;
const ORDERS_INDEX = `${ORDERS}/index/byCustomer`;
const ORDERS_STREAM = `${ORDERS}/stream/${TEST_STREAM_LABEL}`;
const LEDGER = listed.tableArn('ledger');
const UNLISTED = listed.tableArn('payroll');
const FOREIGN = listed.tableArn('exfiltration', OTHER_ACCOUNT);
const ORDERS_POLICY = listed.tableResourcePolicy(ordersId);
const [GATEWAY, INTERFACE, STREAMS] = ['Gateway', 'Interface', 'Streams'].map((kind) => {
  const endpoint = listed.dynamoEndpoints().find((candidate) => (kind === 'Streams'
    ? candidate.serviceName.endsWith('.dynamodb-streams')
    : candidate.type === kind && candidate.serviceName.endsWith('.dynamodb')));
  if (endpoint === undefined) {
    throw new Error(`no ${kind} endpoint in the template`);
  }
  return endpoint;
});
/** The endpoints that serve DynamoDB's table API (the streams API has its own). */
const TABLE_ENDPOINTS: Array<[string, ResolvedEndpoint]> = [['gateway endpoint', GATEWAY], ['interface endpoint', INTERFACE]];

/** The default actions of the DynamoDB Streams API, which the streams endpoint serves. */
const STREAMS_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
/** The default actions of DynamoDB's table API, which the gateway and interface endpoints serve. */
const TABLE_API_ACTIONS = [...DEFAULT_TABLE_ACTIONS, ...DEFAULT_WILDCARD_ONLY_ACTIONS].filter((action) => !STREAMS_ACTIONS.includes(action));

/** The resource an action is called on: "*" for the actions IAM grants only on "*". */
function resourceFor(action: string): string {
  if (DEFAULT_WILDCARD_ONLY_ACTIONS.includes(action)) {
    return '*';
  }
  return STREAMS_ACTIONS.includes(action) ? ORDERS_STREAM : ORDERS;
}

describe('the scenario templates resolve to concrete policies', () => {
  test('every endpoint of the listed-tables scenario has a policy naming the listed tables', () => {
    // GIVEN the listed-tables scenario, resolved to the test environment
    // THEN each of its three endpoints carries a policy that names the orders table's ARN and the ledger's
    for (const endpoint of [GATEWAY, INTERFACE, STREAMS]) {
      const text = JSON.stringify(endpoint.policy);
      expect(text).toContain(`"${ORDERS}"`);
      expect(text).toContain(`"${LEDGER}"`);
      expect(text).not.toMatch(/Ref|Fn::/);
    }
    expect(GATEWAY.vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(new Set([GATEWAY.id, INTERFACE.id, STREAMS.id]).size).toBe(3);
  });
});

describe.each(TABLE_ENDPOINTS)('through the %s, with tables listed', (_name, endpoint) => {
  test('a principal of the account reaches a listed table of the stack: allowed', async () => {
    // GIVEN the app role, through the endpoint
    // WHEN it gets an item of the orders table
    const outcome = await simulate({ caller: APP, action: 'dynamodb:GetItem', resource: ORDERS, through: endpoint, resourcePolicy: ORDERS_POLICY });
    // THEN it is allowed
    expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test('a principal of the account reaches a listed imported table: allowed', async () => {
    // GIVEN the app role, through the endpoint WHEN it puts an item in the ledger table (imported by name)
    const outcome = await simulate({ caller: APP, action: 'dynamodb:PutItem', resource: LEDGER, through: endpoint });
    // THEN it is allowed
    expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test('a listed table\'s index: allowed', async () => {
    // GIVEN the app role, through the endpoint WHEN it queries the orders table's index
    const outcome = await simulate({ caller: APP, action: 'dynamodb:Query', resource: ORDERS_INDEX, through: endpoint, resourcePolicy: ORDERS_POLICY });
    // THEN it is allowed
    expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test('a table in another account (shared with everyone by its owner): denied by the endpoint policy', async () => {
    // GIVEN the app role, through the endpoint, and a foreign table whose policy admits anyone
    // WHEN it copies an item to that table
    // THEN the endpoint policy refuses it (and without the endpoint policy it would have passed)
    await expectRefusedByEndpointPolicy({
      caller: APP, action: 'dynamodb:PutItem', resource: FOREIGN, through: endpoint, resourcePolicy: sharedWith('*'),
    });
  });

  test('a principal of another account (to which the table was shared): denied by the endpoint policy', async () => {
    // GIVEN a role of another account, through the endpoint, and the ledger table shared with that account
    // WHEN it reads the ledger table
    // THEN the endpoint policy refuses it
    await expectRefusedByEndpointPolicy({
      caller: OUTSIDER, action: 'dynamodb:GetItem', resource: LEDGER, through: endpoint, resourcePolicy: sharedWith({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }),
    });
  });

  test('an unlisted table of the account: denied by the endpoint policy', async () => {
    // GIVEN the app role, through the endpoint WHEN it reads a table of its own account that is not listed
    // THEN the endpoint policy refuses it
    await expectRefusedByEndpointPolicy({ caller: APP, action: 'dynamodb:Scan', resource: UNLISTED, through: endpoint });
  });

  test('an action that is not listed (dynamodb:DeleteTable): denied by the endpoint policy', async () => {
    // GIVEN an administrator, through the endpoint WHEN they delete a listed table
    // THEN the endpoint policy refuses it
    await expectRefusedByEndpointPolicy({ caller: ADMIN, action: 'dynamodb:DeleteTable', resource: LEDGER, through: endpoint });
  });

  test.each(TABLE_API_ACTIONS)('default action %s on a listed table (or on "*" where IAM knows no resource): allowed', async (action) => {
    // GIVEN the app role, through the endpoint
    const resource = resourceFor(action);
    // WHEN it calls the action on the orders table, or on "*" for an action without a resource type
    const resourcePolicy = resource === ORDERS ? ORDERS_POLICY : undefined;
    const outcome = await simulate({ caller: APP, action, resource, through: endpoint, resourcePolicy });
    // THEN it is allowed
    expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });
});

describe('through the streams interface endpoint, with tables listed', () => {
  test('a listed table\'s stream: allowed', async () => {
    // GIVEN the app role, through the DynamoDB Streams endpoint WHEN it reads records of the orders table's stream
    const outcome = await simulate({ caller: APP, action: 'dynamodb:GetRecords', resource: ORDERS_STREAM, through: STREAMS });
    // THEN it is allowed
    expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test.each(STREAMS_ACTIONS)('default action %s on a listed table\'s stream (or on "*" where IAM knows no resource): allowed', async (action) => {
    // GIVEN the app role, through the DynamoDB Streams endpoint WHEN it calls the action on the orders table's stream
    const outcome = await simulate({ caller: APP, action, resource: resourceFor(action), through: STREAMS });
    // THEN it is allowed
    expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test('an unlisted table\'s stream: denied by the endpoint policy', async () => {
    // GIVEN the app role, through the DynamoDB Streams endpoint WHEN it reads the stream of an unlisted table
    // THEN the endpoint policy refuses it
    await expectRefusedByEndpointPolicy({ caller: APP, action: 'dynamodb:GetRecords', resource: `${UNLISTED}/stream/${TEST_STREAM_LABEL}`, through: STREAMS });
  });
});

describe('restrictTable: the orders table\'s resource policy', () => {
  test('the table has a resource policy', () => {
    // GIVEN the listed-tables scenario THEN the restricted table has a resolved resource policy with one Deny
    expect(ORDERS_POLICY?.Statement.map((statement) => statement.Effect)).toEqual(['Deny']);
  });

  test('a data-plane call from outside the VPC: explicitly denied by the table\'s policy', async () => {
    // GIVEN the app role's own credentials, used from outside the VPC (no endpoint)
    // WHEN it gets an item of the restricted table
    const outcome = await simulate({ caller: APP, action: 'dynamodb:GetItem', resource: ORDERS, resourcePolicy: ORDERS_POLICY });
    // THEN the table's policy denies it explicitly
    expect(outcome).toMatchObject({ overall: 'ExplicitlyDenied', resource: 'ExplicitlyDenied' });
  });

  test.each(TABLE_ENDPOINTS)('a data-plane call through the %s of the VPC: not denied (allowed)', async (_name, endpoint) => {
    // GIVEN the app role, through an endpoint of the construct's VPC WHEN it puts an item in the restricted table
    const outcome = await simulate({ caller: APP, action: 'dynamodb:PutItem', resource: ORDERS, through: endpoint, resourcePolicy: ORDERS_POLICY });
    // THEN nothing denies it
    expect(outcome).toMatchObject({ overall: 'Allowed' });
  });

  test('a data-plane call through an endpoint of another VPC: explicitly denied by the table\'s policy', async () => {
    // GIVEN the app role, through an endpoint of another VPC whose policy admits everything
    // WHEN it scans the restricted table
    const outcome = await simulate({
      caller: APP,
      action: 'dynamodb:Scan',
      resource: ORDERS,
      resourcePolicy: ORDERS_POLICY,
      context: { 'aws:SourceVpc': 'vpc-0ther0000000000000', 'aws:SourceVpce': 'vpce-0ther0000000000000' },
    });
    // THEN the table's policy denies it explicitly
    expect(outcome).toMatchObject({ overall: 'ExplicitlyDenied', resource: 'ExplicitlyDenied' });
  });

  test.each(['dynamodb:DescribeTable', 'dynamodb:UpdateTable'])('an administrator\'s %s from outside the VPC: not denied (allowed)', async (action) => {
    // GIVEN an administrator outside the VPC WHEN they describe or update the restricted table
    const outcome = await simulate({ caller: ADMIN, action, resource: ORDERS, resourcePolicy: ORDERS_POLICY });
    // THEN the lock-down does not stand in the way
    expect(outcome).toMatchObject({ overall: 'Allowed' });
  });

  test('the resource-policy management calls from outside the VPC: not denied, so the lock-down can be lifted', async () => {
    // GIVEN an administrator outside the VPC WHEN they replace or delete the table's resource policy
    for (const action of ['dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy', 'dynamodb:GetResourcePolicy']) {
      // THEN each call is allowed
      await expect(simulate({ caller: ADMIN, action, resource: ORDERS, resourcePolicy: ORDERS_POLICY })).resolves.toMatchObject({ overall: 'Allowed' });
    }
  });

  test('DynamoDB\'s global-table replication role from outside the VPC: not denied (allowed)', async () => {
    // GIVEN the replication service-linked role, which calls from DynamoDB's own network
    // WHEN it writes a replicated item
    const outcome = await simulate({ caller: REPLICATION, action: 'dynamodb:PutItem', resource: ORDERS, resourcePolicy: ORDERS_POLICY });
    // THEN the lock-down does not stand in the way
    expect(outcome).toMatchObject({ overall: 'Allowed' });
  });

  test('an AWS service calling on a principal\'s behalf (aws:ViaAWSService): not denied (allowed)', async () => {
    // GIVEN a request that an AWS service forwards with the app role's credentials
    const outcome = await simulate({ caller: APP, action: 'dynamodb:GetItem', resource: ORDERS, resourcePolicy: ORDERS_POLICY, context: { 'aws:ViaAWSService': 'true' } });
    // THEN the lock-down does not stand in the way
    expect(outcome).toMatchObject({ overall: 'Allowed' });
  });

  test('a role that a service assumes (e.g. AppSync, Step Functions), calling from outside the VPC: explicitly denied', async () => {
    // GIVEN a service's own role, which calls DynamoDB from the service's network, not through the VPC
    const serviceRole: Caller = { arn: `arn:aws:iam::${ACCOUNT}:role/appsync-datasource`, account: ACCOUNT, orgId: ORG_ID };
    const outcome = await simulate({ caller: serviceRole, action: 'dynamodb:Query', resource: ORDERS, resourcePolicy: ORDERS_POLICY });
    // THEN the lock-down denies it: such integrations need their own exemption (documented)
    expect(outcome).toMatchObject({ overall: 'ExplicitlyDenied', resource: 'ExplicitlyDenied' });
  });
});

// ---------------------------------------------------------------------------------------------------
// Scenario 2: no `tables`, no `principalOrgId`: any table of the account, principals of the account.
// ---------------------------------------------------------------------------------------------------
const defaults = synthesize((stack) => {
  new PrivateDynamoAccess(stack, 'DynamoAccess');
});
const [DEFAULT_GATEWAY] = defaults.dynamoEndpoints();

describe('through the gateway endpoint, without tables', () => {
  test('a principal of the account reaches any table of the account: allowed', async () => {
    // GIVEN the app role, through the endpoint WHEN it writes to a table of its account that no prop names
    const outcome = await simulate({ caller: APP, action: 'dynamodb:UpdateItem', resource: defaults.tableArn('anything'), through: DEFAULT_GATEWAY });
    // THEN it is allowed
    expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test('a table in another account (shared with everyone by its owner): denied by the endpoint policy', async () => {
    // GIVEN the app role, through the endpoint WHEN it writes to a foreign table open to anyone
    // THEN the endpoint policy refuses it
    await expectRefusedByEndpointPolicy({
      caller: APP, action: 'dynamodb:BatchWriteItem', resource: defaults.tableArn('exfiltration', OTHER_ACCOUNT), through: DEFAULT_GATEWAY, resourcePolicy: sharedWith('*'),
    });
  });

  test('a principal of another account (to which the table was shared): denied by the endpoint policy', async () => {
    // GIVEN a role of another account, through the endpoint, and a table of ours shared with that account
    // WHEN it reads the table  THEN the endpoint policy refuses it
    await expectRefusedByEndpointPolicy({
      caller: OUTSIDER,
      action: 'dynamodb:GetItem',
      resource: defaults.tableArn('shared'),
      through: DEFAULT_GATEWAY,
      resourcePolicy: sharedWith({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }),
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Scenario 2b: `actions` written as patterns: what IAM authorizes only on "*" still passes the endpoint.
// ---------------------------------------------------------------------------------------------------
const patterns = synthesize((stack) => {
  new PrivateDynamoAccess(stack, 'DynamoAccess', { actions: ['dynamodb:Describe*', 'dynamodb:List*', 'dynamodb:Get*'] });
});
const [PATTERN_GATEWAY] = patterns.dynamoEndpoints();

describe('through the gateway endpoint, with actions written as patterns', () => {
  test.each(['dynamodb:ListStreams', 'dynamodb:DescribeEndpoints', 'dynamodb:ListTables'])('%s on "*" (IAM has no resource for it): allowed', async (action) => {
    // GIVEN the app role, through the endpoint WHEN it calls an action IAM only authorizes on "*"
    const outcome = await simulate({ caller: APP, action, resource: '*', through: PATTERN_GATEWAY });
    // THEN the pattern admits it
    expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test('a table action matched by a pattern, on a table of the account: allowed', async () => {
    // GIVEN WHEN the app role describes and reads a table of its account
    for (const action of ['dynamodb:DescribeTable', 'dynamodb:GetItem']) {
      // THEN both pass
      await expect(simulate({ caller: APP, action, resource: patterns.tableArn('orders'), through: PATTERN_GATEWAY }))
        .resolves.toMatchObject({ overall: 'Allowed' });
    }
  });

  test('a table action matched by a pattern, on a table of another account: denied by the endpoint policy', async () => {
    // GIVEN WHEN the app role describes a foreign table THEN the pattern on "*" does not admit it
    await expectRefusedByEndpointPolicy({
      caller: APP, action: 'dynamodb:DescribeTable', resource: patterns.tableArn('foreign', OTHER_ACCOUNT), through: PATTERN_GATEWAY, resourcePolicy: sharedWith('*'),
    });
  });

  test('an action no pattern matches (PutItem): denied by the endpoint policy', async () => {
    await expectRefusedByEndpointPolicy({ caller: APP, action: 'dynamodb:PutItem', resource: patterns.tableArn('orders'), through: PATTERN_GATEWAY });
  });
});

// ---------------------------------------------------------------------------------------------------
// Scenario 2c: `tableTag`: the account's tables that carry the tag, whatever their number. The request
// context carries the resource's tags as DynamoDB sends them with ABAC on (an index inherits its table's
// tags; a stream has its own); with ABAC off it carries none.
// ---------------------------------------------------------------------------------------------------
const TAG_KEY = 'aws:ResourceTag/data-perimeter';
const tagged = synthesize((stack) => {
  new PrivateDynamoAccess(stack, 'DynamoAccess', { tableTag: { key: 'data-perimeter', value: 'orders-vpc' } });
});
const [TAG_GATEWAY] = tagged.dynamoEndpoints();
const withTag = (value = 'orders-vpc') => ({ [TAG_KEY]: value });

describe('through the gateway endpoint, with tableTag', () => {
  test('a tagged table of the account: allowed', async () => {
    await expect(simulate({ caller: APP, action: 'dynamodb:PutItem', resource: tagged.tableArn('orders'), through: TAG_GATEWAY, context: withTag() }))
      .resolves.toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test('an untagged table of the account: denied by the endpoint policy', async () => {
    await expectRefusedByEndpointPolicy({ caller: APP, action: 'dynamodb:PutItem', resource: tagged.tableArn('payroll'), through: TAG_GATEWAY });
  });

  test('a table of the account tagged with another value: denied by the endpoint policy', async () => {
    await expectRefusedByEndpointPolicy({ caller: APP, action: 'dynamodb:GetItem', resource: tagged.tableArn('payroll'), through: TAG_GATEWAY, context: withTag('hr-vpc') });
  });

  test('a tagged table of another account (shared with everyone): denied by the endpoint policy', async () => {
    await expectRefusedByEndpointPolicy({
      caller: APP,
      action: 'dynamodb:PutItem',
      resource: tagged.tableArn('exfiltration', OTHER_ACCOUNT),
      through: TAG_GATEWAY,
      resourcePolicy: sharedWith('*'),
      context: withTag(),
    });
  });

  test('the index of a tagged table (it inherits the tag): allowed', async () => {
    await expect(simulate({ caller: APP, action: 'dynamodb:Query', resource: `${tagged.tableArn('orders')}/index/byCustomer`, through: TAG_GATEWAY, context: withTag() }))
      .resolves.toMatchObject({ overall: 'Allowed' });
  });

  test('the stream of a tagged table (streams do not inherit tags; the account\'s streams are admitted): allowed', async () => {
    await expect(simulate({ caller: APP, action: 'dynamodb:GetRecords', resource: `${tagged.tableArn('orders')}/stream/${TEST_STREAM_LABEL}`, through: TAG_GATEWAY }))
      .resolves.toMatchObject({ overall: 'Allowed' });
  });

  test('ABAC off: DynamoDB sends no tags, so even a tagged table is denied (the perimeter fails closed)', async () => {
    await expectRefusedByEndpointPolicy({ caller: APP, action: 'dynamodb:GetItem', resource: tagged.tableArn('orders'), through: TAG_GATEWAY });
  });

  test('a principal of another account, on a tagged table shared with it: denied by the endpoint policy', async () => {
    await expectRefusedByEndpointPolicy({
      caller: OUTSIDER,
      action: 'dynamodb:GetItem',
      resource: tagged.tableArn('orders'),
      through: TAG_GATEWAY,
      resourcePolicy: sharedWith({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }),
      context: withTag(),
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Scenario 3: `principalOrgId`: principals of the organization, from any of its accounts.
// ---------------------------------------------------------------------------------------------------
const organization = synthesize((stack) => {
  new PrivateDynamoAccess(stack, 'DynamoAccess', { principalOrgId: ORG_ID });
});
const [ORG_GATEWAY] = organization.dynamoEndpoints();
const SHARED_WITH_ORG = sharedWith('*', { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } });

describe('through the gateway endpoint, with principalOrgId', () => {
  test('a principal of another account of the organization (to which the table was shared): allowed', async () => {
    // GIVEN a role of another account of the organization, through the endpoint, and a table shared with the organization
    const outcome = await simulate({ caller: ORG_MEMBER, action: 'dynamodb:GetItem', resource: organization.tableArn('shared'), through: ORG_GATEWAY, resourcePolicy: SHARED_WITH_ORG });
    // THEN it is allowed
    expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test('a principal of the stack\'s account: allowed', async () => {
    // GIVEN the app role (its account is in the organization), through the endpoint WHEN it reads a table of its account
    const outcome = await simulate({ caller: APP, action: 'dynamodb:GetItem', resource: organization.tableArn('orders'), through: ORG_GATEWAY });
    // THEN it is allowed
    expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test('a principal of another organization (to which the table was shared): denied by the endpoint policy', async () => {
    // GIVEN a role outside the organization, through the endpoint, and a table shared with anyone
    // WHEN it reads the table  THEN the endpoint policy refuses it
    await expectRefusedByEndpointPolicy({ caller: OUTSIDER, action: 'dynamodb:GetItem', resource: organization.tableArn('shared'), through: ORG_GATEWAY, resourcePolicy: sharedWith('*') });
  });
});

// ---------------------------------------------------------------------------------------------------
// Scenario 4: a long `tables` list that only fits compactly (each table as `arn` and `arn/*`).
// Names share prefixes on purpose: compaction must not admit a table whose name extends a listed one.
// ---------------------------------------------------------------------------------------------------
const COMPACT_NAMES = ['orders', ...Array.from({ length: 119 }, (_, index) => `orders-${String(index).padStart(13, '0')}`)];
const compact = synthesize((stack) => {
  const tables = COMPACT_NAMES.map((name, index) => dynamodb.Table.fromTableName(stack, `Table${index}`, name));
  new PrivateDynamoAccess(stack, 'DynamoAccess', { tables });
});
const [COMPACT_GATEWAY] = compact.dynamoEndpoints();

describe('through the gateway endpoint, with a long list of tables written compactly', () => {
  test('the policy is in the compact form', () => {
    // GIVEN 120 tables with 19-character names
    // THEN the policy names each table and "table/NAME/*", and nothing else of the table
    const resources: string[] = COMPACT_GATEWAY.policy!.Statement[0].Resource;
    expect(resources).toHaveLength(COMPACT_NAMES.length * 2);
    expect(resources).toContain(compact.tableArn('orders'));
    expect(resources).toContain(`${compact.tableArn('orders')}/*`);
    expect(resources.some((resource) => resource.endsWith('/index/*'))).toBe(false);
  });

  test.each([
    ['dynamodb:GetItem', compact.tableArn('orders')],
    ['dynamodb:Query', `${compact.tableArn('orders')}/index/byCustomer`],
    ['dynamodb:GetRecords', `${compact.tableArn('orders-0000000000118')}/stream/${TEST_STREAM_LABEL}`],
  ])('%s on a listed table, its index or its stream (%s): allowed', async (action, resource) => {
    // GIVEN the app role, through the endpoint WHEN it calls the action on the resource
    const outcome = await simulate({ caller: APP, action, resource, through: COMPACT_GATEWAY });
    // THEN it is allowed
    expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test.each(['orders-archive', 'orders-00000000001180', 'orders2', 'order'])('an unlisted table whose name shares a listed prefix (%s): denied by the endpoint policy', async (name) => {
    // GIVEN the app role, through the endpoint WHEN it reads a table whose name extends or shortens a listed one
    // THEN the endpoint policy refuses it
    await expectRefusedByEndpointPolicy({ caller: APP, action: 'dynamodb:GetItem', resource: compact.tableArn(name), through: COMPACT_GATEWAY });
  });
});

// ---------------------------------------------------------------------------------------------------
// The example stack, every endpoint mode: its Lambda function's own identity policy (what
// table.grantReadWriteData synthesized), through each endpoint of the mode.
// ---------------------------------------------------------------------------------------------------
describe.each(EXAMPLE_MODES)('the example stack in %s mode', (mode) => {
  const stack = new ExampleStack(new App(), 'Example', { mode });
  const template = Template.fromStack(stack).toJSON();
  const resolver = new TemplateResolver(template);
  const tableArn = resolver.getAtt(logicalId(stack.table), 'Arn') as string;
  const roleId = logicalId(stack.handler.role as any);
  const handlerPolicies = resolver.logicalIdsOfType('AWS::IAM::Policy')
    .map((policyId) => template.Resources[policyId].Properties)
    .filter((properties) => JSON.stringify(properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .map((properties) => resolver.resolve(properties.PolicyDocument));
  const handler: Caller = { arn: `arn:aws:iam::${ACCOUNT}:role/${roleId}`, account: ACCOUNT, orgId: ORG_ID };
  const endpoints = resolver.dynamoEndpoints().map((endpoint): [string, ResolvedEndpoint] => [`${endpoint.type} endpoint`, endpoint]);

  test('has the endpoints of its mode, and one identity policy for its function', () => {
    expect(handlerPolicies).toHaveLength(1);
    // THEN gateway mode has one gateway endpoint, interface mode one interface endpoint, the combined mode both
    expect(endpoints.map(([name]) => name).sort()).toEqual(
      { 'gateway': ['Gateway endpoint'], 'interface': ['Interface endpoint'], 'gateway+interface': ['Gateway endpoint', 'Interface endpoint'] }[mode]);
  });

  test.each(endpoints)('through the %s, the function puts and gets items of its table: allowed', async (_name, endpoint) => {
    for (const action of ['dynamodb:PutItem', 'dynamodb:GetItem']) {
      // GIVEN the function's role with its synthesized policy WHEN it calls the action on its table
      const outcome = await simulate({ caller: handler, action, resource: tableArn, through: endpoint, identityPolicy: handlerPolicies[0] });
      // THEN it is allowed
      expect(outcome).toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
    }
  });

  test.each(endpoints)('through the %s, a table in another account: denied by the endpoint policy', async (_name, endpoint) => {
    // GIVEN the function's role, with credentials that allow everything WHEN it writes to a foreign table open to anyone
    // THEN the endpoint policy refuses it
    await expectRefusedByEndpointPolicy({ caller: handler, action: 'dynamodb:PutItem', resource: resolver.tableArn('exfiltration', OTHER_ACCOUNT), through: endpoint, resourcePolicy: sharedWith('*') });
  });
});
