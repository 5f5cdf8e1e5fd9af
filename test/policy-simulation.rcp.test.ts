// The org-wide perimeter: the resource control policy of docs/org-perimeter.md, read from that file and
// evaluated with the IAM policy engine on the matrix the README's "Security model" uses for `restrictTable`
// (test/policy-simulation.test.ts), alone and together with `restrictTable`.
import { readFileSync } from 'fs';
import { join } from 'path';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { ACCOUNT, ADMIN, APP, Caller, ORG_ACCOUNT, ORG_ID, ORG_MEMBER, REPLICATION, simulate } from './support/iam-simulation';
import { LintedTemplates } from './support/linted-templates';
import { PolicyJson, ResolvedEndpoint, TemplateResolver, TEST_STREAM_LABEL } from './support/resolve-template';
import { LOCKED_DOWN_ACTIONS } from '../src/private/table-lockdown';

const ROOT = join(__dirname, '..');
/** Every template of this file, linted with cfn-lint after its tests. */
const templates = new LintedTemplates();

/** The first JSON block of docs/org-perimeter.md: the RCP users are told to attach. */
function documentedRcp(): PolicyJson {
  const text = readFileSync(join(ROOT, 'docs', 'org-perimeter.md'), 'utf8');
  const block = /```json\n([\s\S]*?)\n```/.exec(text);
  if (block === null) {
    throw new Error('docs/org-perimeter.md has no ```json block');
  }
  return JSON.parse(block[1]);
}

/** The documented RCP with its placeholders replaced by VPC ids. */
function rcpListing(...vpcIds: string[]): PolicyJson {
  const policy = documentedRcp();
  const statement = policy.Statement[0];
  expect(statement.Condition.StringNotEqualsIfExists['aws:SourceVpc']).toEqual(['<my-vpc-1>', '<my-vpc-2>']);
  statement.Condition.StringNotEqualsIfExists['aws:SourceVpc'] = vpcIds;
  return policy;
}

// ---------------------------------------------------------------------------------------------------
// The app: the orders table, locked to the construct's VPC by restrictTable; gateway and interface
// endpoints in that VPC. The organization lists this VPC and another of its VPCs in the RCP.
// ---------------------------------------------------------------------------------------------------
const stack = new Stack(new App(), 'Stack');
const orders = new dynamodb.TableV2(stack, 'Orders', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
});
new PrivateDynamoAccess(stack, 'DynamoAccess', { endpoint: DynamoEndpoint.gatewayAndInterface() }).restrictTable(orders);
const resolver = new TemplateResolver(templates.synth(stack).toJSON());
const ordersId = stack.getLogicalId(orders.node.defaultChild as CfnElement);
const ORDERS = resolver.getAtt(ordersId, 'Arn') as string;
const ORDERS_POLICY = resolver.tableResourcePolicy(ordersId);
/** A table of the account that no app locked: only the RCP stands in the way. */
const PAYROLL = resolver.tableArn('payroll');
const ENDPOINTS: Array<[string, ResolvedEndpoint]> = resolver.dynamoEndpoints().map((endpoint) => [`${endpoint.type} endpoint`, endpoint]);
const APP_VPC = ENDPOINTS[0][1].vpcId;
const OTHER_ORG_VPC = 'vpc-0a1b2c3d4e5f60002';
const UNLISTED_VPC = 'vpc-0ther0000000000000';
const RCP = rcpListing(APP_VPC, OTHER_ORG_VPC);
const through = (vpcId: string) => ({ 'aws:SourceVpc': vpcId, 'aws:SourceVpce': `vpce-${vpcId.slice(4)}` });

describe('the documented RCP', () => {
  test('denies exactly the item-level actions that restrictTable denies', () => {
    // GIVEN the RCP of docs/org-perimeter.md THEN its actions are restrictTable's, so the two fences cover the same calls
    expect([...documentedRcp().Statement[0].Action].sort()).toEqual([...LOCKED_DOWN_ACTIONS].sort());
  });

  test('names no aws:Vpce* or aws:SourceVpcArn key, which DynamoDB does not support', () => {
    const text = JSON.stringify(documentedRcp());
    expect(text).not.toMatch(/aws:Vpce(Account|OrgID|OrgPaths)|aws:SourceVpcArn/);
  });

  test('the README links to it', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](docs/org-perimeter.md)');
  });

  test('the app has endpoints in one VPC, the one the RCP lists first', () => {
    expect(ENDPOINTS.map(([name]) => name).sort()).toEqual(['Gateway endpoint', 'Interface endpoint']);
    expect(new Set(ENDPOINTS.map(([, endpoint]) => endpoint.vpcId))).toEqual(new Set([APP_VPC]));
  });
});

describe('the RCP alone, on a table no app locked', () => {
  test('a data-plane call from outside any VPC: explicitly denied by the RCP', async () => {
    // GIVEN the app role's own credentials, used from the internet WHEN it reads the payroll table
    const outcome = await simulate({ caller: APP, action: 'dynamodb:GetItem', resource: PAYROLL, resourceControlPolicies: [RCP] });
    // THEN the RCP denies it
    expect(outcome).toMatchObject({ overall: 'ExplicitlyDenied', rcp: 'ExplicitlyDenied' });
  });

  test.each(ENDPOINTS)('a data-plane call through the %s of a listed VPC: allowed', async (_name, endpoint) => {
    const outcome = await simulate({ caller: APP, action: 'dynamodb:PutItem', resource: PAYROLL, through: endpoint, resourceControlPolicies: [RCP] });
    expect(outcome).toMatchObject({ overall: 'Allowed', rcp: 'Allowed' });
  });

  test('a data-plane call through an endpoint of a VPC the RCP does not list: explicitly denied by the RCP', async () => {
    const outcome = await simulate({ caller: APP, action: 'dynamodb:Scan', resource: PAYROLL, context: through(UNLISTED_VPC), resourceControlPolicies: [RCP] });
    expect(outcome).toMatchObject({ overall: 'ExplicitlyDenied', rcp: 'ExplicitlyDenied' });
  });

  test.each(['dynamodb:DescribeTable', 'dynamodb:UpdateTable'])('an administrator\'s %s from outside the VPC: not denied (allowed)', async (action) => {
    const outcome = await simulate({ caller: ADMIN, action, resource: PAYROLL, resourceControlPolicies: [RCP] });
    expect(outcome).toMatchObject({ overall: 'Allowed' });
  });

  test('the resource-policy management calls from outside the VPC: not denied, so a table\'s own policy can still be managed', async () => {
    for (const action of ['dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy', 'dynamodb:GetResourcePolicy']) {
      await expect(simulate({ caller: ADMIN, action, resource: PAYROLL, resourceControlPolicies: [RCP] })).resolves.toMatchObject({ overall: 'Allowed' });
    }
  });

  test('DynamoDB\'s global-table replication role (a service-linked role, to which RCPs do not apply): allowed', async () => {
    const outcome = await simulate({ caller: REPLICATION, action: 'dynamodb:PutItem', resource: PAYROLL, resourceControlPolicies: [RCP] });
    expect(outcome).toMatchObject({ overall: 'Allowed' });
  });

  test('an AWS service calling on a principal\'s behalf (aws:ViaAWSService): not denied (allowed)', async () => {
    const outcome = await simulate({
      caller: APP, action: 'dynamodb:GetItem', resource: PAYROLL, context: { 'aws:ViaAWSService': 'true' }, resourceControlPolicies: [RCP],
    });
    expect(outcome).toMatchObject({ overall: 'Allowed' });
  });

  test('a role that a service assumes (e.g. AppSync, Step Functions), calling from outside the VPC: explicitly denied', async () => {
    const serviceRole: Caller = { arn: `arn:aws:iam::${ACCOUNT}:role/appsync-datasource`, account: ACCOUNT, orgId: ORG_ID };
    const outcome = await simulate({ caller: serviceRole, action: 'dynamodb:Query', resource: PAYROLL, resourceControlPolicies: [RCP] });
    expect(outcome).toMatchObject({ overall: 'ExplicitlyDenied', rcp: 'ExplicitlyDenied' });
  });

  test('a table of another member account: denied from outside, allowed through the other listed VPC', async () => {
    // GIVEN a role of another account of the organization and a table of its own account
    const ledger = resolver.tableArn('ledger', ORG_ACCOUNT);
    // WHEN it reads the table from the internet, then through its own VPC, which the RCP lists
    // THEN the one RCP fences that account's table too
    await expect(simulate({ caller: ORG_MEMBER, action: 'dynamodb:GetItem', resource: ledger, resourceControlPolicies: [RCP] }))
      .resolves.toMatchObject({ overall: 'ExplicitlyDenied', rcp: 'ExplicitlyDenied' });
    await expect(simulate({ caller: ORG_MEMBER, action: 'dynamodb:GetItem', resource: ledger, context: through(OTHER_ORG_VPC), resourceControlPolicies: [RCP] }))
      .resolves.toMatchObject({ overall: 'Allowed' });
  });

  test('a stream read from outside the VPC: not denied (streams are left out, as restrictTable leaves them out)', async () => {
    const outcome = await simulate({
      caller: APP, action: 'dynamodb:GetRecords', resource: `${PAYROLL}/stream/${TEST_STREAM_LABEL}`, resourceControlPolicies: [RCP],
    });
    expect(outcome).toMatchObject({ overall: 'Allowed' });
  });
});

describe('the RCP together with restrictTable', () => {
  test('the orders table is locked by restrictTable', () => {
    expect(ORDERS_POLICY?.Statement.map((statement) => statement.Effect)).toEqual(['Deny']);
  });

  test.each(ENDPOINTS)('through the %s of the app\'s VPC, which both admit: allowed', async (_name, endpoint) => {
    const outcome = await simulate({
      caller: APP, action: 'dynamodb:GetItem', resource: ORDERS, through: endpoint, resourcePolicy: ORDERS_POLICY, resourceControlPolicies: [RCP],
    });
    expect(outcome).toMatchObject({ overall: 'Allowed', rcp: 'Allowed' });
  });

  test('through another VPC the RCP lists, but the table\'s lock-down does not: explicitly denied by the table\'s policy', async () => {
    const outcome = await simulate({
      caller: APP, action: 'dynamodb:GetItem', resource: ORDERS, context: through(OTHER_ORG_VPC), resourcePolicy: ORDERS_POLICY, resourceControlPolicies: [RCP],
    });
    expect(outcome).toMatchObject({ overall: 'ExplicitlyDenied', resource: 'ExplicitlyDenied', rcp: 'Allowed' });
  });

  test('through the app\'s VPC when the RCP does not list it: explicitly denied by the RCP, whatever restrictTable admits', async () => {
    const endpoint = ENDPOINTS[0][1];
    const outcome = await simulate({
      caller: APP, action: 'dynamodb:GetItem', resource: ORDERS, through: endpoint, resourcePolicy: ORDERS_POLICY, resourceControlPolicies: [rcpListing(OTHER_ORG_VPC)],
    });
    expect(outcome).toMatchObject({ overall: 'ExplicitlyDenied', rcp: 'ExplicitlyDenied' });
  });

  test('from outside any VPC: explicitly denied by both', async () => {
    const outcome = await simulate({ caller: APP, action: 'dynamodb:PutItem', resource: ORDERS, resourcePolicy: ORDERS_POLICY, resourceControlPolicies: [RCP] });
    expect(outcome).toMatchObject({ overall: 'ExplicitlyDenied', resource: 'ExplicitlyDenied', rcp: 'ExplicitlyDenied' });
  });
});
