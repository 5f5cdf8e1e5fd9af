import { Stack, App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { findDependencyCycle } from './support/cycles';
import { cfn, envAgnosticStack } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';
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
