import { TagManager, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
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
