import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EXAMPLE_MODES, ExampleStack } from '../examples/example-stack';
import { PrivateDynamoAccess } from '../src';
import { access, ANY_FINDING, expectNoFinding, findings, fn, newStack, table } from './support/connectivity';
import { twoGroupVpc } from './support/fixtures';

/*
 * The connectivity check raises no false alarm: the example app, clients that do not use DynamoDB, clients
 * outside the VPC or served by another access, and a check that is off. (The broken and fixed cases of each
 * finding are in the other test/connectivity-check.<concern>.test.ts files.)
 */

describe('no finding', () => {
  test.each(EXAMPLE_MODES)('on the example app in %s mode', (mode) => {
    // GIVEN the example: a Lambda function in the access subnets, granted the table, passed to allowFrom
    const stack = new ExampleStack(new App(), 'Example', { mode });

    // WHEN it is synthesized
    const annotations = findings(stack);

    // THEN the check reports nothing, and nothing at all is an error
    annotations.hasNoError('*', Match.anyValue());
    annotations.hasNoWarning('*', ANY_FINDING);
  });

  test('on a function in the VPC that is not granted DynamoDB', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);

    // WHEN a function sits in a subnet the endpoint does not serve, but does not use DynamoDB
    fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } });

    // THEN
    expectNoFinding(stack);
  });

  test('on a function that only reads a table stream through an event source mapping', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    const streamTable = new dynamodb.TableV2(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
    });

    // WHEN the Lambda service reads the stream for it: the function itself never calls DynamoDB
    const handler = fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } });
    handler.addEventSource(new DynamoEventSource(streamTable, { startingPosition: lambda.StartingPosition.LATEST }));

    // THEN
    expectNoFinding(stack);
  });

  test('on a function outside the VPC', () => {
    // GIVEN
    const stack = newStack();
    access(stack, twoGroupVpc(stack));

    // WHEN
    table(stack).grantReadData(fn(stack, {}));

    // THEN
    expectNoFinding(stack);
  });

  test('on a client in a subnet served by a second PrivateDynamoAccess on the same VPC', () => {
    // GIVEN one construct serves "App", another "Other"
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    new PrivateDynamoAccess(stack, 'OtherAccess', { vpc, subnets: { subnetGroupName: 'Other' } });

    // WHEN
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // THEN
    expectNoFinding(stack);
  });

  test('with connectivityCheck false', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);

    // WHEN the check is off, a certain break goes unreported
    access(stack, vpc, { connectivityCheck: false });
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // THEN
    expectNoFinding(stack);
  });
});
