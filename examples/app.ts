import { App } from 'aws-cdk-lib';
import { EcsExampleStack } from './ecs-stack';
import { EXAMPLE_MODES, ExampleMode, ExampleStack } from './example-stack';

// npx projen example                         -> one stack per endpoint mode, and the ECS example
// EXAMPLE_MODE=interface npx projen example  -> only that mode (gateway, interface, gateway+interface)
// EXAMPLE_MODE=ecs npx projen example        -> only the ECS example (a Fargate service in isolated subnets)
const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
const only = (app.node.tryGetContext('mode') ?? process.env.EXAMPLE_MODE) as ExampleMode | 'ecs' | undefined;
if (only !== undefined && only !== 'ecs' && !EXAMPLE_MODES.includes(only)) {
  throw new Error(`EXAMPLE_MODE: ${JSON.stringify(only)} is not one of ${[...EXAMPLE_MODES, 'ecs'].join(', ')}`);
}
if (only === undefined || only === 'ecs') {
  new EcsExampleStack(app, 'PrivateDynamoExample-ecs');
}
for (const mode of only === 'ecs' ? [] : only ? [only] : EXAMPLE_MODES) {
  const id = mode === 'gateway' ? 'PrivateDynamoExample' : `PrivateDynamoExample-${mode.replace('+', '-and-')}`;
  new ExampleStack(app, id, { mode });
}
app.synth();
