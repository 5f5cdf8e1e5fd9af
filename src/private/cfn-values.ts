import { CfnResource, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { valueKey } from './network-rules';

/*
 * Reading CloudFormation values across stacks without surprises. Internal module.
 *
 * A value of one stack (a `Ref`, a `GetAtt`, a physical name) is resolved as another stack sees it so
 * that two references to the same resource compare equal from anywhere in one environment. Across
 * environments (regions or accounts) aws-cdk-lib refuses to resolve a resource's name or ARN
 * ("Cannot use resource ... in a cross-environment fashion"), so facts are only ever compared within
 * one environment, and `resolveIn` never throws.
 */

/** A comparable form of a resolved value (the pure module's `valueKey`, under the name the readers use). */
export const key = valueKey;

/** A resolved list property as a list: a missing value is empty, a single value a list of one. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/**
 * `value` resolved as `stack` sees it, or `undefined` when `stack` cannot see it: a resource of another
 * environment, or a reference to another stack's resource that `stack` does not import (resolved there
 * it would read as a `Ref` to a resource of the same logical id in `stack`, which is another resource).
 */
export function resolveIn(stack: Stack, value: unknown): unknown {
  try {
    const resolved = stack.resolve(value);
    const owner = referencedStack(value);
    if (owner !== undefined && owner !== stack && key(resolved) === key(owner.resolve(value))) {
      return undefined;
    }
    return resolved;
  } catch {
    return undefined;
  }
}

/** The stack of the resource a single-reference token (`Ref`, `Fn::GetAtt`) points to. */
function referencedStack(value: unknown): Stack | undefined {
  if (typeof value !== 'string' || !Token.isUnresolved(value)) {
    return undefined;
  }
  const token = Tokenization.reverseString(value);
  const first = token.length === 1 ? token.firstToken : undefined;
  return first instanceof Reference ? Stack.of(first.target) : undefined;
}

/** Whether a value resolved in `stack` is the token (or literal) `value`, as seen from that stack. */
export function sameValue(stack: Stack, resolved: unknown, value: string): boolean {
  if (resolved === undefined) {
    return false;
  }
  const other = resolveIn(stack, value);
  return other !== undefined && key(resolved) === key(other);
}

/** A stack's account and region as messages show them: `123456789012 / eu-west-1`, `an unknown account / …`. */
export function describeEnvironment(stack: Stack): string {
  const part = (value: string, what: string) => (Token.isUnresolved(value) ? `an unknown ${what}` : value);
  return `${part(stack.account, 'account')} / ${part(stack.region, 'region')}`;
}

/**
 * Whether two stacks deploy to the same account and region, so that their resources may reference each
 * other. Two environment-agnostic stacks are in the same (unknown) environment.
 */
export function sameEnvironment(a: Stack, b: Stack): boolean {
  return a === b || (a.account === b.account && a.region === b.region);
}

/** Whether a construct was built in this app (it has a CloudFormation resource), rather than imported. */
export function isBuiltInApp(construct: IConstruct): boolean {
  return construct.node.defaultChild instanceof CfnResource;
}

/**
 * How to show a value in a message: a literal as it is, a token as the CloudFormation it resolves to in
 * `stack` (`{"Ref":"VpcIsolatedSubnet1RouteTable..."}`).
 */
export function renderValue(stack: Stack, value: unknown): string {
  if (typeof value === 'string' && !Token.isUnresolved(value)) {
    return value;
  }
  const resolved = resolveIn(stack, value);
  return typeof resolved === 'string' ? resolved : JSON.stringify(resolved ?? String(value));
}

/** How to name a construct or the literal id it was imported with: its path when built here or the id is a token. */
export function renderConstruct(construct: IConstruct, literalId: string): string {
  return isBuiltInApp(construct) || Token.isUnresolved(literalId) ? construct.node.path : literalId;
}

/** What `templateText` writes for a deploy-time part. */
export const TOKEN = '«token»';

/**
 * A resolved value as text, with each deploy-time part (a `Ref`, a `GetAtt`, a `${…}` of `Fn::Sub`)
 * written as `«token»`; `undefined` when no part of it is text (a bare `Ref`).
 */
export function templateText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value.replace(/\$\{[^}]*\}/g, TOKEN);
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const join = (value as Record<string, unknown>)['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map((part) => (typeof part === 'string' ? part : templateText(part) ?? TOKEN)).join(join[0]);
  }
  const sub = (value as Record<string, unknown>)['Fn::Sub'];
  const text = Array.isArray(sub) ? sub[0] : sub;
  return typeof text === 'string' ? text.replace(/\$\{[^}]*\}/g, TOKEN) : undefined;
}

/** The logical ids a resolved value refers to (`Ref`, `Fn::GetAtt`), pseudo parameters left out. */
export function logicalIdsIn(value: unknown): string[] {
  const ids: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (typeof node === 'object' && node !== null) {
      const ref = (node as any).Ref;
      const getAtt = (node as any)['Fn::GetAtt'];
      if (typeof ref === 'string' && !ref.startsWith('AWS::')) {
        ids.push(ref);
      } else if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
        ids.push(getAtt[0]);
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(value);
  return ids;
}
