// The TypeScript consumer, and the reference the other languages are compared with: the README's two main
// examples (a gateway endpoint for a Lambda function; an interface endpoint with allowFrom,
// clientEnvironment, restrictTable and endpointUrl) as a user writes them, against the packed library.
// test/consumers/run.ts compiles it in a scratch app where the tarball from dist/js is installed, and runs
// it with CDK_OUTDIR set. The Python, Java and Go apps beside it build the same two stacks.
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEndpoint, PrivateDynamoAccess } from 'cdk-private-dynamo-access';

/** Inline code: no asset, so every language synthesizes the same template. */
const HANDLER_CODE = 'exports.handler = async () => "ok";';

const app = new App();

// README "Minimal example": a gateway endpoint that reaches only this table.
const gateway = new Stack(app, 'ConsumerGateway');
const gatewayTable = new dynamodb.TableV2(gateway, 'Table', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
});
const gatewayAccess = new PrivateDynamoAccess(gateway, 'DynamoAccess', { tables: [gatewayTable] });
const gatewayHandler = new lambda.Function(gateway, 'Handler', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline(HANDLER_CODE),
  vpc: gatewayAccess.vpc,
  vpcSubnets: { subnets: gatewayAccess.subnets },
  environment: gatewayAccess.clientEnvironment,
});
gatewayHandler.addEnvironment('TABLE_NAME', gatewayTable.tableName);
gatewayTable.grantReadWriteData(gatewayHandler);
gatewayAccess.allowFrom(gatewayHandler);

// README "Interface endpoint for a Lambda function (and on-premises clients)", with the table locked to the VPC.
const iface = new Stack(app, 'ConsumerInterface');
const ifaceTable = new dynamodb.TableV2(iface, 'Table', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
});
const ifaceAccess = new PrivateDynamoAccess(iface, 'DynamoAccess', {
  tables: [ifaceTable],
  endpoint: DynamoEndpoint.interface({
    allowedPeers: [ec2.Peer.ipv4('192.168.0.0/16')],
  }),
});
const ifaceHandler = new lambda.Function(iface, 'Handler', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline(HANDLER_CODE),
  vpc: ifaceAccess.vpc,
  vpcSubnets: { subnets: ifaceAccess.subnets },
  environment: ifaceAccess.clientEnvironment,
});
ifaceHandler.addEnvironment('TABLE_NAME', ifaceTable.tableName);
ifaceTable.grantReadWriteData(ifaceHandler);
ifaceAccess.allowFrom(ifaceHandler);
ifaceAccess.restrictTable(ifaceTable);
new CfnOutput(iface, 'EndpointUrl', { value: ifaceAccess.endpointUrl! });

app.synth();
