import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { findDependencyCycle } from './support/cycles';
import { cfn, envAgnosticStack } from './support/fixtures';
import { APP, ORG_ID, REPLICATION, simulate } from './support/iam-simulation';
import { LintedTemplates } from './support/linted-templates';
import { TemplateResolver } from './support/resolve-template';
import { gatewayEndpointProps } from './support/templates';

/* `restrictTable`: the table lock-down, as the construct applies it. */

/** Every template synthesized here is linted with cfn-lint after the tests of this file. */
const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

describe('restrictTable', () => {
  test('adds a Deny statement conditioned on aws:SourceVpc to the table\'s resource policy', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'Access');

    // WHEN
    access.restrictTable(table);

    // THEN
    synth(stack).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({
        ResourcePolicy: {
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [Match.objectLike({
              Sid: 'DenyDataAccessFromOutsideTheVpc',
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Resource: '*',
              Condition: Match.objectLike({ StringNotEqualsIfExists: { 'aws:SourceVpc': cfn(stack, access.vpc.vpcId) } }),
            })],
          },
        },
      })],
    });
  });

  test('creates no dependency cycle when tables names the same table', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'Access', { tables: [table], endpoint: DynamoEndpoint.gatewayAndInterface() });

    // WHEN
    access.restrictTable(table);

    // THEN the app synthesizes, the endpoints name the table and the table names only the VPC
    expect(() => (stack.node.root as App).synth()).not.toThrow();
    const template = synth(stack).toJSON();
    expect(findDependencyCycle(template)).toBeUndefined();
    const tableLogicalId = stack.getLogicalId(table.node.defaultChild as dynamodb.CfnGlobalTable);
    expect(JSON.stringify(gatewayEndpointProps(Template.fromJSON(template)).PolicyDocument)).toContain(tableLogicalId);
    const tablePolicy = JSON.stringify(template.Resources[tableLogicalId].Properties.Replicas[0].ResourcePolicy);
    expect(tablePolicy).toContain(stack.getLogicalId(access.vpc.node.defaultChild as ec2.CfnVPC));
    expect(tablePolicy).not.toMatch(/Endpoint/);
  });
});

describe('restrictTable: exempt roles', () => {
  function lockedWith(exemptRoles: (stack: Stack) => iam.IRole[]): { resolver: TemplateResolver; logicalId: string; stack: Stack } {
    const stack = envAgnosticStack();
    const table = new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    new PrivateDynamoAccess(stack, 'Access').restrictTable(table, { exemptRoles: exemptRoles(stack) });
    const logicalId = stack.getLogicalId(table.node.defaultChild as dynamodb.CfnGlobalTable);
    return { resolver: new TemplateResolver(synth(stack).toJSON()), logicalId, stack };
  }

  test('an exempt role calls from outside the VPC: allowed; another role of the account: still denied', async () => {
    // GIVEN a table locked to the VPC, with AppSync's role exempt
    const { resolver, logicalId } = lockedWith((stack) => [iam.Role.fromRoleName(stack, 'AppSyncRole', 'appsync-orders')]);
    const policy = resolver.tableResourcePolicy(logicalId);
    const table = resolver.getAtt(logicalId, 'Arn');
    const appSync = { arn: `arn:aws:iam::${resolver.env.account}:role/appsync-orders`, account: resolver.env.account, orgId: ORG_ID };

    // WHEN each calls GetItem from outside the VPC THEN only the exempt role passes
    await expect(simulate({ caller: appSync, action: 'dynamodb:GetItem', resource: table, resourcePolicy: policy })).resolves.toMatchObject({ overall: 'Allowed' });
    await expect(simulate({ caller: APP, action: 'dynamodb:GetItem', resource: table, resourcePolicy: policy })).resolves.toMatchObject({ overall: 'ExplicitlyDenied' });
    // AND the replication role stays exempt
    await expect(simulate({ caller: REPLICATION, action: 'dynamodb:PutItem', resource: table, resourcePolicy: policy })).resolves.toMatchObject({ overall: 'Allowed' });
  });

  test('a role built in the app is exempt by its ARN; the same role twice is written once', () => {
    const { resolver, logicalId } = lockedWith((stack) => {
      const role = new iam.Role(stack, 'StepFunctionsRole', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') });
      return [role, role];
    });
    const arns = resolver.tableResourcePolicy(logicalId)!.Statement[0].Condition.ArnNotLikeIfExists['aws:PrincipalArn'];
    expect(arns).toHaveLength(2);
  });

  test('fails for a role of another environment, whose ARN the table\'s policy cannot refer to', () => {
    const app = new App();
    const other = new Stack(app, 'Other', { env: { account: '210987654321', region: 'eu-west-1' } });
    const role = new iam.Role(other, 'Role', { assumedBy: new iam.ServicePrincipal('appsync.amazonaws.com') });
    const stack = new Stack(app, 'Data', { env: { account: '123456789012', region: 'eu-west-1' } });
    const table = new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    expect(() => new PrivateDynamoAccess(stack, 'Access').restrictTable(table, { exemptRoles: [role] }))
      .toThrow(/^restrictTable\(options\.exemptRoles\[0\]\): Other\/Role is a role of 210987654321 \/ eu-west-1, .*; give the role a fixed name/);
  });
});
