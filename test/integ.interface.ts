/**
 * Integration scenario: the example stack in interface mode. A Lambda function in an isolated subnet puts
 * an item into a table and reads it back through the DynamoDB interface endpoint (PrivateLink, private
 * DNS off): the function's SDK is pointed at the endpoint by AWS_ENDPOINT_URL_DYNAMODB, from the
 * construct's clientEnvironment. A returned item proves the endpoint's DNS name, security group and
 * data-perimeter policy all let the function through. See CONTRIBUTING.md, "Deployment tests".
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { ExampleStack } from '../examples/example-stack';
import { destroyLogGroupsWithStack } from './support/destroy-log-groups';

const app = new App();
const stack = new ExampleStack(app, 'PrivateDynamoAccessInteg-interface', { mode: 'interface' });
destroyLogGroupsWithStack(stack);
const integ = new IntegTest(app, 'InterfaceEndpoint', { testCases: [stack] });

// The function returns the item it read back: { pk: { S: 'hello' }, at: { S: <time of the put> } }.
integ.assertions.invokeFunction({ functionName: stack.handler.functionName })
  .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ pk: { S: 'hello' } })) }));
