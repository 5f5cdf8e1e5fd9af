import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DynamoEndpoint, PrivateDynamoAccess } from '../../src';
import { DEFAULT_TABLE_ACTIONS } from '../../src/private/endpoint-policy/actions';
import { LOCKED_DOWN_ACTIONS } from '../../src/private/table-lockdown';
import { expectCfnLintClean } from '../support/cfn-lint';
import { findDependencyCycle } from '../support/cycles';
import { LintedTemplates } from '../support/linted-templates';

const REPLICATION_ROLE = 'arn:*:iam::*:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication';

describe('the lock-down statement', () => {
  test('denies the data-plane actions to everyone, unless through the VPC, an AWS service or the replication role', () => {
    // GIVEN a table and an imported VPC
    const stack = new Stack();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['a'], isolatedSubnetIds: ['subnet-1'], isolatedSubnetRouteTableIds: ['rtb-1'],
    });
    // WHEN the access locks the table
    new PrivateDynamoAccess(stack, 'Access', { vpc }).restrictTable(table);
    // THEN the table's policy is exactly this Deny: "*" in a table's own policy means the table and its indexes
    const replicas = Template.fromStack(stack).findResources('AWS::DynamoDB::GlobalTable');
    const statement = (Object.values(replicas)[0] as any).Properties.Replicas[0].ResourcePolicy.PolicyDocument.Statement[0];
    expect(statement).toEqual({
      Sid: 'DenyDataAccessFromOutsideTheVpc',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [...LOCKED_DOWN_ACTIONS],
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: { 'aws:SourceVpc': 'vpc-0123456789abcdef0' },
        BoolIfExists: { 'aws:ViaAWSService': 'false', 'aws:PrincipalIsAWSService': 'false' },
        ArnNotLikeIfExists: { 'aws:PrincipalArn': REPLICATION_ROLE },
      },
    });
  });

  test('the locked actions are the item-level data-plane actions of the endpoint\'s defaults', () => {
    // GIVEN the endpoint policy's default table actions, without DescribeTable and the stream actions
    // (streams have their own resource policy; DescribeTable is how administrators and CloudFormation see the table)
    const itemActions = DEFAULT_TABLE_ACTIONS.filter((action) =>
      !['dynamodb:DescribeTable', 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'].includes(action));
    // THEN the lock-down denies exactly those
    expect([...LOCKED_DOWN_ACTIONS].sort()).toEqual([...itemActions].sort());
  });

  test('no control-plane or resource-policy action is locked, so the table can still be managed and unlocked', () => {
    // GIVEN the actions CloudFormation and administrators need from outside the VPC
    const management = [
      'dynamodb:DescribeTable', 'dynamodb:UpdateTable', 'dynamodb:DeleteTable', 'dynamodb:TagResource', 'dynamodb:UpdateTimeToLive',
      'dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy', 'dynamodb:GetResourcePolicy', 'dynamodb:UpdateContinuousBackups',
    ];
    // THEN none of them is in the lock-down, and no action is a wildcard that could match them
    for (const action of management) {
      expect(LOCKED_DOWN_ACTIONS).not.toContain(action);
    }
    expect(LOCKED_DOWN_ACTIONS.filter((action) => /[*?]/.test(action))).toEqual([]);
  });
});

describe('restrictTable', () => {
  test('puts the statement in the table\'s replica policy with a reference to the VPC, without a dependency cycle', () => {
    // GIVEN a table that the endpoint policy names, in gateway+interface mode
    const stack = new Stack(new App(), 'Stack');
    const table = new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { tables: [table], endpoint: DynamoEndpoint.gatewayAndInterface() });

    // WHEN the table is restricted to the construct's VPC
    access.restrictTable(table);

    // THEN the table's replica in the stack's region carries the lock-down, naming the VPC by reference
    const template = Template.fromStack(stack);
    const vpcId = stack.getLogicalId(access.vpc.node.defaultChild as CfnElement);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [{
        Region: { Ref: 'AWS::Region' },
        ResourcePolicy: {
          PolicyDocument: {
            Statement: [{
              Sid: 'DenyDataAccessFromOutsideTheVpc',
              Effect: 'Deny',
              Condition: { StringNotEqualsIfExists: { 'aws:SourceVpc': { Ref: vpcId } } },
            }],
          },
        },
      }],
    });
    // AND the endpoints still name the table, and no resource depends on itself through the others
    const tableId = stack.getLogicalId(table.node.defaultChild as CfnElement);
    for (const endpoint of Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint'))) {
      expect(JSON.stringify(endpoint.Properties.PolicyDocument)).toContain(`"Fn::GetAtt":["${tableId}","Arn"]`);
    }
    expect(findDependencyCycle(template.toJSON())).toBeUndefined();
    // AND cfn-lint finds nothing
    expectCfnLintClean(template.toJSON());
  });

  test('with an imported VPC: the VPC\'s id as a literal', () => {
    // GIVEN an imported VPC
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['eu-west-1a'],
      isolatedSubnetIds: ['subnet-0123456789abcdef0'],
      isolatedSubnetRouteTableIds: ['rtb-0123456789abcdef0'],
    });
    const table = new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { vpc, tables: [table] });

    // WHEN the table is restricted
    access.restrictTable(table);

    // THEN the condition names the imported VPC's id
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [{ ResourcePolicy: { PolicyDocument: { Statement: [{ Condition: { StringNotEqualsIfExists: { 'aws:SourceVpc': 'vpc-0123456789abcdef0' } } }] } } }],
    });
  });

  test('the cycle check finds a cycle when there is one', () => {
    // GIVEN a template where two resources reference each other (the cycle aws:SourceVpce would create)
    const template = {
      Resources: {
        Table: { Type: 'AWS::DynamoDB::GlobalTable', Properties: { Policy: { 'Fn::Sub': 'vpce ${Endpoint}' } } },
        Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { PolicyDocument: { Resource: { 'Fn::GetAtt': ['Table', 'Arn'] } } } },
      },
    };
    // THEN the check reports it, so its "no cycle" above can fail
    expect(findDependencyCycle(template)).toEqual(['Table', 'Endpoint', 'Table']);
  });
});

describe('the stream warning', () => {
  /** The templates of these tests, linted with cfn-lint after them. */
  const templates = new LintedTemplates();

  test('names the event source mappings as the reason the stream stays open, and the ways to deal with it', () => {
    // GIVEN a table with a stream
    const stack = new Stack(new App(), 'Stack');
    const table = new dynamodb.TableV2(stack, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
    });

    // WHEN it is locked
    new PrivateDynamoAccess(stack, 'DynamoAccess').restrictTable(table);
    templates.synth(stack);

    // THEN the one warning on the table says what stays open, why, and the fixes, in the library's format
    const warnings = Annotations.fromStack(stack).findWarning('/Stack/Orders/Resource', Match.stringLikeRegexp('streamNotRestricted'));
    expect(warnings).toHaveLength(1);
    const message = String(warnings[0].entry.data);
    expect(message).toMatch(/^restrictTable: the stream of Stack\/Orders is not locked to the VPC: DescribeStream, GetRecords and GetShardIterator/);
    expect(message).toContain('Lambda event source mappings, which read the stream with the function\'s role');
    expect(message).toContain('exempting that role would let a stolen copy of its credentials in from anywhere');
    expect(message).toMatch(/; grant the stream reads only to the roles that need them \(grantStreamRead\), .* or acknowledge this warning/);
  });

  test('no stream, no warning', () => {
    const stack = new Stack(new App(), 'Stack');
    const table = new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    new PrivateDynamoAccess(stack, 'DynamoAccess').restrictTable(table);
    templates.synth(stack);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('streamNotRestricted'));
  });
});
