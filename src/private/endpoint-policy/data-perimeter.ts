import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DEFAULT_ACTIONS, SortedActions, sortActions, streamActionsOf } from './actions';
import { ENDPOINT_POLICY_MAX_CHARACTERS, policyLengthBounds, pseudoParameterLengths, TABLE_NAME_LENGTH } from './policy-length';
import { AccessWarning } from '../../access-warning';
import type { TableTag } from '../../table-tag';
import { sameEnvironment } from '../cfn-values';
import { propError } from '../errors';
import { warn } from '../report';
import { validateTableTag } from '../table-tag-rules';

/*
 * The data-perimeter endpoint policy: which requests a DynamoDB VPC endpoint lets through. Internal
 * module: the construct builds the policy from its props; nothing here is public API.
 * Why tables are written the way they are: docs/design/endpoint-policy.md.
 */

/**
 * How the listed tables are written in the policy's `Resource`.
 *
 * - `EXACT`: three ARNs per table: the table, `table/NAME/index/*` and `table/NAME/stream/*`.
 * - `COMPACT`: two ARNs per table: the table and `table/NAME/*`, which matches only that table's own
 *   sub-resources since a table name cannot contain `/`. For the default actions both admit the same.
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
  /** Also admit the account's tables that carry this tag. */
  readonly tableTag?: TableTag;
}

const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** What DynamoDB accepts as a table name: no `/`, no IAM wildcard, so `table/NAME/*` matches only that table's sub-resources. */
const TABLE_NAME_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * Builds the statements of the data-perimeter endpoint policy, after validating the options.
 * Throws an `Error` that names the prop for input that cannot work.
 */
export function dataPerimeterStatements(scope: Construct, options: DataPerimeterOptions): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const { resourceActions, wildcardOnlyActions } = options.actions === undefined ? sortedDefaultActions() : sortActions(options.actions);
  if (options.principalOrgId !== undefined) {
    validatePrincipalOrgId(options.principalOrgId);
  }
  if (options.tableTag !== undefined) {
    validateTableTag(options.tableTag);
  }
  let tables: dynamodb.ITable[] | undefined;
  if (options.tables !== undefined) {
    validateTables(stack, options.tables, options.tableTag !== undefined);
    tables = uniqueTables(options.tables);
  }

  const principalCondition: { StringEquals: Record<string, string> } = options.principalOrgId !== undefined
    ? { StringEquals: { 'aws:PrincipalOrgID': options.principalOrgId } }
    : { StringEquals: { 'aws:PrincipalAccount': stack.account } };

  const tagged = options.tableTag === undefined ? [] : taggedTableStatements(stack, options.tableTag, resourceActions, principalCondition);
  const buildFor = (admitted: dynamodb.ITable[] | undefined, form: TableResourceForm): iam.PolicyStatement[] => {
    const statements: iam.PolicyStatement[] = [];
    const listsTables = admitted === undefined ? options.tableTag === undefined : admitted.length > 0;
    if (resourceActions.length > 0 && listsTables) {
      statements.push(new iam.PolicyStatement({
        sid: 'AllowDataAccessToPermittedTables',
        principals: [new iam.AnyPrincipal()],
        actions: resourceActions,
        resources: tableResources(scope, admitted, form),
        conditions: principalCondition,
      }));
    }
    statements.push(...tagged);
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
  const build = (form: TableResourceForm) => buildFor(tables, form);

  if (tables !== undefined) {
    // Fail fast, before building a policy of thousands of ARNs: their text alone may be too long.
    const atLeast = compactTablesMinimumLength(stack, tables);
    if (atLeast > ENDPOINT_POLICY_MAX_CHARACTERS) {
      const oneTable = policyLengthBounds(scope, new iam.PolicyDocument({ statements: buildFor(tables.slice(0, 1), TableResourceForm.COMPACT) })).min;
      const rest = oneTable - compactTableMinimumLength(stack, tables[0]) + 1;
      throw policyTooLongError('tables', atLeast + rest, tablesThatFit(stack, tables, rest));
    }
  }

  // The exact form while it is certain to fit; the compact one as soon as it may not.
  const exact = build(TableResourceForm.EXACT);
  if (tables !== undefined && policyLengthBounds(scope, new iam.PolicyDocument({ statements: exact })).max > ENDPOINT_POLICY_MAX_CHARACTERS) {
    return build(TableResourceForm.COMPACT);
  }
  return exact;
}

let defaultActionsSorted: SortedActions | undefined;

/** The default actions, sorted once (every access without `actions` uses them). */
function sortedDefaultActions(): SortedActions {
  defaultActionsSorted ??= sortActions([...DEFAULT_ACTIONS]);
  return { resourceActions: [...defaultActionsSorted.resourceActions], wildcardOnlyActions: [...defaultActionsSorted.wildcardOnlyActions] };
}

/**
 * The statements that admit the account's tables carrying `tag`, with their indexes (which inherit the
 * table's tags), whatever their number; and the streams of the account's tables for the stream actions,
 * not by tag: a stream does not inherit its table's tags, and its own tags are evaluated only where
 * Streams ABAC (a switch of its own, off by default for existing DynamoDB customers) is on
 * (docs/design/endpoint-policy.md).
 */
function taggedTableStatements(
  stack: Stack, tag: TableTag, resourceActions: string[], principalCondition: { StringEquals: Record<string, string> },
): iam.PolicyStatement[] {
  if (resourceActions.length === 0) {
    return [];
  }
  const accountTables = accountTableArn(stack, '*');
  const statements = [new iam.PolicyStatement({
    sid: 'AllowDataAccessToTaggedTables',
    principals: [new iam.AnyPrincipal()],
    actions: resourceActions,
    resources: [accountTables],
    conditions: { StringEquals: { ...principalCondition.StringEquals, [`aws:ResourceTag/${tag.key}`]: tag.value } },
  })];
  const streamActions = streamActionsOf(resourceActions);
  if (streamActions.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: 'AllowStreamsOfTheAccountsTables',
      principals: [new iam.AnyPrincipal()],
      actions: streamActions,
      resources: [`${accountTables}/stream/*`],
      conditions: principalCondition,
    }));
  }
  return statements;
}

/**
 * The resources the policy admits: each table with its indexes and streams, written in `form`, or
 * every table of the stack's account and region (`table/*` also matches indexes and streams).
 */
export function tableResources(scope: Construct, tables: dynamodb.ITable[] | undefined, form: TableResourceForm): string[] {
  const stack = Stack.of(scope);
  if (tables === undefined) {
    return [accountTableArn(stack, '*')];
  }
  const subResources = form === TableResourceForm.EXACT ? ['/index/*', '/stream/*'] : ['/*'];
  return tables.flatMap((table) => {
    const arn = tableArnIn(scope, table);
    return [arn, ...subResources.map((suffix) => `${arn}${suffix}`)];
  });
}

/**
 * The ARN of a table as the policy in `scope`'s stack writes it. A table built in another stack of the
 * app with a fixed name is named by that name rather than by a reference to its stack, so that the
 * stack needs no export from the table's stack (and the table's stack may then reference this one, as
 * `restrictTable` does, without a dependency cycle).
 */
export function tableArnIn(scope: Construct, table: dynamodb.ITable): string {
  const name = fixedNameOfTableInOtherStack(scope, table);
  return name === undefined ? table.tableArn : accountTableArn(Stack.of(scope), name);
}

/** The ARN of the table `name` (or `*`: every table) of the stack's account and region. */
function accountTableArn(stack: Stack, name: string): string {
  return stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: name });
}

/**
 * Whether the policy in `scope`'s stack refers to `table` through a reference to another stack of the
 * app (an export, or a nested stack's parameter): the table is built in another stack, without a fixed name.
 */
export function refersToTableInOtherStack(scope: Construct, table: dynamodb.ITable): boolean {
  return tableResource(table) !== undefined && Stack.of(table) !== Stack.of(scope) && fixedNameOfTableInOtherStack(scope, table) === undefined;
}

function fixedNameOfTableInOtherStack(scope: Construct, table: dynamodb.ITable): string | undefined {
  const resource = tableResource(table);
  if (resource === undefined || Stack.of(table) === Stack.of(scope)) {
    return undefined;
  }
  const name = resource.tableName;
  return typeof name === 'string' && !Token.isUnresolved(name) ? name : undefined;
}

function tableResource(table: dynamodb.ITable): dynamodb.CfnTable | dynamodb.CfnGlobalTable | undefined {
  const resource = table.node.defaultChild;
  return resource instanceof dynamodb.CfnTable || resource instanceof dynamodb.CfnGlobalTable ? resource : undefined;
}

/** The tables without repeats: a table listed twice, or imported twice (by name and by ARN), is written once. */
function uniqueTables(tables: dynamodb.ITable[]): dynamodb.ITable[] {
  const seen = new Set<string>();
  return tables.filter((table) => {
    const key = tableKey(table);
    const isNew = !seen.has(key);
    seen.add(key);
    return isNew;
  });
}

/**
 * What identifies a table: its account, region and name when the name is known, else its ARN token
 * (tables built in the app). Resolving is avoided: it is slow for thousands of tables.
 */
export function tableKey(table: dynamodb.ITable): string {
  if (!Token.isUnresolved(table.tableName)) {
    const where = tableLocation(table);
    return `${where.account}|${where.region}|${table.tableName}`;
  }
  if (!Token.isUnresolved(table.tableArn)) {
    const arn = Arn.split(table.tableArn, ArnFormat.SLASH_RESOURCE_NAME);
    return `${arn.account}|${arn.region}|${arn.resourceName}`;
  }
  return `${table.node.path}|${table.tableArn}`;
}

/**
 * A lower bound of the policy's length with `tables` written compactly: the text of their two ARNs
 * each (`"ARN","ARN/*",`), every unknown counted at its shortest. Cheap: nothing is resolved.
 */
function compactTablesMinimumLength(stack: Stack, tables: dynamodb.ITable[]): number {
  return tables.reduce((total, table) => total + compactTableMinimumLength(stack, table), 0);
}

function compactTableMinimumLength(stack: Stack, table: dynamodb.ITable): number {
  const lengths = pseudoParameterLengths(stack);
  const arnWithoutName = 'arn::dynamodb:::table/'.length + lengths['AWS::Partition'].min + lengths['AWS::Region'].min + lengths['AWS::AccountId'].min;
  const arn = arnWithoutName + (Token.isUnresolved(table.tableName) ? TABLE_NAME_LENGTH.min : table.tableName.length);
  return (2 + arn + 1) + (2 + arn + '/*'.length + 1);
}

/**
 * How many of `tables`, in the order given, fit in one policy written compactly, counted at their
 * shortest: what the policy needs besides the tables (`rest`), then each table's two ARNs.
 */
function tablesThatFit(stack: Stack, tables: dynamodb.ITable[], rest: number): number {
  let length = rest;
  let count = 0;
  for (const table of tables) {
    length += compactTableMinimumLength(stack, table);
    if (length > ENDPOINT_POLICY_MAX_CHARACTERS) {
      break;
    }
    count++;
  }
  return count;
}

function validatePrincipalOrgId(principalOrgId: string): void {
  if (!Token.isUnresolved(principalOrgId) && !ORGANIZATION_ID_PATTERN.test(principalOrgId)) {
    throw propError('principalOrgId', `${JSON.stringify(principalOrgId)} is not an AWS Organizations id`,
      'pass the id of your organization, "o-" followed by 10 to 32 lowercase letters or digits (e.g. "o-a1b2c3d4e5"), found with `aws organizations describe-organization`');
  }
}

/** Tables must be in the stack's region (endpoints are regional) and account (the perimeter is the account). */
function validateTables(stack: Stack, tables: dynamodb.ITable[], byTag: boolean): void {
  if (tables.length === 0 && !byTag) {
    throw propError('tables', 'the list is empty, so the endpoint policy would admit no table (and AWS rejects a statement without a Resource)',
      'omit tables to admit every table of the stack\'s account and region, or list at least one table');
  }
  tables.forEach((table, index) => {
    const where = tableLocation(table);
    const name = Token.isUnresolved(table.tableName) ? `at ${table.node.path}` : JSON.stringify(table.tableName);
    if (!Token.isUnresolved(table.tableName) && !TABLE_NAME_PATTERN.test(table.tableName)) {
      throw propError(`tables[${index}]`,
        `${name} (at ${table.node.path}) is not a DynamoDB table name, and in the endpoint policy it would admit other tables than the one meant`,
        'pass the table\'s exact name: 3 to 255 letters, digits, "_", "-" or "." (no "/", "*" or "?")');
    }
    if (isKnown(where.region) && isKnown(stack.region) && where.region !== stack.region) {
      throw propError(`tables[${index}]`, `table ${name} is in region ${where.region}, but the stack is in ${stack.region}`,
        `a VPC endpoint reaches DynamoDB only in its own region: pass tables of ${stack.region}, or use PrivateDynamoAccess in a stack of ${where.region}`);
    }
    if (isKnown(where.account) && isKnown(stack.account) && where.account !== stack.account) {
      throw propError(`tables[${index}]`, `table ${name} is in account ${where.account}, but the stack is in ${stack.account}`,
        `the data perimeter admits only tables of the stack's account: pass tables of account ${stack.account}, or deploy the stack to account ${where.account}`);
    }
    if (tableResource(table) !== undefined && !sameEnvironment(Stack.of(table), stack)) {
      throw propError(`tables[${index}]`, `table ${name} is in stack ${Stack.of(table).node.path}, whose environment differs from this stack's`,
        'pass tables of this stack\'s account and region');
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
 * length: above the limit even at the shortest is an error, above it only at the longest is a warning.
 */
export function checkPolicyLength(scope: Construct, document: iam.PolicyDocument, propName: string, tables: dynamodb.ITable[] = []): void {
  const { min, max } = policyLengthBounds(scope, document);
  if (min > ENDPOINT_POLICY_MAX_CHARACTERS) {
    const stack = Stack.of(scope);
    const unique = uniqueTables(tables);
    const rest = min - compactTablesMinimumLength(stack, unique);
    throw policyTooLongError(propName, min, unique.length > 0 ? tablesThatFit(stack, unique, rest) : undefined);
  }
  if (max > ENDPOINT_POLICY_MAX_CHARACTERS) {
    warn(scope, AccessWarning.POLICY_MAY_EXCEED_LIMIT, propName,
      `the endpoint policy may need up to ${max} characters once table names are known, more than the ${ENDPOINT_POLICY_MAX_CHARACTERS} AWS allows ` +
      '(counted with the longest names a table, and in an environment-agnostic stack a region and a partition, can have)',
      'give the tables explicit names and the stack a concrete env (region) so the length is known at synth, or pass fewer tables');
  }
}

function policyTooLongError(propName: string, atLeast: number, fit: number | undefined): Error {
  return propError(propName,
    `the endpoint policy needs at least ${atLeast} characters, more than the ${ENDPOINT_POLICY_MAX_CHARACTERS} AWS allows, ` +
    `even with each table written compactly as its ARN and ARN/*${fit === undefined ? '' : `; at most ${fit} of these tables fit in one policy`}`,
    `${fit === undefined ? 'pass fewer tables' : `pass at most ${fit} tables`} (or tables with shorter names), ` +
    'or omit tables to admit every table of the stack\'s account and region');
}
