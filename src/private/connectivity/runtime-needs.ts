import { Stack, Token } from 'aws-cdk-lib';
import type { GrantedStatement, RoleGrants } from './grants';
import { isStreamResource, LAMBDA_SERVICE_MANAGED_POLICIES, ServiceSideCalls } from './service-side';
import { targetsOfAction } from '../catalogue/service-catalogue';
import { key, logicalIdsIn, templateText, TOKEN } from '../cfn-values';

/*
 * What a client calls at run time, from what its role is granted: for each AWS service, the granted
 * actions and resources that lead there, minus what AWS services call on the client's behalf
 * (./service-side.ts), and what cannot be read exactly (AWS managed policies, `*` actions). Facts only:
 * ./runtime-judge.ts judges the paths. Used by the connectivity check and by `addEndpointsFor`.
 */

/** One service a client calls. */
export interface ServiceNeed {
  /**
   * `endpoint`: an AWS endpoint service (`service` is its short name: `sqs`, `s3`, `bedrock-runtime`);
   * `none`: no VPC endpoint serves it (`service` is the IAM prefix; `why` says why);
   * `unknown`: a service the catalogue does not know (`service` is the IAM prefix).
   */
  readonly kind: 'endpoint' | 'none' | 'unknown';
  readonly service: string;
  readonly why?: string;
  /** The granted actions that lead there, as written. */
  readonly actions: string[];
  /** The granted resources of those actions, each resolved in the stack whose view it is in (`*` included). */
  readonly resources: Array<{ readonly stack: Stack; readonly value: unknown }>;
  /** False when only wildcard actions that may lead to several services lead there (it may never be called). */
  readonly certain: boolean;
}

/** A granted resource in another region than the client's. */
export interface OtherRegionGrant {
  /** The resource's ARN as text, deploy-time parts written `«token»`. */
  readonly resource: string;
  /** The resource as resolved. */
  readonly value: unknown;
  readonly region: string;
  readonly actions: string[];
}

/** Everything a client calls at run time, as far as its grants tell. */
export interface RuntimeNeeds {
  readonly needs: ServiceNeed[];
  /** Why some of its permissions cannot be read exactly (an AWS managed policy, a `*` action). */
  readonly unreadable: string[];
  readonly otherRegion: OtherRegionGrant[];
}

/** AWS managed policies whose calls are known (besides the Lambda service's own), by the endpoint services they call. */
const MANAGED_POLICY_NEEDS: Record<string, string[]> = {
  AmazonSSMManagedInstanceCore: ['ssm', 'ssmmessages', 'ec2messages'],
  AWSXRayDaemonWriteAccess: ['xray'],
};

/** AWS managed policies of DynamoDB: the construct's own rules judge the path to DynamoDB. */
const DYNAMODB_MANAGED_POLICY = /^(?:.*\/)?AmazonDynamoDB/;

/** The services a client calls, from its role's grants; `lambda`: the client is a Lambda function. */
export function runtimeNeeds(grants: RoleGrants, serviceSide: ServiceSideCalls, stack: Stack, lambda: boolean): RuntimeNeeds {
  const needs = new Map<string, { kind: ServiceNeed['kind']; service: string; why?: string; actions: Set<string>; resources: ServiceNeed['resources']; certain: boolean }>();
  const unreadable: string[] = [];
  const otherRegion: OtherRegionGrant[] = [];
  const need = (kind: ServiceNeed['kind'], service: string, action: string, resources: ServiceNeed['resources'], certain: boolean, why?: string) => {
    const id = `${kind}:${service}`;
    const entry = needs.get(id) ?? { kind, service, why, actions: new Set<string>(), resources: [], certain: false };
    entry.actions.add(action);
    entry.resources.push(...resources);
    entry.certain = entry.certain || certain;
    needs.set(id, entry);
  };
  const denied = deniedActions(grants.statements);
  const local = localLogicalIds(grants.statements, stack);

  for (const statement of grants.statements.filter((candidate) => candidate.effect === 'Allow')) {
    if (statement.notAction) {
      unreadable.push(`${statement.policy} allows every action but ${statement.actions.join(', ') || 'none'} (NotAction)`);
      continue;
    }
    const resources = flatResources(statement.resources);
    for (const action of statement.actions) {
      if (action === '*' || !/^[a-z0-9-]+:/i.test(action)) {
        unreadable.push(`${statement.policy} allows ${action}`);
        continue;
      }
      if (denied.some((pattern) => pattern.test(action))) {
        continue;
      }
      const called = resources.filter((resource) => serviceSide.reasonFor(statement, action, resource) === undefined);
      const remote = otherRegionGrants(called, action, stack, local);
      otherRegion.push(...remote);
      const here = called.filter((resource) => !remote.some((grant) => grant.value === resource));
      if (here.length === 0) {
        continue; // only resources of other regions, which no endpoint of this VPC serves: reported as such
      }
      const targets = targetsOfAction(action);
      if (targets === undefined) {
        need('unknown', action.split(':')[0].toLowerCase(), action, [], true);
        continue;
      }
      const certain = targets.length === 1;
      for (const target of targets) {
        if ('inVpc' in target) {
          continue;
        }
        if ('none' in target) {
          need('none', action.split(':')[0].toLowerCase(), action, [], certain, target.none);
          continue;
        }
        if (target.endpoint === 'dynamodb') {
          continue; // the construct's own rules judge the path to DynamoDB
        }
        const reached = target.endpoint === 'dynamodb-streams' ? here.filter(isStreamResource) : here;
        if (reached.length > 0) {
          need('endpoint', target.endpoint, action, reached.map((value) => ({ stack: statement.stack, value })), certain);
        }
      }
    }
  }

  for (const name of grants.awsManagedPolicies) {
    const base = name.replace(/^.*\//, '');
    if ((lambda && LAMBDA_SERVICE_MANAGED_POLICIES.includes(name)) || DYNAMODB_MANAGED_POLICY.test(name)) {
      continue;
    }
    const known = MANAGED_POLICY_NEEDS[base];
    if (known !== undefined) {
      known.forEach((service) => need('endpoint', service, `${base} (AWS managed policy)`, [{ stack, value: '*' }], true));
    } else {
      unreadable.push(`the AWS managed policy ${name}`);
    }
  }
  grants.unknownManagedPolicies.forEach((arn) => unreadable.push(`the managed policy ${arn}, which is not defined in this app`));

  return {
    needs: [...needs.values()].map((entry) => ({ ...entry, actions: [...entry.actions] })),
    unreadable: [...new Set(unreadable)],
    otherRegion: dedupe(otherRegion),
  };
}

/** Action patterns that an unconditional Deny on every resource takes away. */
function deniedActions(statements: GrantedStatement[]): RegExp[] {
  return statements
    .filter((statement) => statement.effect === 'Deny' && !statement.notAction && statement.condition === undefined &&
      flatResources(statement.resources).includes('*'))
    .flatMap((statement) => statement.actions)
    .map((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i'));
}

/** The resources of a statement, flattened, without `AWS::NoValue`. */
function flatResources(resources: unknown[]): unknown[] {
  return resources.flatMap((resource) => (Array.isArray(resource) ? flatResources(resource) : [resource]))
    .filter((resource) => key(resource) !== key({ Ref: 'AWS::NoValue' }));
}

/** The logical ids that the granted resources of the client's own region refer to (a replica's ARN names its table too). */
function localLogicalIds(statements: GrantedStatement[], stack: Stack): Set<string> {
  const ids = new Set<string>();
  for (const statement of statements) {
    for (const resource of flatResources(statement.resources)) {
      if (regionOf(resource) === undefined || regionOf(resource) === stack.region) {
        logicalIdsIn(resource).forEach((id) => ids.add(id));
      }
    }
  }
  return ids;
}

/** Granted resources whose ARN names another region than the client's stack, when both are known. */
function otherRegionGrants(resources: unknown[], action: string, stack: Stack, local: Set<string>): OtherRegionGrant[] {
  if (Token.isUnresolved(stack.region)) {
    return [];
  }
  return resources.flatMap((resource) => {
    const region = regionOf(resource);
    if (region === undefined || region === stack.region || logicalIdsIn(resource).some((id) => local.has(id))) {
      return []; // a replica of a table of this region is granted with it: the client calls its own region's
    }
    return [{ resource: templateText(resource) ?? key(resource), value: resource, region, actions: [action] }];
  });
}

/** The region an ARN names, when it is a literal. */
function regionOf(resource: unknown): string | undefined {
  const text = templateText(resource);
  const region = text === undefined ? undefined : /^arn:[^:]*:[^:]+:([^:]*):/.exec(text)?.[1];
  return region === undefined || region === '' || region.includes(TOKEN) || region.includes('*') ? undefined : region;
}

function dedupe(grants: OtherRegionGrant[]): OtherRegionGrant[] {
  const byResource = new Map<string, OtherRegionGrant>();
  for (const grant of grants) {
    const seen = byResource.get(grant.resource);
    byResource.set(grant.resource, seen === undefined ? grant : { ...seen, actions: [...new Set([...seen.actions, ...grant.actions])] });
  }
  return [...byResource.values()];
}
