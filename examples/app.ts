import { App } from 'aws-cdk-lib';
import { EcsExampleStack } from './ecs-stack';
import { EXAMPLE_MODES, ExampleMode, ExampleStack } from './example-stack';
import { LambdaServicesExampleStack } from './lambda-services-stack';

// npx projen example                                -> one stack per endpoint mode, the ECS example and the Lambda services example
// EXAMPLE_MODE=interface npx projen example         -> only that mode (gateway, interface, gateway+interface)
// EXAMPLE_MODE=ecs npx projen example               -> only the ECS example (a Fargate service in isolated subnets)
// EXAMPLE_MODE=lambda-services npx projen example   -> only the Lambda function that also reads a secret and sends to a queue
const WORKLOADS = ['ecs', 'lambda-services'] as const;
type Only = ExampleMode | typeof WORKLOADS[number];
const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
const only = (app.node.tryGetContext('mode') ?? process.env.EXAMPLE_MODE) as Only | undefined;
if (only !== undefined && !(WORKLOADS as readonly string[]).includes(only) && !EXAMPLE_MODES.includes(only as ExampleMode)) {
  throw new Error(`EXAMPLE_MODE: ${JSON.stringify(only)} is not one of ${[...EXAMPLE_MODES, ...WORKLOADS].join(', ')}`);
}
if (only === undefined || only === 'ecs') {
  new EcsExampleStack(app, 'PrivateDynamoExample-ecs');
}
if (only === undefined || only === 'lambda-services') {
  new LambdaServicesExampleStack(app, 'PrivateDynamoExample-lambda-services');
}
for (const mode of only === undefined ? EXAMPLE_MODES : EXAMPLE_MODES.filter((candidate) => candidate === only)) {
  const id = mode === 'gateway' ? 'PrivateDynamoExample' : `PrivateDynamoExample-${mode.replace('+', '-and-')}`;
  new ExampleStack(app, id, { mode });
}
app.synth();
