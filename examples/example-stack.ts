import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';

/** The endpoint modes the example can be synthesized in. */
export const EXAMPLE_MODES = ['gateway', 'interface', 'gateway+interface'] as const;
export type ExampleMode = typeof EXAMPLE_MODES[number];

export interface ExampleStackProps extends StackProps {
  /** Which endpoint to create. @default 'gateway' */
  readonly mode?: ExampleMode;
}

/**
 * A table, a Lambda function in isolated subnets that puts and gets an item, and the private path
 * between them.
 */
export class ExampleStack extends Stack {
  public readonly table: dynamodb.TableV2;
  public readonly handler: lambda.Function;
  public readonly access: PrivateDynamoAccess;

  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id, props);

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // The VPC (isolated subnets only), the endpoint, and its data-perimeter policy, scoped to the table.
    this.access = new PrivateDynamoAccess(this, 'DynamoAccess', {
      tables: [this.table],
      endpoint: endpointFor(props.mode ?? 'gateway'),
    });

    this.handler = new lambda.Function(this, 'PutGetItem', {
      // the newest Node.js runtime this aws-cdk-lib knows (nodejs22.x at the floor): cdk-nag's AwsSolutions-L1 asks for it
      runtime: lambda.Runtime.NODEJS_LATEST,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HANDLER_CODE),
      vpc: this.access.vpc,
      vpcSubnets: { subnets: this.access.subnets },
      environment: { TABLE_NAME: this.table.tableName, ...this.access.clientEnvironment },
    });
    this.table.grantReadWriteData(this.handler);
    this.access.allowFrom(this.handler);
  }
}

function endpointFor(mode: ExampleMode): DynamoEndpoint {
  switch (mode) {
    case 'interface': return DynamoEndpoint.interface();
    case 'gateway+interface': return DynamoEndpoint.gatewayAndInterface();
    default: return DynamoEndpoint.gateway();
  }
}

/** Puts an item and reads it back; the SDK picks up AWS_ENDPOINT_URL_DYNAMODB when it is set. */
const HANDLER_CODE = `
const { DynamoDBClient, PutItemCommand, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});
exports.handler = async () => {
  const key = { pk: { S: 'hello' } };
  await client.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { ...key, at: { S: new Date().toISOString() } } }));
  const { Item } = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: key, ConsistentRead: true }));
  return Item;
};
`;
