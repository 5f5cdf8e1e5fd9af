import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ENV, lookupContext } from './fixtures';
import { PrivateDynamoAccess, PrivateDynamoAccessProps } from '../../src';

/*
 * What the tests of the connectivity check (test/connectivity-check.<concern>.test.ts) build and read:
 * a stack of ENV with the lookups `cdk synth` caches, its table, an access on a VPC's "App" subnets,
 * Lambda functions, and the check's findings.
 */

/** What `cdk synth` caches after its lookups: the zones of eu-west-1 and DynamoDB's prefix list there. */
export const LOOKUP_CONTEXT = lookupContext(ENV);

/** Any finding of the check, whatever its id. */
export const ANY_FINDING = Match.stringLikeRegexp('\\[ack: cdk-private-dynamo-access:');

/** A finding with id `id` whose text matches `text` (a regular expression) before the acknowledgement. */
export function finding(id: string, text = ''): Match {
  return Match.stringLikeRegexp(`${text}.*\\[ack: ${id}\\]`);
}

/** A stack of ENV in `app` (by default a new app with the lookup context). */
export function newStack(id = 'Stack', app = new App({ context: LOOKUP_CONTEXT })): Stack {
  return new Stack(app, id, { env: ENV });
}

/** The stack's table, created on first use. */
export function table(stack: Stack): dynamodb.ITableV2 {
  return (stack.node.tryFindChild('Table') as dynamodb.TableV2 | undefined) ??
    new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
}

/** `Access`: a PrivateDynamoAccess on the "App" subnets of `vpc`. */
export function access(stack: Stack, vpc: ec2.IVpc, props: PrivateDynamoAccessProps = {}): PrivateDynamoAccess {
  return new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetGroupName: 'App' }, ...props });
}

/** A Node.js Lambda function with inline code; in a VPC when `props` say so. */
export function fn(stack: Stack, props: Partial<lambda.FunctionProps> & { vpc?: ec2.IVpc }, id = 'Fn'): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    ...props,
  });
}

/** The findings of a stack, synthesized once. */
export function findings(stack: Stack): Annotations {
  return Annotations.fromStack(stack);
}

/** The check reports nothing on the stack, neither error nor warning. */
export function expectNoFinding(stack: Stack): void {
  const annotations = findings(stack);
  annotations.hasNoError('*', ANY_FINDING);
  annotations.hasNoWarning('*', ANY_FINDING);
}
