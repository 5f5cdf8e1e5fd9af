import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { EXAMPLE_MODES, ExampleMode, ExampleStack } from '../../examples/example-stack';
import { DynamoEndpoint, NewVpcOptions, PrivateDynamoAccess } from '../../src';

// The example app (examples/example-stack.ts: gateway, interface, gateway+interface) with restrictTable on
// each table, as the compliance tests (Control Tower, checkov) check it, with the defaults or with vpcOptions.
//
// Each stack holds the library's resources (VPC, subnets, route tables, endpoint(s), the interface endpoint's
// security group, the flow log, and with the defaults the default-security-group custom resource) and the
// example's own: a TableV2 with point-in-time recovery and restrictTable's resource policy, and a Lambda
// function in the VPC's subnets (the client) with its role and policy. With the options of
// controlTowerVpcOptions(), also the user's KMS key and log group.

/** The stack id of one endpoint mode. */
export const exampleStackId = (mode: ExampleMode): string => `Example-${mode.replace('+', '-and-')}`;

function endpointFor(mode: ExampleMode): DynamoEndpoint {
  switch (mode) {
    case 'interface': return DynamoEndpoint.interface();
    case 'gateway+interface': return DynamoEndpoint.gatewayAndInterface();
    default: return DynamoEndpoint.gateway();
  }
}

/**
 * The example stack with vpcOptions: the same table, client function and private path, plus restrictTable.
 * The example itself takes no vpcOptions, so this rebuilds it (the handler's code aside); a test in
 * test/control-tower.test.ts checks that, with the defaults, both have the same resources under the same ids.
 */
export class ExampleWithOptions extends Stack {
  constructor(scope: Construct, id: string, mode: ExampleMode, vpcOptions: (scope: Construct) => NewVpcOptions) {
    super(scope, id);
    const table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const access = new PrivateDynamoAccess(this, 'DynamoAccess', { tables: [table], endpoint: endpointFor(mode), vpcOptions: vpcOptions(this) });
    access.restrictTable(table);
    const handler = new lambda.Function(this, 'PutGetItem', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      vpc: access.vpc,
      vpcSubnets: { subnets: access.subnets },
      environment: { TABLE_NAME: table.tableName, ...access.clientEnvironment },
    });
    table.grantReadWriteData(handler);
    access.allowFrom(handler);
  }
}

/** The example app itself: one ExampleStack per endpoint mode, each with restrictTable on its table. */
export function exampleApp(): App {
  const app = new App();
  for (const mode of EXAMPLE_MODES) {
    const example = new ExampleStack(app, exampleStackId(mode), { mode });
    example.access.restrictTable(example.table);
  }
  return app;
}

/** The same app, every stack built with the vpcOptions that `vpcOptions(stack)` returns. */
export function exampleAppWith(vpcOptions: (scope: Construct) => NewVpcOptions): App {
  const app = new App();
  for (const mode of EXAMPLE_MODES) {
    new ExampleWithOptions(app, exampleStackId(mode), mode, vpcOptions);
  }
  return app;
}
