import { App, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { PrivateDynamoAccess, TableTag } from '../src';
import { ENV, envAgnosticStack } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';
import { gatewayEndpointProps } from './support/templates';

/* `tableTag`: a perimeter whose size does not depend on the number of tables. */

const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

const TAG: TableTag = { key: 'data-perimeter', value: 'orders-vpc' };

function ordersTable(stack: Stack, id = 'Orders'): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, id, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
}

function policyOf(stack: Stack): any {
  return gatewayEndpointProps(synth(stack)).PolicyDocument;
}

describe('tableTag: the endpoint policy', () => {
  test('admits the account\'s tables that carry the tag (and their indexes), the streams of the account\'s tables, and nothing by name', () => {
    // GIVEN an access that admits tables by tag only
    const stack = new Stack(new App(), 'Stack', { env: ENV });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { tableTag: TAG });

    // THEN the statements: tagged tables, the account's streams, the actions without a resource
    const policy = policyOf(stack);
    expect(policy.Statement.map((statement: any) => statement.Sid)).toEqual([
      'AllowDataAccessToTaggedTables', 'AllowStreamsOfTheAccountsTables', 'AllowActionsWithoutResourceScope',
    ]);
    const arn = (suffix: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:dynamodb:${ENV.region}:${ENV.account}:${suffix}`]] });
    expect(policy.Statement[0]).toMatchObject({
      Resource: arn('table/*'),
      Condition: { StringEquals: { 'aws:PrincipalAccount': ENV.account, 'aws:ResourceTag/data-perimeter': 'orders-vpc' } },
    });
    expect(policy.Statement[1]).toMatchObject({
      Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      Resource: arn('table/*/stream/*'),
      Condition: { StringEquals: { 'aws:PrincipalAccount': ENV.account } },
    });
  });

  test('together with tables: a table is admitted when it is listed or tagged', () => {
    // GIVEN a listed table and a tag
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', { tables: [ordersTable(stack)], tableTag: TAG });

    // THEN both statements are there
    expect(policyOf(stack).Statement.map((statement: any) => statement.Sid)).toEqual([
      'AllowDataAccessToPermittedTables', 'AllowDataAccessToTaggedTables', 'AllowStreamsOfTheAccountsTables', 'AllowActionsWithoutResourceScope',
    ]);
  });

  test('tables: [] with a tag admits the tagged tables only (no statement without Resource)', () => {
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', { tables: [], tableTag: TAG });
    expect(policyOf(stack).Statement.map((statement: any) => statement.Sid)).not.toContain('AllowDataAccessToPermittedTables');
  });

  test('is the same policy, under 2,000 characters, for 1 tagged table and for 10,000', () => {
    // GIVEN one app with one tagged table, another with 10,000 tagged tables in 20 data stacks
    const one = new App();
    const oneStack = new Stack(one, 'Network', { env: ENV });
    const oneAccess = new PrivateDynamoAccess(oneStack, 'Access', { tableTag: TAG });
    oneAccess.tagTable(ordersTable(new Stack(one, 'Data', { env: ENV })));
    const many = new App();
    const manyStack = new Stack(many, 'Network', { env: ENV });
    new PrivateDynamoAccess(manyStack, 'Access', { tableTag: TAG });
    for (let stackIndex = 0; stackIndex < 20; stackIndex++) {
      const data = new Stack(many, `Data${stackIndex}`, { env: ENV });
      for (let tableIndex = 0; tableIndex < 500; tableIndex++) {
        const table = new dynamodb.CfnTable(data, `Table${tableIndex}`, {
          keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
          attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
          billingMode: 'PAY_PER_REQUEST',
        });
        Tags.of(table).add(TAG.key, TAG.value);
      }
    }

    // WHEN both are synthesized
    const policyOfOne = gatewayEndpointProps(Template.fromStack(oneStack)).PolicyDocument;
    const policyOfMany = gatewayEndpointProps(Template.fromStack(manyStack)).PolicyDocument;

    // THEN the policies are the same text, and short
    expect(JSON.stringify(policyOfMany)).toEqual(JSON.stringify(policyOfOne));
    expect(JSON.stringify(policyOfOne).length).toBeLessThan(2_000);
  });
});

describe('tagTable', () => {
  test('tags a table of the app with the tag, so that restrictTable knows the endpoint admits it', () => {
    // GIVEN a tag-mode access and a table
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { tableTag: TAG });
    const orders = ordersTable(stack);

    // WHEN the table is tagged and locked
    access.tagTable(orders);
    access.restrictTable(orders);

    // THEN the table carries the tag, and synth passes (the endpoint admits the table)
    synth(stack).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ Tags: Match.arrayWith([{ Key: 'data-perimeter', Value: 'orders-vpc' }]) })],
    });
  });

  test('fails when restrictTable locks an untagged table that only the tag could admit', () => {
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { tableTag: TAG });
    access.restrictTable(ordersTable(stack));
    expect(() => (stack.node.root as App).synth()).toThrow(/restrictTable: Stack\/Orders is locked to VPC .* but the endpoint policy of Stack\/Access does not admit it/);
  });

  test('fails without a tableTag, naming the fix', () => {
    const stack = envAgnosticStack();
    expect(() => new PrivateDynamoAccess(stack, 'Access').tagTable(ordersTable(stack)))
      .toThrow(/^tagTable: Stack\/Access has no tableTag, so there is no tag to put on Stack\/Orders; give the construct a tableTag/);
  });

  test('fails for an imported table, which this app cannot tag', () => {
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { tableTag: TAG });
    expect(() => access.tagTable(dynamodb.Table.fromTableName(stack, 'Imported', 'orders')))
      .toThrow(/^tagTable: Stack\/Imported is not a table built in this app, .*aws dynamodb tag-resource --tags Key=data-perimeter,Value=orders-vpc/);
  });
});

describe('tableTag: validation', () => {
  test.each<[TableTag, RegExp]>([
    [{ key: 'aws:cloudformation:stack-name', value: 'x' }, /^tableTag\.key: "aws:cloudformation:stack-name" starts with "aws:", which AWS reserves/],
    [{ key: '', value: 'x' }, /^tableTag\.key: "" is not a tag key AWS accepts; pass 1 to 128/],
    [{ key: 'k'.repeat(129), value: 'x' }, /^tableTag\.key: "k+" is not a tag key AWS accepts/],
    [{ key: 'team', value: 'a'.repeat(257) }, /^tableTag\.value: "a+" is not a tag value AWS accepts; pass 0 to 256/],
    [{ key: 'team', value: 'no*wildcards' }, /^tableTag\.value: "no\*wildcards" is not a tag value AWS accepts/],
  ])('fails for %j', (tag, message) => {
    expect(() => new PrivateDynamoAccess(envAgnosticStack(), 'Access', { tableTag: tag })).toThrow(message);
  });

  test('accepts the characters AWS allows, spaces and an empty value included', () => {
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', { tableTag: { key: 'team/data perimeter:+=@_.-', value: '' } });
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });
});
