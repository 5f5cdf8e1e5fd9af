import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EXAMPLE_MODES, ExampleStack } from '../examples/example-stack';
import { ENV, REGION, cfn, lookupContext } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';
import { groupId, subnetRefs } from './support/templates';

/* The example app (examples/example-stack.ts), in every endpoint mode: what the README shows, end to end. */

/** Every template synthesized here is linted with cfn-lint after the tests of this file. */
const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

describe('example stack', () => {
  test.each(EXAMPLE_MODES)('%s mode: the function runs in the access subnets and reaches the table privately', (mode) => {
    // GIVEN
    const app = new App();

    // WHEN
    const stack = new ExampleStack(app, 'Example', { mode });

    // THEN the function sits in the subnets given access
    const template = synth(stack);
    const access = stack.access;
    const functionGroups = stack.handler.connections.securityGroups;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      VpcConfig: {
        SubnetIds: subnetRefs(stack, access.subnets),
        SecurityGroupIds: functionGroups.map((group) => groupId(stack, group)),
      },
      Environment: { Variables: { TABLE_NAME: cfn(stack, stack.table.tableName), ...cfn(stack, access.clientEnvironment) } },
    });
    // ... the endpoint policy admits only the example's table
    const tableArn = cfn(stack, stack.table.tableArn);
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint')) as any[];
    expect(endpoints).toHaveLength(mode === 'gateway+interface' ? 2 : 1);
    for (const endpoint of endpoints) {
      expect(endpoint.Properties.PolicyDocument.Statement[0].Resource).toEqual([
        tableArn,
        { 'Fn::Join': ['', [tableArn, '/index/*']] },
        { 'Fn::Join': ['', [tableArn, '/stream/*']] },
      ]);
    }
    // ... and, with an interface endpoint, the function may connect to it on 443
    if (mode === 'gateway') {
      expect(access.clientEnvironment).toEqual({});
      template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    } else {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: groupId(stack, access.connections.securityGroups[0]),
        SourceSecurityGroupId: groupId(stack, functionGroups[0]),
        FromPort: 443,
        ToPort: 443,
      });
    }
    if (mode === 'interface') {
      expect(Object.keys(access.clientEnvironment)).toEqual(['AWS_ENDPOINT_URL_DYNAMODB']);
    }
  });

  test('interface mode in a stack with a concrete env', () => {
    // GIVEN
    const app = new App({ context: lookupContext() });

    // WHEN
    const stack = new ExampleStack(app, 'Example', { mode: 'interface', env: ENV });

    // THEN
    const template = synth(stack);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: `com.amazonaws.${REGION}.dynamodb`,
      PrivateDnsEnabled: false,
      SubnetIds: subnetRefs(stack, stack.access.subnets),
    });
    template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'eu-west-1a' });
    template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'eu-west-1b' });
  });
});
