import { App } from 'aws-cdk-lib';
import { EXAMPLE_MODES, ExampleMode, ExampleStack } from './example-stack';

// npx projen example                         -> one stack per endpoint mode
// EXAMPLE_MODE=interface npx projen example  -> only that mode (gateway, interface, gateway+interface)
const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
const only = (app.node.tryGetContext('mode') ?? process.env.EXAMPLE_MODE) as ExampleMode | undefined;
if (only !== undefined && !EXAMPLE_MODES.includes(only)) {
  throw new Error(`EXAMPLE_MODE: ${JSON.stringify(only)} is not one of ${EXAMPLE_MODES.join(', ')}`);
}
for (const mode of only ? [only] : EXAMPLE_MODES) {
  const id = mode === 'gateway' ? 'PrivateDynamoExample' : `PrivateDynamoExample-${mode.replace('+', '-and-')}`;
  new ExampleStack(app, id, { mode });
}
app.synth();
