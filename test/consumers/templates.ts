/**
 * The templates of the consumer check (test/consumers/run.ts): reading a cloud assembly, checking that the
 * TypeScript reference builds what the README shows, and comparing another language's templates with it.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

/** A synthesized cloud assembly: its stacks' templates by stack name. */
export type Assembly = Map<string, any>;

/** A failed step of the consumer check: its message is the whole report (no stack trace). */
export class StepError extends Error {}

/** Reads every stack template of a cloud assembly directory. */
export function readAssembly(outdir: string): Assembly {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  const stacks: Assembly = new Map();
  for (const [name, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      stacks.set(name, JSON.parse(readFileSync(join(outdir, artifact.properties.templateFile), 'utf8')));
    }
  }
  return stacks;
}

/**
 * What may differ between languages without the library behaving differently: the CDKMetadata resource
 * (its analytics string names the language), each resource's Metadata (construct paths, asset
 * properties) and asset hashes.
 */
export function normalizeTemplate(template: any): any {
  const copy = JSON.parse(JSON.stringify(template));
  delete copy.Resources?.CDKMetadata;
  delete copy.Conditions?.CDKMetadataAvailable;
  if (copy.Conditions && Object.keys(copy.Conditions).length === 0) {
    delete copy.Conditions;
  }
  for (const resource of Object.values<any>(copy.Resources ?? {})) {
    delete resource.Metadata;
  }
  return JSON.parse(JSON.stringify(copy).replace(/\b[0-9a-f]{64}\b/g, '<asset-hash>'));
}

/** The paths at which two JSON values differ (at most `limit`). */
export function differences(a: any, b: any, path = '', limit = 10, found: string[] = []): string[] {
  if (found.length >= limit) {
    return found;
  }
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) {
    found.push(`${path || '/'}: ${JSON.stringify(a)?.slice(0, 200)} != ${JSON.stringify(b)?.slice(0, 200)}`);
  } else if (a !== null && typeof a === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      if (!(key in a)) {
        found.push(`${path}/${key}: missing in the reference`);
      } else if (!(key in b)) {
        found.push(`${path}/${key}: missing`);
      } else {
        differences(a[key], b[key], `${path}/${key}`, limit, found);
      }
      if (found.length >= limit) {
        break;
      }
    }
  } else if (a !== b) {
    found.push(`${path || '/'}: ${JSON.stringify(a)?.slice(0, 200)} != ${JSON.stringify(b)?.slice(0, 200)}`);
  }
  return found;
}

/**
 * The reference must be what the README promises, or a comparison with it proves nothing: a gateway
 * endpoint in one stack; an interface endpoint, the table's resource policy and the EndpointUrl output in
 * the other; a Lambda function in the VPC in both.
 */
export function checkReference(assembly: Assembly): void {
  const problems: string[] = [];
  const resources = (stack: string) => Object.values<any>(assembly.get(stack)?.Resources ?? {});
  for (const stack of ['ConsumerGateway', 'ConsumerInterface']) {
    if (!assembly.has(stack)) {
      problems.push(`no stack ${stack}`);
      continue;
    }
    if (!resources(stack).some((r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.VpcConfig)) {
      problems.push(`${stack}: no Lambda function in the VPC`);
    }
  }
  const endpoints = (stack: string, type: string) => resources(stack).filter((r) => r.Type === 'AWS::EC2::VPCEndpoint' && (r.Properties?.VpcEndpointType ?? 'Gateway') === type);
  if (endpoints('ConsumerGateway', 'Gateway').length !== 1) {
    problems.push('ConsumerGateway: not exactly one gateway endpoint');
  }
  if (endpoints('ConsumerInterface', 'Interface').length !== 1) {
    problems.push('ConsumerInterface: not exactly one interface endpoint');
  }
  if (!resources('ConsumerInterface').some((r) => r.Type === 'AWS::DynamoDB::GlobalTable' && JSON.stringify(r.Properties).includes('aws:SourceVpc'))) {
    problems.push('ConsumerInterface: the table has no aws:SourceVpc resource policy (restrictTable)');
  }
  if (!assembly.get('ConsumerInterface')?.Outputs?.EndpointUrl) {
    problems.push('ConsumerInterface: no EndpointUrl output');
  }
  if (problems.length > 0) {
    throw new StepError(`the TypeScript reference does not build what the README shows: ${problems.join('; ')}`);
  }
}

/** Compares a language's assembly with the reference; returns the number of resources compared. */
export function compare(language: string, version: string, reference: Assembly, candidate: Assembly): number {
  const problems: string[] = [];
  let resources = 0;
  const names = [...new Set([...reference.keys(), ...candidate.keys()])].sort();
  for (const name of names) {
    if (!candidate.has(name)) {
      problems.push(`stack ${name} missing`);
      continue;
    }
    if (!reference.has(name)) {
      problems.push(`stack ${name} is not in the TypeScript app`);
      continue;
    }
    const expected = normalizeTemplate(reference.get(name));
    const actual = normalizeTemplate(candidate.get(name));
    resources += Object.keys(expected.Resources ?? {}).length;
    problems.push(...differences(expected, actual).map((difference) => `${name}${difference}`));
  }
  if (problems.length > 0) {
    throw new StepError(`${language}: the templates differ from the TypeScript app's (aws-cdk-lib ${version}):\n  ${problems.join('\n  ')}`);
  }
  return resources;
}
