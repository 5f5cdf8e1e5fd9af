import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DynamoEndpoint, PrivateDynamoAccess } from '../../src';

/**
 * The example app's shape in interface mode with `streams`: a table with a stream, a new isolated VPC
 * with DynamoDB and DynamoDB Streams interface endpoints, and a Lambda function in its subnets that puts
 * and gets an item and describes the table's stream, each call through its endpoint.
 * Used by the emulator test and by `integ.interface-streams.ts`.
 */
export class StreamsExampleStack extends Stack {
  public readonly table: dynamodb.TableV2;
  public readonly handler: lambda.Function;
  public readonly access: PrivateDynamoAccess;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.access = new PrivateDynamoAccess(this, 'DynamoAccess', {
      tables: [this.table],
      endpoint: DynamoEndpoint.interface({ streams: true }),
    });

    this.handler = new lambda.Function(this, 'PutGetItemReadStream', {
      runtime: lambda.Runtime.NODEJS_LATEST,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HANDLER_CODE),
      timeout: Duration.seconds(30),
      vpc: this.access.vpc,
      vpcSubnets: { subnets: this.access.subnets },
      environment: { TABLE_NAME: this.table.tableName, ...this.access.clientEnvironment },
    });
    this.table.grantReadWriteData(this.handler);
    this.table.grantStreamRead(this.handler);
    this.access.allowFrom(this.handler);
  }
}

/**
 * Puts an item, reads it back, and describes the table's stream. The SDK clients pick up
 * AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_DYNAMODB_STREAMS, so both go through the interface
 * endpoints; an isolated subnet has no other way out.
 */
const HANDLER_CODE = `
const { DynamoDBClient, PutItemCommand, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const { DynamoDBStreamsClient, ListStreamsCommand, DescribeStreamCommand } = require('@aws-sdk/client-dynamodb-streams');
const dynamodb = new DynamoDBClient({});
const streams = new DynamoDBStreamsClient({});
exports.handler = async () => {
  const key = { pk: { S: 'hello' } };
  await dynamodb.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { ...key, at: { S: new Date().toISOString() } } }));
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: key, ConsistentRead: true }));
  const { Streams = [] } = await streams.send(new ListStreamsCommand({ TableName: process.env.TABLE_NAME }));
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: Streams[0].StreamArn }));
  return { Item, StreamStatus: StreamDescription.StreamStatus };
};
`;
