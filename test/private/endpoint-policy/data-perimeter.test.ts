import { App, CfnElement, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DEFAULT_TABLE_ACTIONS, DEFAULT_WILDCARD_ONLY_ACTIONS } from '../../../src/private/endpoint-policy/actions';
import { checkPolicyLength, dataPerimeterStatements, DataPerimeterOptions } from '../../../src/private/endpoint-policy/data-perimeter';
import { ENDPOINT_POLICY_MAX_CHARACTERS, policyLengthBounds } from '../../../src/private/endpoint-policy/policy-length';
import { TemplateResolver } from '../../support/resolve-template';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function newStack(env?: { account: string; region: string }): Stack {
  return new Stack(new App(), 'Stack', { env });
}

/** The policy document the statements make, resolved as it appears in the template. */
function policyOf(stack: Stack, options: DataPerimeterOptions): any {
  return stack.resolve(new iam.PolicyDocument({ statements: dataPerimeterStatements(stack, options) }).toJSON());
}

/** `count` distinct table names of `length` characters, deterministic. */
function tableNames(count: number, length = 20): string[] {
  return Array.from({ length: count }, (_, index) => `t${index.toString(36).padStart(length - 1, '0')}`);
}

function importTables(stack: Stack, names: string[]): dynamodb.ITable[] {
  return names.map((name, index) => dynamodb.Table.fromTableName(stack, `Table${index}`, name));
}

/** The number of `Resource` entries of the table statement. */
function resourceCount(stack: Stack, tables: dynamodb.ITable[]): number {
  return policyOf(stack, { tables }).Statement[0].Resource.length;
}

/** True when the statements for `count` 20-character names pass the length check. */
function fits(count: number): boolean {
  const stack = newStack(ENV);
  const statements = dataPerimeterStatements(stack, { tables: importTables(stack, tableNames(count)) });
  try {
    checkPolicyLength(stack, new iam.PolicyDocument({ statements }), 'tables');
    return true;
  } catch (error) {
    if (/^tables: /.test((error as Error).message)) {
      return false;
    }
    throw error;
  }
}

describe('dataPerimeterStatements', () => {
  test('without options: the default actions on every table of the stack\'s account and region, for its principals', () => {
    // GIVEN an environment-agnostic stack
    const stack = newStack();
    // WHEN the statements are built without options
    const policy = policyOf(stack, {});
    // THEN the resource actions go to table/* of the account and region, the wildcard-only ones to "*",
    // both only for principals of the stack's account
    const accountCondition = { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } };
    expect(policy.Statement).toEqual([
      {
        Sid: 'AllowDataAccessToPermittedTables',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [...DEFAULT_TABLE_ACTIONS],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':table/*']] },
        Condition: accountCondition,
      },
      {
        Sid: 'AllowActionsWithoutResourceScope',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [...DEFAULT_WILDCARD_ONLY_ACTIONS],
        Resource: '*',
        Condition: accountCondition,
      },
    ]);
  });

  test('with tables: each table, its indexes and its streams', () => {
    // GIVEN a stack with a concrete environment and two imported tables
    const stack = newStack(ENV);
    const tables = importTables(stack, ['orders', 'ledger']);
    // WHEN the statements are built for them
    const resources = new TemplateResolver({ Resources: {} }).resolve(policyOf(stack, { tables }).Statement[0].Resource);
    // THEN each table is written as the table, table/NAME/index/* and table/NAME/stream/*
    const arn = (name: string) => `arn:aws:dynamodb:eu-west-1:111111111111:table/${name}`;
    expect(resources).toEqual([
      arn('orders'), `${arn('orders')}/index/*`, `${arn('orders')}/stream/*`,
      arn('ledger'), `${arn('ledger')}/index/*`, `${arn('ledger')}/stream/*`,
    ]);
  });

  test('with a table of the stack: its ARN by reference', () => {
    // GIVEN a table defined in the stack
    const stack = newStack();
    const table = new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    // WHEN the statements are built for it
    const resources = policyOf(stack, { tables: [table] }).Statement[0].Resource;
    // THEN they reference the table's ARN
    const arn = { 'Fn::GetAtt': [stack.getLogicalId(table.node.defaultChild as CfnElement), 'Arn'] };
    expect(resources).toEqual([arn, { 'Fn::Join': ['', [arn, '/index/*']] }, { 'Fn::Join': ['', [arn, '/stream/*']] }]);
  });

  test('a table listed twice is written once', () => {
    // GIVEN the same table, imported twice under two ids
    const stack = newStack(ENV);
    const tables = [...importTables(stack, ['orders']), dynamodb.Table.fromTableName(stack, 'Again', 'orders')];
    // WHEN the statements are built THEN the table appears once (three resources)
    expect(resourceCount(stack, tables)).toBe(3);
  });

  test('a table imported by name and again by ARN is written once', () => {
    // GIVEN the same table of the stack's account and region, imported by name and by ARN
    const stack = newStack(ENV);
    const tables = [
      dynamodb.Table.fromTableName(stack, 'ByName', 'orders'),
      dynamodb.Table.fromTableArn(stack, 'ByArn', `arn:aws:dynamodb:${ENV.region}:${ENV.account}:table/orders`),
    ];
    // WHEN the statements are built THEN the table appears once (three resources)
    expect(resourceCount(stack, tables)).toBe(3);
  });

  test('with wildcard actions: the pattern is scoped to the tables, its matches that IAM authorizes only on "*" are named on "*"', () => {
    // GIVEN the patterns users write for "read everything"
    const stack = newStack();
    // WHEN the statements are built
    const policy = policyOf(stack, { actions: ['dynamodb:Describe*', 'dynamodb:List*'] });
    // THEN the patterns scope to the tables, and DescribeEndpoints, ListStreams, ... are admitted on "*" one by one
    // (a pattern on "*" would admit DescribeTable on every table of every account)
    expect(policy.Statement[0].Action).toEqual(['dynamodb:Describe*', 'dynamodb:List*']);
    expect(policy.Statement[1].Sid).toEqual('AllowActionsWithoutResourceScope');
    expect(policy.Statement[1].Action).toEqual(expect.arrayContaining(['dynamodb:DescribeEndpoints', 'dynamodb:ListStreams', 'dynamodb:ListTables']));
    expect(policy.Statement[1].Action).not.toContain('dynamodb:DescribeTable');
  });

  test('with principalOrgId: principals of the organization instead of the account', () => {
    // GIVEN an organization id
    const stack = newStack();
    // WHEN the statements are built
    const policy = policyOf(stack, { principalOrgId: 'o-a1b2c3d4e5' });
    // THEN every statement requires that organization, and none requires the account
    for (const statement of policy.Statement) {
      expect(statement.Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } });
    }
  });

  test('with actions: resource actions and wildcard-only actions go to their own statements', () => {
    // GIVEN actions of both kinds, in any case
    const stack = newStack();
    // WHEN the statements are built
    const policy = policyOf(stack, { actions: ['dynamodb:GetItem', 'DynamoDB:ListTables', 'dynamodb:Query'] });
    // THEN ListTables (which IAM grants only on "*") is alone in the statement on "*"
    expect(policy.Statement.map((statement: any) => [statement.Sid, statement.Action])).toEqual([
      ['AllowDataAccessToPermittedTables', ['dynamodb:GetItem', 'dynamodb:Query']],
      ['AllowActionsWithoutResourceScope', 'DynamoDB:ListTables'],
    ]);
  });

  test('with only resource actions: no statement on "*"', () => {
    // GIVEN only actions that have a resource type
    const stack = newStack();
    // WHEN the statements are built THEN there is only the table statement
    expect(policyOf(stack, { actions: ['dynamodb:GetItem'] }).Statement.map((statement: any) => statement.Sid)).toEqual(['AllowDataAccessToPermittedTables']);
  });

  test('with only wildcard-only actions: no table statement', () => {
    // GIVEN only actions that IAM grants on "*" alone
    const stack = newStack();
    // WHEN the statements are built THEN there is only the statement on "*"
    expect(policyOf(stack, { actions: ['dynamodb:DescribeEndpoints'] }).Statement.map((statement: any) => statement.Sid)).toEqual(['AllowActionsWithoutResourceScope']);
  });

  test('unresolved tokens are not judged', () => {
    // GIVEN an action, an organization id and a table whose values are only known at deploy time
    const stack = newStack();
    const table = dynamodb.Table.fromTableArn(stack, 'Table', Lazy.string({ produce: () => 'arn:aws:dynamodb:us-east-1:999999999999:table/x*' }));
    // WHEN the statements are built THEN nothing is rejected
    expect(() => dataPerimeterStatements(stack, {
      actions: [Lazy.string({ produce: () => 's3:GetObject' })],
      principalOrgId: Lazy.string({ produce: () => 'not-an-org' }),
      tables: [table],
    })).not.toThrow();
  });

  test('fails when actions is empty', () => {
    // GIVEN no action WHEN the statements are built THEN the error names the prop and the fix
    expect(() => dataPerimeterStatements(newStack(), { actions: [] }))
      .toThrow(/^actions: the list is empty, so the endpoint would admit no request; omit actions for the default/);
  });

  test('fails when an action is not a DynamoDB action', () => {
    // GIVEN an S3 action among DynamoDB ones WHEN the statements are built
    // THEN the error names the index and shows the value
    expect(() => dataPerimeterStatements(newStack(), { actions: ['dynamodb:GetItem', 's3:GetObject'] }))
      .toThrow(/^actions\[1\]: "s3:GetObject" is not a DynamoDB action; a DynamoDB endpoint only serves actions of the form "dynamodb:GetItem"/);
  });

  test('fails when principalOrgId is not an organization id', () => {
    // GIVEN an account id where an organization id belongs WHEN the statements are built THEN the error shows it
    expect(() => dataPerimeterStatements(newStack(), { principalOrgId: '111111111111' }))
      .toThrow(/^principalOrgId: "111111111111" is not an AWS Organizations id; pass the id of your organization/);
  });

  test('fails when a table is in another region', () => {
    // GIVEN a stack in eu-west-1 and a table of us-east-1
    const stack = newStack(ENV);
    const table = dynamodb.Table.fromTableArn(stack, 'Table', 'arn:aws:dynamodb:us-east-1:111111111111:table/orders');
    // WHEN the statements are built THEN the error names the table, both regions and the fix
    expect(() => dataPerimeterStatements(stack, { tables: [table] }))
      .toThrow(/^tables\[0\]: table "orders" is in region us-east-1, but the stack is in eu-west-1; a VPC endpoint reaches DynamoDB only in its own region/);
  });

  test('fails when a table is in another account', () => {
    // GIVEN a stack of account 111111111111 and a table of account 222222222222
    const stack = newStack(ENV);
    const table = dynamodb.Table.fromTableArn(stack, 'Table', 'arn:aws:dynamodb:eu-west-1:222222222222:table/orders');
    // WHEN the statements are built THEN the error names the table, both accounts and the fix
    expect(() => dataPerimeterStatements(stack, { tables: [table] }))
      .toThrow(/^tables\[0\]: table "orders" is in account 222222222222, but the stack is in 111111111111; the data perimeter admits only tables of the stack's account/);
  });

  test('fails when the tables\' ARNs alone are longer than an endpoint policy may be (2,000 tables)', () => {
    // GIVEN 2,000 tables with 20-character names
    const stack = newStack(ENV);
    const tables = importTables(stack, tableNames(2000));
    // WHEN the statements are built THEN they fail at once, before a policy is built, with a lower bound of its length
    expect(() => dataPerimeterStatements(stack, { tables }))
      .toThrow(/^tables: the endpoint policy needs at least 2\d{5} characters, more than the 20480 AWS allows, even with each table written compactly/);
  });

  test.each(['orders*', 'orders-?', 'orders/index/byCustomer', 'ab'])('fails when a table name is not a DynamoDB table name (%s)', (name) => {
    // GIVEN a table imported under a name that DynamoDB would refuse, and which in a policy would match other tables
    const stack = newStack(ENV);
    const tables = [...importTables(stack, ['orders']), dynamodb.Table.fromTableName(stack, 'Odd', name)];
    // WHEN the statements are built THEN the error names the index and the value
    expect(() => dataPerimeterStatements(stack, { tables }))
      .toThrow(new RegExp(`^tables\\[1\\]: ${JSON.stringify(name).replace(/[*?]/g, '\\$&')} \\(at Stack/Odd\\) is not a DynamoDB table name`));
  });
});

describe('compaction', () => {
  test('a list that fits exactly stays exact: three resources per table', () => {
    // GIVEN 80 tables with 20-character names
    const stack = newStack(ENV);
    // WHEN the statements are built THEN each table has its three resources
    expect(resourceCount(stack, importTables(stack, tableNames(80)))).toBe(240);
  });

  test('a list that would not fit exactly is written compactly: the table and table/NAME/*', () => {
    // GIVEN 100 tables with 20-character names (300 resources would exceed the limit)
    const stack = newStack(ENV);
    const names = tableNames(100);
    // WHEN the statements are built
    const document = new iam.PolicyDocument({ statements: dataPerimeterStatements(stack, { tables: importTables(stack, names) }) });
    // THEN each table is written as its ARN and ARN/*
    const resources: string[] = new TemplateResolver({ Resources: {} }).resolve(stack.resolve(document.toJSON()).Statement[0].Resource);
    const arn = (name: string) => `arn:aws:dynamodb:eu-west-1:111111111111:table/${name}`;
    expect(resources).toEqual(names.flatMap((name) => [arn(name), `${arn(name)}/*`]));
    // AND the policy fits
    expect(policyLengthBounds(stack, document).max).toBeLessThanOrEqual(ENDPOINT_POLICY_MAX_CHARACTERS);
  });

  test('tables whose names are only known at deploy time are written compactly once their longest length may not fit', () => {
    // GIVEN 25 tables of the stack without names (each name may be up to 255 characters)
    const stack = newStack();
    const tables = Array.from({ length: 25 }, (_, index) => new dynamodb.TableV2(stack, `T${index}`, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }));
    // WHEN the statements are built THEN each table has two resources
    expect(resourceCount(stack, tables)).toBe(50);
  });

  test('the figures: with 20-character names in a stack with a concrete env, 87 tables fit exactly, 140 compactly, 141 not at all', () => {
    // GIVEN stacks in eu-west-1 with tables imported by 20-character names
    // WHEN the statements are built for 87, 88, 140 and 141 tables
    // THEN 87 are the most written exactly, 140 the most that fit
    const exactAt = (count: number) => {
      const stack = newStack(ENV);
      return resourceCount(stack, importTables(stack, tableNames(count))) === count * 3;
    };
    expect([exactAt(87), exactAt(88)]).toEqual([true, false]);
    expect([fits(140), fits(141)]).toEqual([true, false]);
  });
});

describe('checkPolicyLength', () => {
  test('a policy within the limit passes without a warning', () => {
    // GIVEN the default statements
    const stack = newStack();
    // WHEN their length is checked
    checkPolicyLength(stack, new iam.PolicyDocument({ statements: dataPerimeterStatements(stack, {}) }), 'tables');
    // THEN there is no warning
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('fails when the policy exceeds the limit even at its shortest', () => {
    // GIVEN 141 tables with 20-character names, more than fit even compactly
    const stack = newStack(ENV);
    const tables = importTables(stack, tableNames(141));
    const statements = dataPerimeterStatements(stack, { tables: tables.slice(0, 140) });
    statements[0].addResources(tables[140].tableArn, `${tables[140].tableArn}/*`);
    // WHEN the length is checked THEN the error names the prop, the length, the limit, how many tables fit and the fix
    expect(() => checkPolicyLength(stack, new iam.PolicyDocument({ statements }), 'tables', tables))
      .toThrow(/^tables: the endpoint policy needs at least 2\d{4} characters, more than the 20480 AWS allows, even with each table written compactly as its ARN and ARN\/\*; at most 140 of these tables fit in one policy; pass at most 140 tables/);
  });

  test('warns when the policy may exceed the limit once table names are known', () => {
    // GIVEN 60 tables of the stack without names: at least 3, at most 255 characters each
    const stack = newStack();
    const tables = Array.from({ length: 60 }, (_, index) => new dynamodb.TableV2(stack, `T${index}`, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }));
    const document = new iam.PolicyDocument({ statements: dataPerimeterStatements(stack, { tables }) });
    // WHEN the length is checked
    checkPolicyLength(stack, document, 'tables');
    // THEN it passes with a warning that says what to do
    Annotations.fromStack(stack).hasWarning('/Stack', Match.stringLikeRegexp('^tables: the endpoint policy may need up to \\d+ characters once table names are known, more than the 20480 AWS allows \\(counted with the longest names.*give the tables explicit names'));
  });
});

describe('policyLengthBounds', () => {
  test('in a stack with a concrete region, region and partition count at their real length', () => {
    // GIVEN a stack in eu-west-1 (partition aws) and a table imported by name
    const stack = newStack(ENV);
    const document = new iam.PolicyDocument({ statements: dataPerimeterStatements(stack, { tables: importTables(stack, ['orders']) }) });
    // WHEN its length is bounded THEN both bounds are the length of the deployed policy
    const deployed = JSON.stringify(new TemplateResolver({ Resources: {} }).resolve(stack.resolve(document.toJSON()))).length;
    expect(policyLengthBounds(stack, document)).toEqual({ min: deployed, max: deployed });
  });

  test('a policy of literals: its exact length as compact JSON', () => {
    // GIVEN a policy with only literal values
    const stack = newStack();
    const document = new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['arn:aws:dynamodb:eu-west-1:111111111111:table/orders'] })] });
    // WHEN its length is bounded THEN both bounds are the length of its JSON text
    const length = JSON.stringify(stack.resolve(document.toJSON())).length;
    expect(policyLengthBounds(stack, document)).toEqual({ min: length, max: length });
  });

  test('pseudo parameters and table references: bounds that contain the deployed length', () => {
    // GIVEN an environment-agnostic stack with a table of the stack and an imported one
    const stack = newStack();
    const table = new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const document = new iam.PolicyDocument({ statements: dataPerimeterStatements(stack, { tables: [table, ...importTables(stack, ['ledger'])] }) });
    // WHEN its length is bounded
    const { min, max } = policyLengthBounds(stack, document);
    // THEN the length of the policy deployed to eu-west-1 (table name = its logical id) lies within the bounds
    const ordersId = stack.getLogicalId(table.node.defaultChild as CfnElement);
    const resolver = new TemplateResolver({ Resources: { [ordersId]: { Type: 'AWS::DynamoDB::GlobalTable', Properties: {} } } });
    const deployed = JSON.stringify(resolver.resolve(stack.resolve(document.toJSON()))).length;
    expect(min).toBeLessThanOrEqual(deployed);
    expect(max).toBeGreaterThanOrEqual(deployed);
    // AND the bounds differ by the range of the unknowns: partition 3-10 characters, region 9-14, table
    // name 3-255; three ARNs of the stack's table and three of the imported one
    expect(max - min).toBe(3 * (7 + 5 + 252) + 3 * (7 + 5));
  });
});
