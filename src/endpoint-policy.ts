import { Annotations, Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';

/**
 * The data-perimeter endpoint policy: which requests a DynamoDB VPC endpoint lets through.
 *
 * Internal module: the construct builds the policy from its props; nothing here is public API.
 */

/** AWS's limit on the size of a VPC endpoint policy, in characters. */
export const ENDPOINT_POLICY_MAX_CHARACTERS = 20_480;

/**
 * The data-plane actions an application uses on tables, their indexes and their streams.
 * Control-plane actions (CreateTable, UpdateTable, DeleteTable, backups, exports) are not included:
 * infrastructure tools reach DynamoDB's control plane from outside the VPC.
 */
export const DEFAULT_TABLE_ACTIONS: readonly string[] = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLSelect',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
];

/**
 * Actions that IAM only authorizes on `"Resource": "*"` and that SDKs call: endpoint discovery and
 * listing a table's streams.
 */
export const DEFAULT_WILDCARD_ONLY_ACTIONS: readonly string[] = [
  'dynamodb:DescribeEndpoints',
  'dynamodb:ListStreams',
];

/** Every DynamoDB action that has no resource type in the IAM service authorization reference. */
const WILDCARD_ONLY_ACTIONS = new Set([
  ...DEFAULT_WILDCARD_ONLY_ACTIONS,
  'dynamodb:DescribeLimits',
  'dynamodb:DescribeReservedCapacity',
  'dynamodb:DescribeReservedCapacityOfferings',
  'dynamodb:ListBackups',
  'dynamodb:ListContributorInsights',
  'dynamodb:ListExports',
  'dynamodb:ListGlobalTables',
  'dynamodb:ListImports',
  'dynamodb:ListTables',
  'dynamodb:PurchaseReservedCapacityOfferings',
].map((action) => action.toLowerCase()));

const ACTION_PATTERN = /^dynamodb:[A-Za-z*?]+$/i;
const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** What DynamoDB accepts as a table name: no `/`, no IAM wildcard, so `table/NAME/*` matches only that table's sub-resources. */
const TABLE_NAME_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * How the listed tables are written in the policy's `Resource`.
 *
 * - `EXACT`: three ARNs per table: the table, `table/NAME/index/*` and `table/NAME/stream/*`.
 * - `COMPACT`: two ARNs per table: the table and `table/NAME/*`. Since a table name cannot contain `/`,
 *   `table/NAME/*` matches only that table's own sub-resources (its indexes and streams, and its
 *   backups, exports and imports, which only actions outside the defaults address). For the default
 *   actions the two forms admit exactly the same requests.
 *
 * No form groups tables under a name-prefix wildcard (`table/orders-*`): the account's other tables are
 * not known at synth, and anyone allowed to create a table can create one that the wildcard matches,
 * so such a wildcard would admit tables that are not listed.
 */
export enum TableResourceForm {
  /** Three ARNs per table: the table, its indexes, its streams. */
  EXACT = 'exact',
  /** Two ARNs per table: the table and its sub-resources. */
  COMPACT = 'compact',
}

/** What the data perimeter admits. */
export interface DataPerimeterOptions {
  /** Tables that may be reached, with their indexes and streams; none: every table of the stack's account and region. */
  readonly tables?: dynamodb.ITable[];
  /** Actions that may be called; none: the default data-plane actions. */
  readonly actions?: string[];
  /** Organization whose principals may call; none: only principals of the stack's account. */
  readonly principalOrgId?: string;
}

/**
 * Builds the statements of the data-perimeter endpoint policy, after validating the options.
 * Throws an `Error` that names the prop for input that cannot work.
 */
export function dataPerimeterStatements(scope: Construct, options: DataPerimeterOptions): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const actions = options.actions ?? [...DEFAULT_TABLE_ACTIONS, ...DEFAULT_WILDCARD_ONLY_ACTIONS];
  validateActions(actions);
  if (options.principalOrgId !== undefined) {
    validatePrincipalOrgId(options.principalOrgId);
  }
  const tables = options.tables === undefined ? undefined : uniqueTables(stack, options.tables);
  if (options.tables !== undefined) {
    validateTables(stack, options.tables);
    // Fail fast, before building a policy of thousands of ARNs: their text alone may be too long.
    const atLeast = compactTablesMinimumLength(stack, tables!);
    if (atLeast > ENDPOINT_POLICY_MAX_CHARACTERS) {
      throw policyTooLongError('tables', atLeast);
    }
  }

  const principalCondition = options.principalOrgId !== undefined
    ? { StringEquals: { 'aws:PrincipalOrgID': options.principalOrgId } }
    : { StringEquals: { 'aws:PrincipalAccount': stack.account } };

  const resourceActions = actions.filter((action) => !isWildcardOnly(action));
  const wildcardOnlyActions = actions.filter(isWildcardOnly);

  const build = (form: TableResourceForm): iam.PolicyStatement[] => {
    const statements: iam.PolicyStatement[] = [];
    if (resourceActions.length > 0) {
      statements.push(new iam.PolicyStatement({
        sid: 'AllowDataAccessToPermittedTables',
        principals: [new iam.AnyPrincipal()],
        actions: resourceActions,
        resources: tableResources(stack, tables, form),
        conditions: principalCondition,
      }));
    }
    if (wildcardOnlyActions.length > 0) {
      statements.push(new iam.PolicyStatement({
        sid: 'AllowActionsWithoutResourceScope',
        principals: [new iam.AnyPrincipal()],
        actions: wildcardOnlyActions,
        resources: ['*'],
        conditions: principalCondition,
      }));
    }
    return statements;
  };

  // The exact form while it is certain to fit; the compact one as soon as it may not.
  const exact = build(TableResourceForm.EXACT);
  if (tables !== undefined && policyLengthBounds(scope, new iam.PolicyDocument({ statements: exact })).max > ENDPOINT_POLICY_MAX_CHARACTERS) {
    return build(TableResourceForm.COMPACT);
  }
  return exact;
}

/**
 * The resources the policy admits: each table with its indexes and streams, written in `form`, or
 * every table of the stack's account and region (`table/*` also matches indexes and streams).
 */
export function tableResources(stack: Stack, tables: dynamodb.ITable[] | undefined, form: TableResourceForm): string[] {
  if (tables === undefined) {
    return [stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: '*' })];
  }
  const subResources = form === TableResourceForm.EXACT ? ['/index/*', '/stream/*'] : ['/*'];
  return tables.flatMap((table) => [table.tableArn, ...subResources.map((suffix) => `${table.tableArn}${suffix}`)]);
}

/** The tables without repeats: a table listed twice (or imported twice) is written once. */
function uniqueTables(stack: Stack, tables: dynamodb.ITable[]): dynamodb.ITable[] {
  const seen = new Set<string>();
  return tables.filter((table) => {
    const key = tableKey(stack, table);
    const isNew = !seen.has(key);
    seen.add(key);
    return isNew;
  });
}

/** What identifies a table, resolving tokens only when the name is not known (resolving is slow for thousands). */
function tableKey(stack: Stack, table: dynamodb.ITable): string {
  if (!Token.isUnresolved(table.tableArn)) {
    return table.tableArn;
  }
  if (!Token.isUnresolved(table.tableName)) {
    const where = tableLocation(table);
    return `${where.account}|${where.region}|${table.tableName}`;
  }
  return JSON.stringify(stack.resolve(table.tableArn));
}

/**
 * A lower bound of the policy's length with `tables` written compactly: the text of their two ARNs
 * each (`"ARN","ARN/*",`), every unknown counted at its shortest. Cheap: nothing is resolved.
 */
function compactTablesMinimumLength(stack: Stack, tables: dynamodb.ITable[]): number {
  const lengths = pseudoParameterLengths(stack);
  const arnWithoutName = 'arn::dynamodb:::table/'.length + lengths['AWS::Partition'].min + lengths['AWS::Region'].min + lengths['AWS::AccountId'].min;
  return tables.reduce((total, table) => {
    const arn = arnWithoutName + (Token.isUnresolved(table.tableName) ? TABLE_NAME_LENGTH.min : table.tableName.length);
    return total + (2 + arn + 1) + (2 + arn + '/*'.length + 1);
  }, 0);
}

function isWildcardOnly(action: string): boolean {
  return WILDCARD_ONLY_ACTIONS.has(action.toLowerCase());
}

function validateActions(actions: string[]): void {
  if (actions.length === 0) {
    throw new Error('actions: the list is empty, so the endpoint would admit no request; omit actions for the default data-plane actions, or list at least one dynamodb: action');
  }
  actions.forEach((action, index) => {
    if (!Token.isUnresolved(action) && !ACTION_PATTERN.test(action)) {
      throw new Error(
        `actions[${index}]: ${JSON.stringify(action)} is not a DynamoDB action; ` +
        'a DynamoDB endpoint only serves actions of the form "dynamodb:GetItem" (wildcards allowed, e.g. "dynamodb:Get*")',
      );
    }
  });
}

function validatePrincipalOrgId(principalOrgId: string): void {
  if (!Token.isUnresolved(principalOrgId) && !ORGANIZATION_ID_PATTERN.test(principalOrgId)) {
    throw new Error(
      `principalOrgId: ${JSON.stringify(principalOrgId)} is not an AWS Organizations id; ` +
      'pass the id of your organization, "o-" followed by 10 to 32 lowercase letters or digits (e.g. "o-a1b2c3d4e5"), found with `aws organizations describe-organization`',
    );
  }
}

/** Tables must be in the stack's region (endpoints are regional) and account (the perimeter is the account). */
function validateTables(stack: Stack, tables: dynamodb.ITable[]): void {
  tables.forEach((table, index) => {
    const where = tableLocation(table);
    const name = Token.isUnresolved(table.tableName) ? `at ${table.node.path}` : JSON.stringify(table.tableName);
    if (!Token.isUnresolved(table.tableName) && !TABLE_NAME_PATTERN.test(table.tableName)) {
      throw new Error(
        `tables[${index}]: ${name} (at ${table.node.path}) is not a DynamoDB table name, and in the endpoint policy it would admit other tables than the one meant; ` +
        'pass the table\'s exact name: 3 to 255 letters, digits, "_", "-" or "." (no "/", "*" or "?")',
      );
    }
    if (isKnown(where.region) && isKnown(stack.region) && where.region !== stack.region) {
      throw new Error(
        `tables[${index}]: table ${name} is in region ${where.region}, but the stack is in ${stack.region}; ` +
        `a VPC endpoint reaches DynamoDB only in its own region: pass tables of ${stack.region}, or use PrivateDynamoAccess in a stack of ${where.region}`,
      );
    }
    if (isKnown(where.account) && isKnown(stack.account) && where.account !== stack.account) {
      throw new Error(
        `tables[${index}]: table ${name} is in account ${where.account}, but the stack is in ${stack.account}; ` +
        `the data perimeter admits only tables of the stack's account: pass tables of account ${stack.account}, or deploy the stack to account ${where.account}`,
      );
    }
  });
}

function tableLocation(table: dynamodb.ITable): { region?: string; account?: string } {
  if (!Token.isUnresolved(table.tableArn)) {
    const arn = Arn.split(table.tableArn, ArnFormat.SLASH_RESOURCE_NAME);
    return { region: arn.region, account: arn.account };
  }
  return { region: table.env.region, account: table.env.account };
}

function isKnown(value: string | undefined): value is string {
  return value !== undefined && value !== '' && !Token.isUnresolved(value);
}

/**
 * Fails when the policy is certain to exceed AWS's limit, warns when it may exceed it.
 *
 * References that are only known at deploy time are counted at their shortest and longest possible
 * length (a table name is 3 to 255 characters, a region 9 to 14, a partition 3 to 10, ...): above the
 * limit even at the shortest is an error, above it only at the longest is a warning.
 */
export function checkPolicyLength(scope: Construct, document: iam.PolicyDocument, propName: string): void {
  const { min, max } = policyLengthBounds(scope, document);
  if (min > ENDPOINT_POLICY_MAX_CHARACTERS) {
    throw policyTooLongError(propName, min);
  }
  if (max > ENDPOINT_POLICY_MAX_CHARACTERS) {
    Annotations.of(scope).addWarningV2(
      'cdk-private-dynamo-access:policyMayExceedLimit',
      `the endpoint policy may need up to ${max} characters once table names are known, more than the ${ENDPOINT_POLICY_MAX_CHARACTERS} AWS allows ` +
      '(counted with the longest names a table, and in an environment-agnostic stack a region and a partition, can have); ' +
      'give the tables explicit names and the stack a concrete env (region) so the length is known at synth, or pass fewer tables',
    );
  }
}

function policyTooLongError(propName: string, atLeast: number): Error {
  return new Error(
    `${propName}: the endpoint policy needs at least ${atLeast} characters, more than the ${ENDPOINT_POLICY_MAX_CHARACTERS} AWS allows, ` +
    'even with each table written compactly as its ARN and ARN/*; ' +
    'pass fewer tables (or tables with shorter names), or omit tables to admit every table of the stack\'s account and region',
  );
}

/**
 * The shortest and longest length the policy can have once deployed, as compact JSON: exact when
 * every value is known at synth, bounds for references resolved at deploy time. In a stack with a
 * concrete region, the region and its partition count at their real length.
 */
export function policyLengthBounds(scope: Construct, document: iam.PolicyDocument): Bounds {
  const stack = Stack.of(scope);
  return new LengthCounter(pseudoParameterLengths(stack)).json(stack.resolve(document.toJSON()));
}

/** A shortest and a longest length, in characters. */
export interface Bounds {
  readonly min: number;
  readonly max: number;
}

const UNKNOWN: Bounds = { min: 1, max: 2048 };

/** Lengths of the pseudo parameters, shortest and longest in any partition. */
const PSEUDO_PARAMETER_LENGTHS: Record<string, Bounds> = {
  'AWS::AccountId': { min: 12, max: 12 },
  'AWS::Partition': { min: 3, max: 10 },
  'AWS::Region': { min: 9, max: 14 },
  'AWS::URLSuffix': { min: 13, max: 16 },
};

const TABLE_NAME_LENGTH: Bounds = { min: 3, max: 255 };

/** The pseudo parameters' lengths in `stack`: exact for its region and that region's partition when known. */
function pseudoParameterLengths(stack: Stack): Record<string, Bounds> {
  if (Token.isUnresolved(stack.region)) {
    return PSEUDO_PARAMETER_LENGTHS;
  }
  const region = RegionInfo.get(stack.region);
  return {
    ...PSEUDO_PARAMETER_LENGTHS,
    'AWS::Region': fixed(stack.region.length),
    ...(region.partition !== undefined ? { 'AWS::Partition': fixed(region.partition.length) } : {}),
    ...(region.domainSuffix !== undefined ? { 'AWS::URLSuffix': fixed(region.domainSuffix.length) } : {}),
  };
}

function sum(parts: Bounds[]): Bounds {
  return parts.reduce((total, part) => ({ min: total.min + part.min, max: total.max + part.max }), { min: 0, max: 0 });
}

function fixed(length: number): Bounds {
  return { min: length, max: length };
}

/** Counts the length of resolved CloudFormation values, given the lengths of the pseudo parameters. */
class LengthCounter {
  /** `arn:<partition>:dynamodb:<region>:<account>:table/<name>` */
  private readonly tableArnLength: Bounds;

  constructor(private readonly pseudoParameters: Record<string, Bounds>) {
    this.tableArnLength = sum([
      fixed('arn::dynamodb:::table/'.length),
      pseudoParameters['AWS::Partition'],
      pseudoParameters['AWS::Region'],
      pseudoParameters['AWS::AccountId'],
      TABLE_NAME_LENGTH,
    ]);
  }

  /** Length of the compact JSON text of a resolved CloudFormation value. */
  public json(value: unknown): Bounds {
    if (Array.isArray(value)) {
      return sum([fixed(2 + Math.max(0, value.length - 1)), ...value.map((item) => this.json(item))]);
    }
    if (isIntrinsic(value)) {
      return sum([fixed(2), this.string(value)]);
    }
    if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      return sum([
        fixed(2 + Math.max(0, entries.length - 1)),
        ...entries.map(([key, entry]) => sum([fixed(JSON.stringify(key).length + 1), this.json(entry)])),
      ]);
    }
    return fixed(JSON.stringify(value).length);
  }

  /** Length of the string a resolved value stands for, without quotes. */
  private string(value: unknown): Bounds {
    if (typeof value === 'string') {
      return fixed(JSON.stringify(value).length - 2);
    }
    if (!isIntrinsic(value)) {
      return UNKNOWN;
    }
    const [name, argument] = Object.entries(value)[0];
    if (name === 'Ref') {
      return this.pseudoParameters[argument as string] ?? TABLE_NAME_LENGTH;
    }
    if (name === 'Fn::GetAtt') {
      return (argument as string[])[1] === 'Arn' ? this.tableArnLength : UNKNOWN;
    }
    if (name === 'Fn::Join' && Array.isArray(argument) && Array.isArray(argument[1])) {
      const [separator, parts] = argument as [string, unknown[]];
      return sum([fixed(separator.length * Math.max(0, parts.length - 1)), ...parts.map((part) => this.string(part))]);
    }
    return UNKNOWN;
  }
}

function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}
