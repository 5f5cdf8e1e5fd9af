import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { key, listOf, resolveIn, sameEnvironment, templateText } from '../cfn-values';

/*
 * What IAM grants each role of the app: part of the connectivity check (./check.ts), which counts a client
 * when its role is granted DynamoDB actions, and judges the path to every service its role is granted.
 *
 * Read from the CloudFormation of the app, whoever wrote it: `grant*()` and `addToRolePolicy` (a role's
 * default policy), `iam.Policy` and `iam.ManagedPolicy` attached in the app, the role's inline
 * `Policies`, and the managed policies in its `ManagedPolicyArns`. AWS managed policies are known only by
 * their names. A policy can only name roles of its own environment, so a role is looked up only in policies
 * of the role's environment: resolving a role's name in a stack of another region or account is refused by
 * aws-cdk-lib ("cannot use resource in a cross-environment fashion").
 */

/** One statement of a policy that applies to a role, with its values resolved in the stack that writes it. */
export interface GrantedStatement {
  /** The stack whose view its values are in. */
  readonly stack: Stack;
  /** The policy that holds it, as messages name it (a construct path). */
  readonly policy: string;
  readonly effect: 'Allow' | 'Deny';
  /** Its actions as written (`sqs:SendMessage`, `s3:Get*`, `*`); empty with `notAction`. */
  readonly actions: string[];
  /** Whether it names the actions it does NOT apply to (`NotAction`): anything else is granted. */
  readonly notAction: boolean;
  /** Its resources, resolved (`*`, a literal ARN, or an intrinsic); `NotResource` reads as `*`. */
  readonly resources: unknown[];
  /** Its condition block, resolved, when it has one. */
  readonly condition?: Record<string, Record<string, unknown>>;
}

/** Everything the app grants one role. */
export interface RoleGrants {
  /** Allow and Deny statements of the policies the app attaches to the role. */
  readonly statements: GrantedStatement[];
  /** AWS managed policies attached to the role, by name (`service-role/AWSLambdaBasicExecutionRole`). */
  readonly awsManagedPolicies: string[];
  /** Customer managed policies attached by an ARN that the app does not define, so their statements are not known. */
  readonly unknownManagedPolicies: string[];
}

/** DynamoDB Streams actions: the Lambda service calls them for an event source mapping, not the function. */
const STREAM_ACTIONS = new Set(['dynamodb:describestream', 'dynamodb:getrecords', 'dynamodb:getsharditerator', 'dynamodb:liststreams']);

/** AWS managed policies that grant DynamoDB data access: `AmazonDynamoDBFullAccess`, `AmazonDynamoDBReadOnlyAccess`, … */
const DYNAMODB_MANAGED_POLICY = /^(?:.*\/)?AmazonDynamoDB/;

/** An AWS managed policy's ARN, however the partition is written: `arn:<partition>:iam::aws:policy/<name>`. */
const AWS_MANAGED_POLICY_ARN = /^arn:[^:]+:iam::aws:policy\/(.+)$/;

/** One policy resource of the app; its statements are read on first use. */
interface PolicyEntry {
  readonly stack: Stack;
  readonly resource: iam.CfnPolicy | iam.CfnManagedPolicy;
  statements?: GrantedStatement[];
}

/** Who is granted what by the IAM policies of the app. */
export class Grants {
  /** The policy resources (inline `AWS::IAM::Policy` and customer managed) of each stack. */
  private readonly policiesOf = new Map<Stack, PolicyEntry[]>();
  /** Per stack, built on first use: the policies by the roles they name, as that stack writes them. */
  private readonly byRole = new Map<Stack, Map<string, PolicyEntry[]>>();
  /** Per stack, built on first use: customer managed policies by their resolved ARN (`{"Ref": …}`). */
  private readonly managedByArn = new Map<Stack, Map<string, PolicyEntry>>();
  private readonly cache = new Map<iam.IRole, RoleGrants>();

  constructor(all: Iterable<IConstruct>) {
    for (const construct of all) {
      if (construct instanceof iam.CfnPolicy || construct instanceof iam.CfnManagedPolicy) {
        const stack = Stack.of(construct);
        this.policiesOf.set(stack, [...(this.policiesOf.get(stack) ?? []), { stack, resource: construct }]);
      }
    }
  }

  /** What the app grants the role (cached for the pass). */
  public of(role: iam.IRole): RoleGrants {
    let grants = this.cache.get(role);
    if (grants === undefined) {
      grants = this.read(role);
      this.cache.set(role, grants);
    }
    return grants;
  }

  /** Whether IAM grants the role DynamoDB data access (stream reads for an event source mapping do not count). */
  public hasDynamoAccess(role: iam.IRole): boolean {
    const grants = this.of(role);
    return grants.awsManagedPolicies.some((name) => DYNAMODB_MANAGED_POLICY.test(name)) ||
      grants.statements.some((statement) => statement.effect === 'Allow' && statement.actions.some((action) =>
        action.toLowerCase().startsWith('dynamodb:') && !STREAM_ACTIONS.has(action.toLowerCase())));
  }

  /** The policies of a stack by the roles they name (resolving each policy's `Roles` once). */
  private rolesIndex(stack: Stack): Map<string, PolicyEntry[]> {
    let index = this.byRole.get(stack);
    if (index === undefined) {
      index = new Map();
      for (const entry of this.policiesOf.get(stack) ?? []) {
        for (const role of listOf(resolveIn(stack, entry.resource.roles)).map(key)) {
          index.set(role, [...(index.get(role) ?? []), entry]);
        }
      }
      this.byRole.set(stack, index);
    }
    return index;
  }

  /** The customer managed policies of a stack by their ARN, as the stack refers to them. */
  private managedIndex(stack: Stack): Map<string, PolicyEntry> {
    let index = this.managedByArn.get(stack);
    if (index === undefined) {
      index = new Map();
      for (const entry of this.policiesOf.get(stack) ?? []) {
        if (entry.resource instanceof iam.CfnManagedPolicy) {
          index.set(key(resolveIn(stack, entry.resource.ref)), entry);
        }
      }
      this.managedByArn.set(stack, index);
    }
    return index;
  }

  private read(role: iam.IRole): RoleGrants {
    const roleStack = Stack.of(role);
    const statements: GrantedStatement[] = [];
    for (const stack of this.policiesOf.keys()) {
      if (!sameEnvironment(stack, roleStack)) {
        continue;
      }
      const roleName = resolveIn(stack, role.roleName);
      if (roleName !== undefined) {
        (this.rolesIndex(stack).get(key(roleName)) ?? []).forEach((entry) => statements.push(...statementsOfEntry(entry)));
      }
    }
    const awsManagedPolicies: string[] = [];
    const unknownManagedPolicies: string[] = [];
    const resource = role.node.defaultChild;
    if (resource instanceof iam.CfnRole) {
      const stack = Stack.of(resource);
      const inline = Array.isArray(resource.policies)
        ? resource.policies.map((policy: any) => ({ ...policy, policyDocument: unfrozen(policy?.policyDocument) }))
        : resource.policies;
      for (const policy of listOf(resolveIn(stack, inline)) as any[]) {
        statements.push(...statementsOf(stack, `${role.node.path} (inline policy ${policy?.policyName ?? ''})`, policy?.policyDocument));
      }
      for (const arn of listOf(resolveIn(stack, resource.managedPolicyArns))) {
        const managed = this.managedIndex(stack).get(key(arn));
        const name = AWS_MANAGED_POLICY_ARN.exec(templateText(arn) ?? '')?.[1];
        if (managed !== undefined) {
          statements.push(...statementsOfEntry(managed));
        } else if (name !== undefined) {
          awsManagedPolicies.push(name);
        } else {
          unknownManagedPolicies.push(templateText(arn) ?? key(arn));
        }
      }
    }
    return { statements, awsManagedPolicies, unknownManagedPolicies };
  }
}

/** The statements of a policy resource, read once. */
function statementsOfEntry(entry: PolicyEntry): GrantedStatement[] {
  if (entry.statements === undefined) {
    const path = entry.resource.node.scope?.node.path ?? entry.resource.node.path;
    entry.statements = statementsOf(entry.stack, path, resolveIn(entry.stack, unfrozen(entry.resource.policyDocument)));
  }
  return entry.statements;
}

/**
 * A policy document as it renders now, without resolving the `PolicyDocument` object itself: resolving it
 * freezes its statements, and `addEndpointsFor` reads grants while the app is still being built.
 */
function unfrozen(document: unknown): unknown {
  return document instanceof iam.PolicyDocument ? document.toJSON() : document;
}

/** The statements of a resolved policy document. */
function statementsOf(stack: Stack, policy: string, document: any): GrantedStatement[] {
  return listOf(document?.Statement).filter((statement: any) => statement !== null && typeof statement === 'object').map((statement: any) => ({
    stack,
    policy,
    effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: listOf(statement.Action).filter((action): action is string => typeof action === 'string'),
    notAction: statement.NotAction !== undefined,
    resources: statement.NotResource !== undefined ? ['*'] : listOf(statement.Resource),
    condition: statement.Condition,
  }));
}
