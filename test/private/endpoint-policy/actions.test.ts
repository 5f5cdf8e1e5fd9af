import { DEFAULT_ACTIONS, DEFAULT_TABLE_ACTIONS, DEFAULT_WILDCARD_ONLY_ACTIONS, sortActions } from '../../../src/private/endpoint-policy/actions';
import { DYNAMODB_ACTIONS } from '../../../src/private/endpoint-policy/dynamodb-actions.generated';

describe('sortActions', () => {
  test('the defaults: the data-plane actions on the tables, DescribeEndpoints and ListStreams on "*"', () => {
    // GIVEN the default actions WHEN they are sorted THEN they land as before
    expect(sortActions([...DEFAULT_ACTIONS])).toEqual({
      resourceActions: [...DEFAULT_TABLE_ACTIONS],
      wildcardOnlyActions: [...DEFAULT_WILDCARD_ONLY_ACTIONS],
    });
  });

  test('every default action exists in the IAM service authorization reference', () => {
    for (const action of DEFAULT_ACTIONS) {
      expect(DYNAMODB_ACTIONS[action.slice('dynamodb:'.length)]).toBeDefined();
    }
  });

  test('a pattern stays a pattern for the tables, and its "*"-only matches are named one by one', () => {
    const sorted = sortActions(['dynamodb:List*']);
    expect(sorted.resourceActions).toEqual(['dynamodb:List*']); // ListTagsOfResource can be scoped to a table
    expect(sorted.wildcardOnlyActions).toEqual(['dynamodb:ListBackups', 'dynamodb:ListContributorInsights', 'dynamodb:ListGlobalTables',
      'dynamodb:ListStreams', 'dynamodb:ListTables']);
  });

  test('dynamodb:* admits everything: the pattern on the tables, every "*"-only action on "*"', () => {
    const sorted = sortActions(['dynamodb:*']);
    expect(sorted.resourceActions).toEqual(['dynamodb:*']);
    expect(sorted.wildcardOnlyActions).toHaveLength(Object.values(DYNAMODB_ACTIONS).filter((types) => types.length === 0).length);
  });

  test('names are matched without regard to case, and written once', () => {
    expect(sortActions(['dynamodb:getitem', 'DynamoDB:GetItem', 'dynamodb:LISTSTREAMS'])).toEqual({
      resourceActions: ['dynamodb:getitem'],
      wildcardOnlyActions: ['dynamodb:LISTSTREAMS'],
    });
  });

  test.each([
    ['dynamodb:GetItems', /did you mean "dynamodb:GetItem"\?/],
    ['dynamodb:Scna', /did you mean "dynamodb:Scan"\?/],
    ['dynamodb:Zzz*', /no action matches the pattern/],
    ['s3:GetObject', /is not a DynamoDB action/],
    ['dynamodb:', /is not a DynamoDB action/],
  ])('fails for %s, naming the index and the fix', (action, message) => {
    expect(() => sortActions(['dynamodb:GetItem', action])).toThrow(new RegExp(`^actions\\[1\\]: .*${message.source}`));
  });
});
