import { Token } from 'aws-cdk-lib';
import { DYNAMODB_ACTIONS } from './dynamodb-actions.generated';
import { propError } from '../errors';
import { closestName } from '../suggest';

/*
 * The DynamoDB actions of the endpoint policy: the defaults, and the validation and sorting of the ones a
 * user lists. Internal module. What exists, and which actions IAM authorizes only on `"Resource": "*"`,
 * comes from the generated list of the IAM service authorization reference, not from a hand-typed one.
 */

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

/** The default `actions`: the data-plane actions, then the two SDKs call on `*`. */
export const DEFAULT_ACTIONS: readonly string[] = [...DEFAULT_TABLE_ACTIONS, ...DEFAULT_WILDCARD_ONLY_ACTIONS];

/** The actions of a policy, sorted by the `Resource` that can scope them. */
export interface SortedActions {
  /** Actions (and patterns) scoped to the tables, their indexes and streams. */
  readonly resourceActions: string[];
  /** Actions IAM authorizes only on `"Resource": "*"`, each named (a pattern's matches are spelt out). */
  readonly wildcardOnlyActions: string[];
}

const ACTION_FORM = /^dynamodb:[A-Za-z0-9*?]+$/i;
const ALL_ACTIONS = Object.keys(DYNAMODB_ACTIONS);

/**
 * Validates `actions` and sorts them by resource scope. A pattern (`dynamodb:Describe*`) is kept as it is
 * for the tables and its matches that IAM authorizes only on `*` are named in the other list, so that
 * `dynamodb:List*` admits `ListStreams` without admitting `DescribeTable` on every table. Tokens are not
 * judged, and are scoped to the tables.
 */
export function sortActions(actions: string[]): SortedActions {
  if (actions.length === 0) {
    throw propError('actions', 'the list is empty, so the endpoint would admit no request',
      'omit actions for the default data-plane actions, or list at least one dynamodb: action');
  }
  const resourceActions: string[] = [];
  const wildcardOnlyActions: string[] = [];
  const add = (list: string[], action: string) => {
    if (!list.some((known) => known.toLowerCase() === action.toLowerCase())) {
      list.push(action);
    }
  };
  actions.forEach((action, index) => {
    if (Token.isUnresolved(action)) {
      add(resourceActions, action);
      return;
    }
    const matches = matchingActions(action, index);
    if (matches.some((name) => DYNAMODB_ACTIONS[name].length > 0)) {
      add(resourceActions, action);
    }
    const wildcardOnly = matches.filter((name) => DYNAMODB_ACTIONS[name].length === 0);
    if (isPattern(action)) {
      wildcardOnly.forEach((name) => add(wildcardOnlyActions, `dynamodb:${name}`));
    } else if (wildcardOnly.length > 0) {
      add(wildcardOnlyActions, action);
    }
  });
  return { resourceActions, wildcardOnlyActions };
}

/**
 * The stream actions (`DescribeStream`, `GetRecords`, ...) among `actions`, each named: what a tag
 * condition cannot admit, since a stream does not inherit its table's tags. Tokens are not judged.
 */
export function streamActionsOf(actions: string[]): string[] {
  const names = new Set<string>();
  actions.filter((action) => !Token.isUnresolved(action)).forEach((action, index) => {
    matchingActions(action, index).filter((name) => DYNAMODB_ACTIONS[name].includes('stream')).forEach((name) => names.add(`dynamodb:${name}`));
  });
  return [...names];
}

/** The DynamoDB actions an action or pattern names; fails, naming `actions[index]`, when it names none. */
function matchingActions(action: string, index: number): string[] {
  if (!ACTION_FORM.test(action)) {
    throw propError(`actions[${index}]`, `${JSON.stringify(action)} is not a DynamoDB action`,
      'a DynamoDB endpoint only serves actions of the form "dynamodb:GetItem" (wildcards allowed, e.g. "dynamodb:Get*")');
  }
  const name = action.slice('dynamodb:'.length);
  const pattern = new RegExp(`^${name.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  const matches = ALL_ACTIONS.filter((known) => pattern.test(known));
  if (matches.length === 0) {
    const suggestion = closestAction(name);
    throw propError(`actions[${index}]`,
      `${JSON.stringify(action)} names no DynamoDB action${isPattern(action) ? ' (no action matches the pattern)' : ''}, so it would admit nothing`,
      `${suggestion !== undefined ? `did you mean "dynamodb:${suggestion}"? ` : ''}list actions from the IAM service authorization reference for DynamoDB, e.g. "dynamodb:GetItem"`);
  }
  return matches;
}

function isPattern(action: string): boolean {
  return action.includes('*') || action.includes('?');
}

/** The known action nearest to `name` by edit distance, when it is close enough to be a misspelling. */
function closestAction(name: string): string | undefined {
  return closestName(name, ALL_ACTIONS);
}
