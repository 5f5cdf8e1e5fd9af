import { Token } from 'aws-cdk-lib';
import { propError } from './errors';
import type { TableTag } from '../table-tag';

/* AWS's rules for a tag, checked before the tag is written into a policy condition. Internal module. */

const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Fails, naming `tableTag.key` or `tableTag.value`, for a tag AWS would refuse. Tokens are not judged. */
export function validateTableTag(tag: TableTag): void {
  if (!Token.isUnresolved(tag.key)) {
    if (tag.key.length < 1 || tag.key.length > 128 || !TAG_CHARACTERS.test(tag.key)) {
      throw propError('tableTag.key', `${JSON.stringify(tag.key)} is not a tag key AWS accepts`,
        'pass 1 to 128 letters, digits, spaces or _ . : / = + - @');
    }
    if (tag.key.toLowerCase().startsWith('aws:')) {
      throw propError('tableTag.key', `${JSON.stringify(tag.key)} starts with "aws:", which AWS reserves for its own tags`,
        'pass a key of your own, e.g. "data-perimeter"');
    }
  }
  if (!Token.isUnresolved(tag.value) && (tag.value.length > 256 || !TAG_CHARACTERS.test(tag.value))) {
    throw propError('tableTag.value', `${JSON.stringify(tag.value)} is not a tag value AWS accepts`,
      'pass 0 to 256 letters, digits, spaces or _ . : / = + - @');
  }
}
