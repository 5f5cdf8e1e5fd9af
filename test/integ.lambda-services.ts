/**
 * Integration scenario: a Lambda function in isolated subnets (no NAT gateway, no internet gateway) that
 * reads a secret, sends a message to a queue, and puts and gets an item in a table. Its only paths are the
 * DynamoDB gateway endpoint and the Secrets Manager and SQS interface endpoints that addEndpointsFor
 * derived from its grants, so a returned item proves that every call it makes has a private path and that
 * each endpoint's policy admits it. See CONTRIBUTING.md, "Deployment tests", to run it against an account.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { LambdaServicesExampleStack } from '../examples/lambda-services-stack';
import { destroyLogGroupsWithStack } from './support/destroy-log-groups';

const app = new App();
const stack = new LambdaServicesExampleStack(app, 'PrivateDynamoAccessInteg-lambda-services');
destroyLogGroupsWithStack(stack);
const integ = new IntegTest(app, 'LambdaServices', { testCases: [stack] });

// The function returns the item it read back, after reading the secret and sending the message: any call
// without a private path would hang until the function times out, and the invocation would fail.
integ.assertions.invokeFunction({ functionName: stack.handler.functionName })
  .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ pk: { S: 'hello' } })) }));
// ... and the message is in the queue.
integ.assertions.awsApiCall('SQS', 'receiveMessage', { QueueUrl: stack.queue.queueUrl, WaitTimeSeconds: 10 })
  .expect(ExpectedResult.objectLike({ Messages: Match.arrayWith([Match.objectLike({ Body: Match.stringLikeRegexp('"at"') })]) }));
