import { CfnResource, FeatureFlags, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct, IConstruct } from 'constructs';
import { AccessView, accessesOnVpc } from './access-view';
import { describeEnvironment, isBuiltInApp, listOf, resolveIn, sameEnvironment } from './cfn-values';
import { DEFAULT_TABLE_ACTIONS } from './endpoint-policy/actions';
import { propError, propMessage } from './errors';
import { warn } from './report';
import { addStackReference, describeCycle } from './stack-references';
import { AccessWarning } from '../access-warning';

/*
 * The table lock-down: a statement in a table's resource policy that keeps its data reachable only
 * through the VPCs that lock it. Internal module: `PrivateDynamoAccess.restrictTable` is its public face.
 * Why `aws:SourceVpc` and not `aws:SourceVpce`, and what the lock-down cannot enforce:
 * docs/design/table-lockdown.md.
 */

/**
 * Default endpoint actions that the lock-down leaves alone: describing the table (CloudFormation and
 * consoles need it) and the stream actions (a stream is its own resource, with its own resource policy, and
 * Lambda event source mappings read it from outside the VPC: docs/design/table-lockdown.md).
 */
const STAYS_OPEN = new Set([
  'dynamodb:DescribeTable',
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
]);

/**
 * The data-plane actions that the lock-down denies outside the VPC: reading and writing items.
 * Control-plane and describe actions stay open so that CloudFormation and administrators can manage
 * the table from anywhere their IAM permissions allow.
 */
export const LOCKED_DOWN_ACTIONS: readonly string[] = DEFAULT_TABLE_ACTIONS.filter((action) => !STAYS_OPEN.has(action));

/** The role DynamoDB uses to replicate global tables between regions. */
const REPLICATION_ROLE_ARN = 'arn:*:iam::*:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication';

/** The statement's id: one per table, whatever the number of VPCs that lock it. */
export const LOCKDOWN_SID = 'DenyDataAccessFromOutsideTheVpc';

/** What one call of `restrictTable` asks. */
export interface LockRequest {
  /** The access whose VPC may reach the table. */
  readonly access: AccessView;
  /** A table of the locked table's stack that the access's endpoint policy names through a reference to that stack, if any. */
  readonly policyRefersToTableStack?: dynamodb.ITable;
  /** Roles that may call the table's data plane from outside the VPC. */
  readonly exemptRoles: iam.IRole[];
}

/** The lock-down of one table: the VPCs that may reach it, and the one statement that says so. */
class TableLockdown {
  private readonly vpcs: ec2.IVpc[] = [];
  private readonly vpcKeys = new Set<string>();
  private readonly exemptRoleArns: string[] = [];
  /** Set while the replicas are read: they hold this statement, whose condition reads them (a cycle to break). */
  private readingReplicas = false;

  constructor(private readonly table: dynamodb.TableV2) {
    const stack = Stack.of(table);
    table.addToResourcePolicy(new iam.PolicyStatement({
      sid: LOCKDOWN_SID,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...LOCKED_DOWN_ACTIONS],
      resources: ['*'],
      conditions: {
        StringNotEqualsIfExists: {
          'aws:SourceVpc': Lazy.uncachedAny({ produce: () => (this.vpcs.length === 1 ? this.vpcs[0].vpcId : this.vpcs.map((vpc) => vpc.vpcId)) }),
        },
        BoolIfExists: { 'aws:ViaAWSService': 'false', 'aws:PrincipalIsAWSService': 'false' },
        ArnNotLikeIfExists: {
          'aws:PrincipalArn': Lazy.uncachedAny({
            produce: () => (this.exemptRoleArns.length === 0 ? REPLICATION_ROLE_ARN : [REPLICATION_ROLE_ARN, ...this.exemptRoleArns]),
          }),
        },
        // Only with replicas in other regions: the statement then applies to this region's replica alone,
        // so that a replica that receives the same policy is not locked to a VPC it cannot be reached from.
        StringEquals: Lazy.uncachedAny({
          produce: () => (this.replicaRegions().length > 0 ? { 'aws:RequestedRegion': stack.region } : undefined),
        }),
      },
    }));
    table.node.addValidation({ validate: () => this.validate() });
  }

  /** Exempts a role from the lock-down; a role already exempt is not repeated. */
  public exempt(role: iam.IRole): void {
    if (!this.exemptRoleArns.includes(role.roleArn)) {
      this.exemptRoleArns.push(role.roleArn);
    }
  }

  /** Adds a VPC that may reach the table; a VPC already there (the same id, a literal or a token) is not repeated. */
  public admit(vpc: ec2.IVpc): void {
    const vpcKey = vpc.vpcId;
    if (!this.vpcKeys.has(vpcKey)) {
      this.vpcKeys.add(vpcKey);
      this.vpcs.push(vpc);
    }
  }

  /**
   * Where warnings go: the table's resource, so that an acknowledgement on the table (or its stack)
   * covers them (CDK applies an acknowledgement to the scopes below the one acknowledged).
   */
  private get target(): IConstruct {
    return this.table.node.defaultChild ?? this.table;
  }

  /** The regions of the table's replicas other than its own. */
  private replicaRegions(): string[] {
    if (this.readingReplicas) {
      return [];
    }
    this.readingReplicas = true;
    try {
      return replicaRegions(this.table);
    } finally {
      this.readingReplicas = false;
    }
  }

  /** At synth: report the stream and the replicas the lock-down does not cover, and fail when no VPC can reach the table. */
  private validate(): string[] {
    if (hasStream(this.table)) {
      warn(this.target, AccessWarning.STREAM_NOT_RESTRICTED, 'restrictTable',
        `the stream of ${this.table.node.path} is not locked to the VPC: DescribeStream, GetRecords and GetShardIterator ` +
        'on it stay open, from anywhere, to any caller that IAM allows (a stream policy that denied them outside the VPC would also stop ' +
        'Lambda event source mappings, which read the stream with the function\'s role from the Lambda service\'s network, and exempting that ' +
        'role would let a stolen copy of its credentials in from anywhere)',
        'grant the stream reads only to the roles that need them (grantStreamRead), give a stream that nothing outside the VPC reads a resource ' +
        'policy of its own, or acknowledge this warning');
    }
    for (const region of this.replicaRegions()) {
      const perReplica = FeatureFlags.of(this.table).isEnabled(cxapi.DYNAMODB_TABLEV2_RESOURCE_POLICY_PER_REPLICA);
      warn(this.target, AccessWarning.REPLICA_NOT_RESTRICTED, 'restrictTable',
        `the replica of ${this.table.node.path} in ${region} is not locked to a VPC: its items stay reachable ` +
        `from outside any VPC for callers that IAM allows (${perReplica
          ? `with ${cxapi.DYNAMODB_TABLEV2_RESOURCE_POLICY_PER_REPLICA} on, a replica gets only its own resource policy`
          : `the replica receives the table's policy, whose lock-down applies to requests in ${Stack.of(this.table).region} only`})`,
        `lock it with a resource policy of its own (ReplicaTableProps.resourcePolicy) that denies data access outside a VPC of ${region}, or acknowledge this warning`);
    }
    const errors: string[] = [];
    for (const vpc of this.vpcs) {
      const cycle = nestedStackCycle(this.table, vpc);
      if (cycle !== undefined) {
        errors.push(cycle);
      }
      const accesses = accessesOnVpc(this.table.node.root, vpc);
      if (accesses.length > 0 && accesses.every((access) => access.admitsTable(this.table) === 'no')) {
        errors.push(propMessage('restrictTable',
          `${this.table.node.path} is locked to VPC ${vpc.node.path}, but the endpoint policy of ${accesses.map((access) => access.construct.node.path).join(', ')} ` +
          'does not admit it (tables lists other tables), so requests through the VPC are refused by the endpoint and all others by the lock-down: nothing could reach the table',
          'add the table to tables of that PrivateDynamoAccess, or call restrictTable on a PrivateDynamoAccess whose endpoint admits the table'));
      }
    }
    return errors;
  }
}

const LOCKDOWNS = new WeakMap<dynamodb.TableV2, TableLockdown>();

/**
 * Locks `table` to the VPC of the requesting access: one statement per table, whose `aws:SourceVpc` lists
 * every VPC that locks it. Fails with a message naming `restrictTable` for a table that the VPC could never
 * reach (another region or account), or when the lock-down would make the stacks reference each other.
 */
export function lockTableToVpc(table: dynamodb.TableV2, request: LockRequest): void {
  const access = request.access;
  const tableStack = Stack.of(table);
  const accessStack = Stack.of(access.construct);
  if (!sameEnvironment(tableStack, accessStack)) {
    throw propError('restrictTable',
      `table ${table.node.path} is in ${describeEnvironment(tableStack)}, but ${access.construct.node.path} is in ${describeEnvironment(accessStack)}, ` +
      'and a VPC endpoint reaches only tables of its own account and region, so the lock-down would leave the table reachable by nothing',
      `call restrictTable on a PrivateDynamoAccess in a stack of ${describeEnvironment(tableStack)}`);
  }
  const listed = request.policyRefersToTableStack;
  if (listed !== undefined && lockdownRefersToAccessStack(table, access)) {
    throw propError('restrictTable',
      `table ${table.node.path} is in stack ${tableStack.node.path} and tables of ${access.construct.node.path} (in stack ${accessStack.node.path}) lists ` +
      `${listed === table ? 'it' : `${listed.node.path} of the same stack`}, ` +
      'so each stack would reference the other (the endpoint policy names the table, the table\'s policy names the VPC): a dependency cycle that fails the deploy',
      'give the table a fixed name (tableName), which the endpoint policy then writes without a reference to its stack; or omit tables (or admit tables by tableTag); ' +
      'or create the table and the PrivateDynamoAccess in the same stack');
  }
  if (Token.isUnresolved(access.vpc.vpcId) && isBuiltInApp(access.vpc)) {
    const cycle = addStackReference(tableStack, Stack.of(access.vpc));
    if (cycle !== undefined) {
      throw propError('restrictTable',
        `table ${table.node.path} would name VPC ${access.vpc.node.path} in its policy, but the VPC's stack already refers to the table's ` +
        `(${describeCycle(cycle)}), so the stacks would refer to each other`,
        'give the tables that the endpoint policy lists fixed names (tableName), or admit them by tableTag, or create the table in the VPC\'s stack');
    }
  }
  let lockdown = LOCKDOWNS.get(table);
  if (lockdown === undefined) {
    lockdown = new TableLockdown(table);
    LOCKDOWNS.set(table, lockdown);
  }
  lockdown.admit(access.vpc);
  request.exemptRoles.forEach((role, index) => {
    if (Construct.isConstruct(role) && !sameEnvironment(Stack.of(role), tableStack) && Token.isUnresolved(role.roleArn)) {
      throw propError(`restrictTable(options.exemptRoles[${index}])`,
        `${role.node.path} is a role of ${describeEnvironment(Stack.of(role))}, and the table's policy in ${describeEnvironment(tableStack)} cannot refer to it`,
        'give the role a fixed name (roleName) and import it in the table\'s stack with iam.Role.fromRoleName, or pass a role of the table\'s environment');
    }
    lockdown!.exempt(role);
  });
}

/**
 * Whether the table's policy, naming the access's VPC, would make the table's stack depend on a stack
 * that depends on the table's stack through the endpoint policy: the VPC is in the access's stack (or a
 * stack nested in it), and the table is not in a stack nested in the access's stack (whose parameters
 * the parent can pass without a cycle).
 */
function lockdownRefersToAccessStack(table: dynamodb.TableV2, access: AccessView): boolean {
  const vpcId = access.vpc.vpcId;
  if (!Token.isUnresolved(vpcId)) {
    return false; // an imported VPC's literal id: no reference at all
  }
  const tableStack = Stack.of(table);
  const accessStack = Stack.of(access.construct);
  const vpcStack = Stack.of(access.vpc);
  if (vpcStack === tableStack || isNestedIn(tableStack, accessStack)) {
    return false;
  }
  return vpcStack === accessStack || isNestedIn(vpcStack, accessStack);
}

/**
 * The error for a VPC in a stack nested in the table's stack whose nested-stack resource already takes a
 * value of the table (a grant, or the table's ARN in a policy): the lock-down would make the table wait
 * for that resource, which waits for the table. CloudFormation finds this only at deploy.
 */
function nestedStackCycle(table: dynamodb.TableV2, vpc: ec2.IVpc): string | undefined {
  const tableStack = Stack.of(table);
  let nested: Stack | undefined = Stack.of(vpc);
  if (!Token.isUnresolved(vpc.vpcId) || !isNestedIn(nested, tableStack)) {
    return undefined;
  }
  while (nested.nestedStackParent !== tableStack) {
    nested = nested.nestedStackParent!;
  }
  const resource = nested.nestedStackResource as CfnResource | undefined;
  const tableResource = table.node.defaultChild as CfnResource | undefined;
  if (resource === undefined || tableResource === undefined) {
    return undefined;
  }
  const parameters = JSON.stringify(resolveIn(tableStack, (resource as any).parameters) ?? {});
  const tableId = tableStack.getLogicalId(tableResource);
  if (!parameters.includes(`{"Ref":"${tableId}"}`) && !parameters.includes(`{"Fn::GetAtt":["${tableId}"`)) {
    return undefined;
  }
  return propMessage('restrictTable',
    `${table.node.path} is locked to VPC ${vpc.node.path} of nested stack ${nested.node.path}, which already takes a value of the table ` +
    '(a grant on it, or its ARN), so the table would wait for the nested stack and the nested stack for the table: a dependency cycle that fails the deploy',
    `create the VPC in ${tableStack.node.path} and pass it as vpc, or create the table in the nested stack, or grant the table where the VPC is not`);
}

function isNestedIn(stack: Stack, ancestor: Stack): boolean {
  for (let parent = stack.nestedStackParent; parent !== undefined; parent = parent.nestedStackParent) {
    if (parent === ancestor) {
      return true;
    }
  }
  return false;
}

/** Whether the table has a stream (asked for, or needed by replicas). */
function hasStream(table: dynamodb.TableV2): boolean {
  const resource = table.node.defaultChild;
  return resource instanceof dynamodb.CfnGlobalTable && resolveIn(Stack.of(table), resource.streamSpecification) !== undefined;
}

/** The regions of the table's replicas other than its own. */
function replicaRegions(table: dynamodb.TableV2): string[] {
  const resource = table.node.defaultChild;
  if (!(resource instanceof dynamodb.CfnGlobalTable)) {
    return [];
  }
  const stack = Stack.of(table);
  const replicas = listOf(resolveIn(stack, resource.replicas)) as Array<{ region?: unknown }>;
  return replicas.map((replica) => replica?.region).filter((region): region is string =>
    typeof region === 'string' && region !== stack.region);
}
