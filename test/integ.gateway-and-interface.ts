/**
 * Integration scenario: the example stack with both endpoints. The Lambda function in an isolated subnet
 * keeps calling DynamoDB's public name (clientEnvironment is empty for DynamoDB in this mode), so its
 * put and get take the free gateway route while the interface endpoint serves networks outside the VPC.
 * A returned item proves that the two endpoints coexist and the in-VPC path works. See
 * CONTRIBUTING.md, "Deployment tests".
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { ExampleStack } from '../examples/example-stack';
import { destroyLogGroupsWithStack } from './support/destroy-log-groups';

const app = new App();
const stack = new ExampleStack(app, 'PrivateDynamoAccessInteg-gateway-and-interface', { mode: 'gateway+interface' });
destroyLogGroupsWithStack(stack);
const integ = new IntegTest(app, 'GatewayAndInterfaceEndpoints', { testCases: [stack] });

// The function returns the item it read back: { pk: { S: 'hello' }, at: { S: <time of the put> } }.
integ.assertions.invokeFunction({ functionName: stack.handler.functionName })
  .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ pk: { S: 'hello' } })) }));
