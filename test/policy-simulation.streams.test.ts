// Streams and the perimeter, evaluated with the IAM policy engine: why restrictTable does not lock a table's
// stream (a Lambda event source mapping reads it with the function's role from outside the VPC), and why
// tag mode admits the stream actions on the account's streams rather than by tag (Streams ABAC is a switch of
// its own). Sources: docs/design/table-lockdown.md and docs/design/endpoint-policy.md.
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { ACCOUNT, APP, Caller, expectRefusedByEndpointPolicy, ORG_ID, OTHER_ACCOUNT, sharedWith, simulate } from './support/iam-simulation';
import { LintedTemplates } from './support/linted-templates';
import { PolicyJson, TemplateResolver, TEST_STREAM_LABEL } from './support/resolve-template';

/** Every template of this file, linted with cfn-lint after its tests. */
const templates = new LintedTemplates();
const STREAM_READS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];

// ---------------------------------------------------------------------------------------------------
// Scenario 1: the orders table, locked by restrictTable, with a stream that a Lambda function outside
// the VPC consumes through an event source mapping (aws-cdk-lib grants the function's role the stream reads).
// ---------------------------------------------------------------------------------------------------
const stack = new Stack(new App(), 'Stack');
const orders = new dynamodb.TableV2(stack, 'Orders', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
});
const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { endpoint: DynamoEndpoint.interface({ streams: true }) });
access.restrictTable(orders);
const consumer = new lambda.Function(stack, 'Consumer', {
  runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};'),
});
consumer.addEventSource(new sources.DynamoEventSource(orders, { startingPosition: lambda.StartingPosition.LATEST }));
const template = templates.synth(stack).toJSON();
const resolver = new TemplateResolver(template);
const ordersId = stack.getLogicalId(orders.node.defaultChild as CfnElement);
const roleId = stack.getLogicalId(consumer.role!.node.defaultChild as CfnElement);
const STREAM = resolver.getAtt(ordersId, 'StreamArn') as string;
const TABLE_POLICY = resolver.tableResourcePolicy(ordersId)!;
const [STREAMS_ENDPOINT] = resolver.dynamoEndpoints().filter((endpoint) => endpoint.serviceName.endsWith('.dynamodb-streams'));
/** The function's execution role, with the identity policy aws-cdk-lib synthesized for it. */
const FUNCTION_ROLE: Caller = { arn: `arn:aws:iam::${ACCOUNT}:role/${roleId}`, account: ACCOUNT, orgId: ORG_ID };
const FUNCTION_POLICIES = resolver.logicalIdsOfType('AWS::IAM::Policy')
  .map((policyId) => template.Resources[policyId].Properties)
  .filter((properties) => JSON.stringify(properties.Roles) === JSON.stringify([{ Ref: roleId }]))
  .map((properties) => resolver.resolve(properties.PolicyDocument));

/**
 * What an event source mapping's poll carries: the function's role, from the Lambda service's network (no
 * aws:SourceVpc), a call of the service with that role rather than a forward access session (aws:ViaAWSService
 * false), and no lambda:SourceFunctionArn, which Lambda sets only for calls from the execution environment.
 */
const ESM_POLL = { caller: FUNCTION_ROLE, identityPolicy: FUNCTION_POLICIES[0] };
/** A copy of the role's credentials taken from the function (an SSRF, a leaked environment), used from the internet. */
const STOLEN = { ...ESM_POLL, context: { 'lambda:SourceFunctionArn': `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:consumer` } };

/**
 * A stream lock-down as restrictTable would write it: the table's own Deny, with the stream reads for
 * actions, and optionally `exempt` roles added to its aws:PrincipalArn exceptions.
 */
function streamLockdown(...exempt: string[]): PolicyJson {
  const statement = JSON.parse(JSON.stringify(TABLE_POLICY.Statement[0]));
  statement.Action = STREAM_READS;
  const exceptions = [statement.Condition.ArnNotLikeIfExists['aws:PrincipalArn']].flat();
  statement.Condition.ArnNotLikeIfExists['aws:PrincipalArn'] = [...exceptions, ...exempt];
  return { Version: '2012-10-17', Statement: [statement] };
}

describe('the scenario', () => {
  test('the function\'s role is granted the stream reads, and the table\'s lock-down denies none of them', () => {
    expect(FUNCTION_POLICIES).toHaveLength(1);
    expect(JSON.stringify(FUNCTION_POLICIES[0])).toContain('dynamodb:GetRecords');
    expect(TABLE_POLICY.Statement[0].Action).not.toEqual(expect.arrayContaining(['dynamodb:GetRecords']));
    expect(STREAMS_ENDPOINT).toBeDefined();
  });
});

describe('restrictTable leaves the stream open, and the event source mapping works', () => {
  test.each(STREAM_READS)('the mapping\'s %s with the function\'s role from the Lambda service: allowed', async (action) => {
    await expect(simulate({ ...ESM_POLL, action, resource: STREAM, resourcePolicy: TABLE_POLICY })).resolves.toMatchObject({ overall: 'Allowed' });
  });
});

describe('a stream lock-down, were restrictTable to write one: it cannot tell the mapping from stolen credentials', () => {
  test('without an exemption, the mapping\'s GetRecords is explicitly denied: the event source mapping would stop', async () => {
    const outcome = await simulate({ ...ESM_POLL, action: 'dynamodb:GetRecords', resource: STREAM, resourcePolicy: streamLockdown() });
    expect(outcome).toMatchObject({ overall: 'ExplicitlyDenied', resource: 'ExplicitlyDenied' });
  });

  test('a reader in the VPC, through the streams endpoint: allowed (what a lock-down would keep)', async () => {
    const outcome = await simulate({ caller: APP, action: 'dynamodb:GetRecords', resource: STREAM, through: STREAMS_ENDPOINT, resourcePolicy: streamLockdown() });
    expect(outcome).toMatchObject({ overall: 'Allowed' });
  });

  test('another role of the account, from the internet: explicitly denied (what a lock-down would buy)', async () => {
    const outcome = await simulate({ caller: APP, action: 'dynamodb:GetRecords', resource: STREAM, resourcePolicy: streamLockdown(FUNCTION_ROLE.arn) });
    expect(outcome).toMatchObject({ overall: 'ExplicitlyDenied' });
  });

  test('exempting the function\'s role lets the mapping through, and a stolen copy of its credentials from the internet too', async () => {
    const policy = streamLockdown(FUNCTION_ROLE.arn);
    await expect(simulate({ ...ESM_POLL, action: 'dynamodb:GetRecords', resource: STREAM, resourcePolicy: policy })).resolves.toMatchObject({ overall: 'Allowed' });
    // THEN the credentials carry lambda:SourceFunctionArn, the one key that tells them apart, but a resource policy
    // cannot use it (AWS Lambda Developer Guide), so the exempted role passes from anywhere
    await expect(simulate({ ...STOLEN, action: 'dynamodb:GetRecords', resource: STREAM, resourcePolicy: policy })).resolves.toMatchObject({ overall: 'Allowed' });
  });
});

// ---------------------------------------------------------------------------------------------------
// Scenario 2: tag mode, through the DynamoDB Streams interface endpoint. The request context carries a
// stream's own tags only with Streams ABAC on; a stream does not inherit its table's tags.
// ---------------------------------------------------------------------------------------------------
const TAG_KEY = 'aws:ResourceTag/data-perimeter';
const taggedStack = new Stack(new App(), 'Tagged');
new PrivateDynamoAccess(taggedStack, 'DynamoAccess', {
  tableTag: { key: 'data-perimeter', value: 'orders-vpc' },
  endpoint: DynamoEndpoint.interface({ streams: true }),
});
const tagged = new TemplateResolver(templates.synth(taggedStack).toJSON());
const [TAGGED_STREAMS] = tagged.dynamoEndpoints().filter((endpoint) => endpoint.serviceName.endsWith('.dynamodb-streams'));
const streamOf = (table: string, account?: string) => `${tagged.tableArn(table, account)}/stream/${TEST_STREAM_LABEL}`;

describe('tag mode admits the stream actions on the account\'s streams, not by tag', () => {
  test('the endpoint policy has the statement for the account\'s streams', () => {
    expect(TAGGED_STREAMS.policy!.Statement.map((statement) => statement.Sid)).toContain('AllowStreamsOfTheAccountsTables');
  });

  test.each(STREAM_READS)('%s on the stream of a tagged table, Streams ABAC off (no tag in the request): allowed', async (action) => {
    await expect(simulate({ caller: APP, action, resource: streamOf('orders'), through: TAGGED_STREAMS }))
      .resolves.toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test('the stream of an untagged table of the account: allowed (stream reads are not narrowed by the tag)', async () => {
    await expect(simulate({ caller: APP, action: 'dynamodb:GetRecords', resource: streamOf('payroll'), through: TAGGED_STREAMS }))
      .resolves.toMatchObject({ overall: 'Allowed', endpoint: 'Allowed' });
  });

  test('the stream of a table of another account (shared with everyone by its owner): denied by the endpoint policy', async () => {
    await expectRefusedByEndpointPolicy({
      caller: APP, action: 'dynamodb:GetRecords', resource: streamOf('exfiltration', OTHER_ACCOUNT), through: TAGGED_STREAMS, resourcePolicy: sharedWith('*'),
    });
  });

  test('the alternative, stream actions admitted by the stream\'s tag: refused whenever Streams ABAC is off', async () => {
    // GIVEN the endpoint policy without the statement for the account's streams: the tagged statement
    // (table/* with aws:ResourceTag) is then what would admit a stream read
    const byTagOnly = { ...TAGGED_STREAMS, policy: { ...TAGGED_STREAMS.policy!, Statement: TAGGED_STREAMS.policy!.Statement.filter((s) => s.Sid !== 'AllowStreamsOfTheAccountsTables') } };
    // WHEN a tagged stream is read with Streams ABAC off (no tag in the request), then on (the stream's tag in the request)
    // THEN the first is refused (fails closed: every stream read of an account with the switch off), the second allowed
    await expect(simulate({ caller: APP, action: 'dynamodb:GetRecords', resource: streamOf('orders'), through: byTagOnly }))
      .resolves.toMatchObject({ overall: 'ImplicitlyDenied', endpoint: 'ImplicitlyDenied' });
    await expect(simulate({ caller: APP, action: 'dynamodb:GetRecords', resource: streamOf('orders'), through: byTagOnly, context: { [TAG_KEY]: 'orders-vpc' } }))
      .resolves.toMatchObject({ overall: 'Allowed' });
  });
});
