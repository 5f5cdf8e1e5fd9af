/**
 * Integration scenario: interface mode with `streams`. A Lambda function in an isolated subnet puts and
 * gets an item through the DynamoDB interface endpoint, then lists and describes the table's stream
 * through the DynamoDB Streams interface endpoint (AWS_ENDPOINT_URL_DYNAMODB and
 * AWS_ENDPOINT_URL_DYNAMODB_STREAMS, from the construct's clientEnvironment). See CONTRIBUTING.md, "Deployment tests".
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { destroyLogGroupsWithStack } from './support/destroy-log-groups';
import { StreamsExampleStack } from './support/streams-example-stack';

const app = new App();
const stack = new StreamsExampleStack(app, 'PrivateDynamoAccessInteg-interface-streams');
destroyLogGroupsWithStack(stack);
const integ = new IntegTest(app, 'InterfaceAndStreamsEndpoints', { testCases: [stack] });

// The function returns { Item: <the item it read back>, StreamStatus: <DescribeStream's status> }; a stream
// created with its table may still be ENABLING, either status proves the call went through.
integ.assertions.invokeFunction({ functionName: stack.handler.functionName })
  .expect(ExpectedResult.objectLike({
    Payload: Match.serializedJson(Match.objectLike({
      Item: Match.objectLike({ pk: { S: 'hello' } }),
      StreamStatus: Match.stringLikeRegexp('^(ENABLED|ENABLING)$'),
    })),
  }));
