import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { ACCOUNT, REGION, concreteStack, envAgnosticStack } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';
import { gatewayEndpointProps, interfaceEndpointProps } from './support/templates';

/* The data-perimeter endpoint policy, as the construct puts it on its endpoints. */

/** Every template synthesized here is linted with cfn-lint after the tests of this file. */
const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

const DEFAULT_ACTIONS = [
  'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem',
  'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PartiQLDelete', 'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLSelect', 'dynamodb:PartiQLUpdate', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan',
  'dynamodb:UpdateItem', 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator',
];
const WILDCARD_ONLY_ACTIONS = ['dynamodb:DescribeEndpoints', 'dynamodb:ListStreams'];

describe('endpoint policy: a data perimeter', () => {
  test('in an environment-agnostic stack admits the account\'s tables, for the account\'s principals', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access');

    // THEN
    expect(gatewayEndpointProps(synth(stack)).PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowDataAccessToPermittedTables',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: DEFAULT_ACTIONS,
          Resource: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':table/*']],
          },
          Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } },
        },
        {
          Sid: 'AllowActionsWithoutResourceScope',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: WILDCARD_ONLY_ACTIONS,
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
  });

  test('in a stack with a concrete env names the account and region', () => {
    // GIVEN
    const stack = concreteStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access');

    // THEN
    const statements = gatewayEndpointProps(synth(stack)).PolicyDocument.Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0]).toEqual(expect.objectContaining({
      Principal: { AWS: '*' },
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:dynamodb:${REGION}:${ACCOUNT}:table/*`]] },
      Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
    }));
    expect(statements[1].Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': ACCOUNT } });
  });

  test('admits each listed table with its indexes and streams', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const orders = new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const customers = dynamodb.Table.fromTableName(stack, 'Customers', 'customers');

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { tables: [orders, customers] });

    // THEN
    const ordersArn = { 'Fn::GetAtt': [stack.getLogicalId(orders.node.defaultChild as dynamodb.CfnGlobalTable), 'Arn'] };
    const customersArn = ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':table/customers'];
    expect(gatewayEndpointProps(synth(stack)).PolicyDocument.Statement[0].Resource).toEqual([
      ordersArn,
      { 'Fn::Join': ['', [ordersArn, '/index/*']] },
      { 'Fn::Join': ['', [ordersArn, '/stream/*']] },
      { 'Fn::Join': ['', customersArn] },
      { 'Fn::Join': ['', [...customersArn.slice(0, -1), ':table/customers/index/*']] },
      { 'Fn::Join': ['', [...customersArn.slice(0, -1), ':table/customers/stream/*']] },
    ]);
  });

  test('admits principals of the organization principalOrgId instead of the account', () => {
    // GIVEN
    const stack = concreteStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { principalOrgId: 'o-a1b2c3d4e5' });

    // THEN
    const statements = gatewayEndpointProps(synth(stack)).PolicyDocument.Statement;
    expect(statements.map((statement: any) => statement.Condition)).toEqual([
      { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    ]);
  });

  test('admits only the listed actions, with wildcard-only actions on "*"', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:ListStreams'] });

    // THEN
    const statements = gatewayEndpointProps(synth(stack)).PolicyDocument.Statement;
    expect(statements.map((statement: any) => [statement.Action, statement.Resource === '*'])).toEqual([
      [['dynamodb:GetItem', 'dynamodb:Query'], false],
      ['dynamodb:ListStreams', true],
    ]);
  });

  test('is the same on the interface endpoints as on the gateway endpoint', () => {
    // GIVEN
    const stack = concreteStack();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', {
      tables: [table],
      principalOrgId: 'o-a1b2c3d4e5',
      endpoint: DynamoEndpoint.gatewayAndInterface({ streams: true }),
    });

    // THEN
    const template = synth(stack);
    const gatewayPolicy = gatewayEndpointProps(template).PolicyDocument;
    expect(gatewayPolicy.Statement[0].Resource).toHaveLength(3);
    expect(interfaceEndpointProps(template, 'dynamodb').PolicyDocument).toEqual(gatewayPolicy);
    expect(interfaceEndpointProps(template, 'dynamodb-streams').PolicyDocument).toEqual(gatewayPolicy);
  });
});
