import { TagManager, Tags, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import { tableKey } from './endpoint-policy/data-perimeter';
import { propError } from './errors';
import { Tri } from './network-rules';
import type { TableTag } from '../table-tag';

/**
 * Whether a table carries the tag, as far as the app knows: a table built in the app by its tags (read
 * after aspects, so `Tags.of(table).add()` counts), an imported table is not known.
 */
export function carriesTag(table: dynamodb.ITable, tag: TableTag): Tri {
  const tags = TagManager.of(table) ?? TagManager.of(table.node.defaultChild);
  if (tags === undefined) {
    return 'unknown';
  }
  const value = tags.tagValues()[tag.key];
  if (Token.isUnresolved(tag.key) || Token.isUnresolved(tag.value) || (value !== undefined && Token.isUnresolved(value))) {
    return 'unknown';
  }
  return value === tag.value ? 'yes' : 'no';
}

/** What an access's endpoint policy admits, for `admitsTable`. */
export interface AdmittedTables {
  /** False for an endpoint owned elsewhere, whose policy is not known. */
  readonly createsEndpoints: boolean;
  readonly listedTables?: dynamodb.ITable[];
  readonly tableTag?: TableTag;
}

/** Whether the endpoint policy admits the table: listed, tagged, or (without `tables` and `tableTag`) any table of the account. */
export function admitsTable(admitted: AdmittedTables, table: dynamodb.ITable): Tri {
  if (!admitted.createsEndpoints) {
    return 'unknown';
  }
  if (admitted.listedTables === undefined && admitted.tableTag === undefined) {
    return 'yes';
  }
  if ((admitted.listedTables ?? []).some((candidate) => candidate === table || tableKey(candidate) === tableKey(table))) {
    return 'yes';
  }
  return admitted.tableTag === undefined ? 'no' : carriesTag(table, admitted.tableTag);
}

/** Tags a table of the app with the access's `tableTag` (`tagTable`); fails, naming `tagTable`, when it cannot. */
export function tagTableWith(access: IConstruct, tag: TableTag | undefined, table: dynamodb.ITable): void {
  if (tag === undefined) {
    throw propError('tagTable', `${access.node.path} has no tableTag, so there is no tag to put on ${table.node.path}`,
      'give the construct a tableTag ({ key, value }), or list the table in tables');
  }
  const resource = table.node.defaultChild;
  if (!(resource instanceof dynamodb.CfnGlobalTable || resource instanceof dynamodb.CfnTable)) {
    throw propError('tagTable', `${table.node.path} is not a table built in this app, so this app cannot tag it`,
      `tag it where it is created, or with \`aws dynamodb tag-resource --tags Key=${tag.key},Value=${tag.value}\``);
  }
  Tags.of(table).add(tag.key, tag.value);
}
