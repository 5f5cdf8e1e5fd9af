import { App, Stack } from 'aws-cdk-lib';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { expectCfnLintClean } from './support/cfn-lint';
import { ASSET_HASH_PLACEHOLDER, stripAssetHashes, templateSnapshot } from './support/snapshot';

/*
 * These snapshots pin the logical ids (and the rest of the template) of every endpoint mode. A logical
 * id that changes replaces a VPC or an endpoint in someone's account: if a snapshot fails, find out
 * why before you update it (`npx jest test/snapshot.test.ts --ci=false --updateSnapshot`), and say so
 * in the release notes.
 */

const MODES: Array<[string, DynamoEndpoint | undefined]> = [
  ['default (gateway endpoint, new VPC)', undefined],
  ['interface', DynamoEndpoint.interface()],
  ['gateway+interface', DynamoEndpoint.gatewayAndInterface()],
  ['interface with streams', DynamoEndpoint.interface({ streams: true })],
];

describe('snapshots', () => {
  test.each(MODES)('%s', (_mode, endpoint) => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');

    // WHEN
    new PrivateDynamoAccess(stack, 'DynamoAccess', { endpoint });

    // THEN
    const template = templateSnapshot(stack);
    expect(template).toMatchSnapshot();
    expect(JSON.stringify(template)).not.toMatch(/[0-9a-f]{64}/);
    expectCfnLintClean(template);
  });
});

describe('stripAssetHashes', () => {
  test('replaces 64-hex hashes inside strings, at any depth, and keeps the keys', () => {
    // GIVEN
    const hash = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);
    const value = {
      Resources: {
        Handler: {
          Properties: { Code: { S3Bucket: 'cdk-hnb659fds-assets', S3Key: `${hash}.zip` }, Layers: [`asset.${hash}`] },
          Metadata: { 'aws:asset:path': `asset.${hash}`, 'aws:asset:is-bundled': false, 'count': 1 },
        },
      },
    };

    // WHEN
    const stripped = stripAssetHashes(value);

    // THEN
    expect(stripped).toEqual({
      Resources: {
        Handler: {
          Properties: { Code: { S3Bucket: 'cdk-hnb659fds-assets', S3Key: `${ASSET_HASH_PLACEHOLDER}.zip` }, Layers: [`asset.${ASSET_HASH_PLACEHOLDER}`] },
          Metadata: { 'aws:asset:path': `asset.${ASSET_HASH_PLACEHOLDER}`, 'aws:asset:is-bundled': false, 'count': 1 },
        },
      },
    });
    expect(value.Resources.Handler.Properties.Code.S3Key).toEqual(`${hash}.zip`);
  });

  test('keeps shorter hex strings such as logical id suffixes and resource ids', () => {
    // GIVEN
    const value = { DynamoAccessVpc3268C103: { VpcId: 'vpc-0a1b2c3d4e5f67890', Hash: 'abcdef0123' } };

    // WHEN / THEN
    expect(stripAssetHashes(value)).toEqual(value);
  });
});
