/**
 * Integration scenario: the example stack in gateway mode. A Lambda function in an isolated subnet (no
 * NAT gateway, no internet gateway) puts an item into a table and reads it back; the only path to
 * DynamoDB is the gateway endpoint, so a returned item proves that the endpoint routes and that its
 * data-perimeter policy admits the function. See CONTRIBUTING.md, "Deployment tests", to run it against an account.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { ExampleStack } from '../examples/example-stack';
import { destroyLogGroupsWithStack } from './support/destroy-log-groups';

const app = new App();
const stack = new ExampleStack(app, 'PrivateDynamoAccessInteg-gateway', { mode: 'gateway' });
destroyLogGroupsWithStack(stack);
const integ = new IntegTest(app, 'GatewayEndpoint', { testCases: [stack] });

// The function returns the item it read back: { pk: { S: 'hello' }, at: { S: <time of the put> } }.
integ.assertions.invokeFunction({ functionName: stack.handler.functionName })
  .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ pk: { S: 'hello' } })) }));
