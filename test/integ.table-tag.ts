/**
 * Integration scenario: the perimeter by tag (tableTag), run on a real account. Two tables, one tagged by
 * the construct and one not; a Lambda function in an isolated subnet, whose only path to DynamoDB is the
 * gateway endpoint, and whose role may read both tables, gets an item from each. The assertion expects
 * the tagged table to answer and the untagged one to be refused with AccessDeniedException: that shows
 * that the endpoint policy evaluates aws:ResourceTag for DynamoDB requests (which AWS documents for
 * identity and resource policies, not explicitly for VPC endpoint policies). The account needs DynamoDB's
 * attribute-based access control (ABAC) on. See CONTRIBUTING.md to run it.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PrivateDynamoAccess } from '../src';
import { destroyLogGroupsWithStack } from './support/destroy-log-groups';

const app = new App();
const stack = new Stack(app, 'PrivateDynamoAccessInteg-table-tag');
destroyLogGroupsWithStack(stack);

const table = (id: string) => new dynamodb.TableV2(stack, id, {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  removalPolicy: RemovalPolicy.DESTROY,
});
const tagged = table('Tagged');
const untagged = table('Untagged');
const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { tableTag: { key: 'data-perimeter', value: 'integ-table-tag' } });
access.tagTable(tagged);

const handler = new lambda.Function(stack, 'ReadBoth', {
  runtime: lambda.Runtime.NODEJS_LATEST,
  handler: 'index.handler',
  code: lambda.Code.fromInline(`
const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});
const read = async (TableName) => {
  try {
    await client.send(new GetItemCommand({ TableName, Key: { pk: { S: 'probe' } } }));
    return 'allowed';
  } catch (error) {
    return error.name;
  }
};
exports.handler = async () => ({ tagged: await read(process.env.TAGGED), untagged: await read(process.env.UNTAGGED) });
`),
  vpc: access.vpc,
  vpcSubnets: { subnets: access.subnets },
  environment: { TAGGED: tagged.tableName, UNTAGGED: untagged.tableName, ...access.clientEnvironment },
});
tagged.grantReadData(handler);
untagged.grantReadData(handler);
access.allowFrom(handler);

const integ = new IntegTest(app, 'TableTagPerimeter', { testCases: [stack] });
// IAM allows both tables; only the endpoint policy's aws:ResourceTag condition tells them apart.
integ.assertions.invokeFunction({ functionName: handler.functionName })
  .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson({ tagged: 'allowed', untagged: 'AccessDeniedException' }) }));
