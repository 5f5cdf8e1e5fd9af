// Evaluates requests against the policies this library synthesizes with an IAM policy engine, the way AWS
// evaluates a request: identity policy, resource policy, VPC endpoint policy. @cloud-copilot/iam-simulate is
// AGPL-3.0: it is a dev dependency, imported from test/ only, never from src/.
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { normalizeEndpointPolicy, PolicyJson, ResolvedEndpoint, TEST_ENVIRONMENT } from './resolve-template';

export const ACCOUNT = TEST_ENVIRONMENT.account;
export const OTHER_ACCOUNT = '222222222222';
export const ORG_ACCOUNT = '333333333333';
export const ORG_ID = 'o-a1b2c3d4e5';
export const OTHER_ORG_ID = 'o-z9y8x7w6v5';

/** Who signs the request. */
export interface Caller {
  readonly arn: string;
  readonly account: string;
  readonly orgId: string;
}

/** A workload role of the stack's account (in the organization). */
export const APP: Caller = { arn: `arn:aws:iam::${ACCOUNT}:role/app`, account: ACCOUNT, orgId: ORG_ID };
/** An administrator of the stack's account. */
export const ADMIN: Caller = { arn: `arn:aws:iam::${ACCOUNT}:role/admin`, account: ACCOUNT, orgId: ORG_ID };
/** A role of another account of the same organization. */
export const ORG_MEMBER: Caller = { arn: `arn:aws:iam::${ORG_ACCOUNT}:role/app`, account: ORG_ACCOUNT, orgId: ORG_ID };
/** A role of an account outside the organization: what stolen or foreign credentials look like. */
export const OUTSIDER: Caller = { arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/intruder`, account: OTHER_ACCOUNT, orgId: OTHER_ORG_ID };
/** DynamoDB's global-table replication role. */
export const REPLICATION: Caller = {
  arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication`,
  account: ACCOUNT,
  orgId: ORG_ID,
};

/**
 * The caller's identity policy grants every DynamoDB action: stolen or over-privileged credentials, so
 * that what admits or refuses a request is the perimeter under test, not the identity policy.
 */
export const ALL_DYNAMODB = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] };

/** A resource policy that shares a table with `principal` (another account's table, or ours shared out). */
export function sharedWith(principal: unknown, condition?: Record<string, unknown>): PolicyJson {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'dynamodb:*', Resource: '*', ...(condition ? { Condition: condition } : {}) }],
  };
}

export interface Request {
  readonly caller: Caller;
  readonly action: string;
  readonly resource: string;
  /** The endpoint the request passes through; none: from outside the VPC. */
  readonly through?: ResolvedEndpoint;
  readonly resourcePolicy?: PolicyJson;
  readonly identityPolicy?: unknown;
  /**
   * Resource control policies of the organization that owns the resource (one per level: root, OU, account);
   * AWS's `RCPFullAWSAccess` is added by the engine. Not applied to service-linked roles: "RCPs do not apply to
   * calls made by service-linked roles" (docs/design/org-perimeter.md).
   */
  readonly resourceControlPolicies?: PolicyJson[];
  /** Context keys to add or override. */
  readonly context?: Record<string, string>;
  /** The account that owns a resource whose ARN names none (an S3 object). @default - the caller's */
  readonly resourceAccount?: string;
}

export interface Outcome {
  readonly overall: string;
  readonly endpoint?: string;
  readonly resource?: string;
  /** What the resource control policies decided (`Allowed` when they let the request through). */
  readonly rcp?: string;
}

/**
 * Evaluates a request. The engine fills in no context key by itself: the keys AWS would set are set
 * here from the caller and the endpoint the request passes through (none when from outside the VPC).
 */
export async function simulate(request: Request, options: { ignoreEndpointPolicy?: boolean } = {}): Promise<Outcome> {
  const context: Record<string, string> = {
    'aws:PrincipalArn': request.caller.arn,
    'aws:PrincipalAccount': request.caller.account,
    'aws:PrincipalOrgID': request.caller.orgId,
    'aws:PrincipalIsAWSService': 'false',
    'aws:ViaAWSService': 'false',
    ...(request.through ? { 'aws:SourceVpc': request.through.vpcId, 'aws:SourceVpce': request.through.id } : {}),
    ...request.context,
  };
  const endpointPolicy = request.through?.policy;
  const simulation: Simulation = {
    request: {
      principal: request.caller.arn,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccount(request) },
      contextVariables: context,
    },
    identityPolicies: [{ name: 'identity', policy: request.identityPolicy ?? ALL_DYNAMODB }],
    serviceControlPolicies: [],
    resourceControlPolicies: isServiceLinkedRole(request.caller) ? [] : (request.resourceControlPolicies ?? []).map((policy, index) => ({
      orgIdentifier: `level-${index}`,
      policies: [{ name: `rcp-${index}`, policy }],
    })),
    resourcePolicy: request.resourcePolicy,
    vpcEndpointPolicies: endpointPolicy !== undefined && !options.ignoreEndpointPolicy
      ? [{ name: request.through!.logicalId, policy: normalizeEndpointPolicy(endpointPolicy) }]
      : undefined,
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    throw new Error(`the simulator rejected the input: ${JSON.stringify(response.errors)}`);
  }
  if (response.resultType !== 'single') {
    throw new Error(`expected one simulation, got ${response.resultType}`);
  }
  const analysis = response.result.analysis;
  return {
    overall: response.overallResult,
    endpoint: analysis.endpointAnalysis?.result,
    resource: analysis.resourceAnalysis?.result,
    rcp: analysis.rcpAnalysis?.result,
  };
}

/** Whether the caller is a service-linked role (its path is `/aws-service-role/`), to which RCPs do not apply. */
function isServiceLinkedRole(caller: Caller): boolean {
  return caller.arn.includes(':role/aws-service-role/');
}

/**
 * The account that owns the requested resource: the one its ARN names; for `*` and for ARNs that name none
 * (S3 buckets and objects), `resourceAccount`, else the caller's (a bucket of the caller's account).
 */
function resourceAccount(request: Request): string {
  const named = request.resource === '*' ? '' : request.resource.split(':')[4] ?? '';
  return named !== '' ? named : request.resourceAccount ?? request.caller.account;
}

/** The request is refused, and the endpoint policy is what refuses it: without it, it would pass. */
export async function expectRefusedByEndpointPolicy(request: Request): Promise<void> {
  expect(request.through?.policy).toBeDefined();
  await expect(simulate(request, { ignoreEndpointPolicy: true })).resolves.toMatchObject({ overall: 'Allowed' });
  await expect(simulate(request)).resolves.toMatchObject({ overall: 'ImplicitlyDenied', endpoint: 'ImplicitlyDenied' });
}

