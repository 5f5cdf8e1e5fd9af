import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PrivateDynamoAccess } from '../src';

/**
 * A Lambda function in the isolated subnets of a new VPC (no NAT, no internet gateway) that reads a secret,
 * sends a message to a queue, and puts and gets an item in a table: the construct's DynamoDB gateway
 * endpoint, and the interface endpoints `addEndpointsFor` derives from what the function is granted
 * (Secrets Manager, SQS), each with a policy that admits the granted resource only.
 */
export class LambdaServicesExampleStack extends Stack {
  public readonly table: dynamodb.TableV2;
  public readonly secret: secretsmanager.Secret;
  public readonly queue: sqs.Queue;
  public readonly access: PrivateDynamoAccess;
  public readonly handler: lambda.Function;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.secret = new secretsmanager.Secret(this, 'ApiKey', { removalPolicy: RemovalPolicy.DESTROY });
    this.queue = new sqs.Queue(this, 'Orders', { enforceSSL: true, removalPolicy: RemovalPolicy.DESTROY });

    this.access = new PrivateDynamoAccess(this, 'DynamoAccess', { tables: [this.table] });

    this.handler = new lambda.Function(this, 'Handler', {
      // the newest Node.js runtime this aws-cdk-lib knows (nodejs22.x at the floor): cdk-nag's AwsSolutions-L1 asks for it
      runtime: lambda.Runtime.NODEJS_LATEST,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HANDLER_CODE),
      vpc: this.access.vpc,
      vpcSubnets: { subnets: this.access.subnets },
      environment: {
        TABLE_NAME: this.table.tableName,
        SECRET_ARN: this.secret.secretArn,
        QUEUE_URL: this.queue.queueUrl,
        ...this.access.clientEnvironment,
      },
    });
    this.table.grantReadWriteData(this.handler);
    this.secret.grantRead(this.handler);
    this.queue.grantSendMessages(this.handler);
    this.access.allowFrom(this.handler);
    // Secrets Manager and SQS, from what the function is granted (after its last grant).
    this.access.addEndpointsFor(this.handler);
  }
}

/** Reads the secret, sends a message, puts an item and reads it back: every call has a private path, or it hangs. */
const HANDLER_CODE = `
const { DynamoDBClient, PutItemCommand, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const dynamodb = new DynamoDBClient({});
const secrets = new SecretsManagerClient({});
const sqs = new SQSClient({});
exports.handler = async () => {
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ARN }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ at: new Date().toISOString() }) }));
  const key = { pk: { S: 'hello' } };
  await dynamodb.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { ...key, secretLength: { N: String(SecretString.length) } } }));
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: key, ConsistentRead: true }));
  return Item;
};
`;
