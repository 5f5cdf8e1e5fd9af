import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/**
 * Snapshot helpers: templates with asset hashes stripped, so that snapshots pin what this library
 * decides (logical ids, properties) and do not churn when aws-cdk-lib rebuilds the code of its own
 * custom-resource handlers.
 */

/** A content hash as aws-cdk-lib writes it: 64 lowercase hex digits (SHA-256). */
const ASSET_HASH = /[0-9a-f]{64}/g;

/** What a stripped hash reads as in a snapshot. */
export const ASSET_HASH_PLACEHOLDER = '[ASSET_HASH]';

/**
 * A deep copy of `value` in which every 64-hex asset hash inside a string (an `S3Key` such as
 * `<hash>.zip`, an asset path, an asset-hash metadata value) is replaced by `[ASSET_HASH]`. Object
 * keys are kept as they are: logical ids are what the snapshots pin.
 */
export function stripAssetHashes<T>(value: T): T {
  if (typeof value === 'string') {
    return value.replace(ASSET_HASH, ASSET_HASH_PLACEHOLDER) as unknown as T;
  }
  if (Array.isArray(value)) {
    return value.map((item) => stripAssetHashes(item)) as unknown as T;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripAssetHashes(item)])) as T;
  }
  return value;
}

/** The stack's template, ready for `toMatchSnapshot()`: asset hashes stripped. */
export function templateSnapshot(stack: Stack): Record<string, any> {
  return stripAssetHashes(Template.fromStack(stack).toJSON());
}
