import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EXAMPLE_MODES, ExampleStack } from '../examples/example-stack';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { expectCfnLintClean } from './support/cfn-lint';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const ENV = { account: ACCOUNT, region: REGION };
/** What `cdk synth` caches after its lookups: the zones of eu-west-1 and DynamoDB's prefix list there. */
const LOOKUP_CONTEXT = {
  [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  [`cc-api-provider:account=${ACCOUNT}:expectedMatchCount=exactly-one:propertiesToReturn.0=PrefixListId:` +
    `propertyMatch.PrefixListName=com.amazonaws.${REGION}.dynamodb:region=${REGION}:typeName=AWS$:$:EC2$:$:PrefixList`]: [{ PrefixListId: 'pl-6da54004' }],
};

function lint(stack: Stack): void {
  expectCfnLintClean(Template.fromStack(stack).toJSON(), stack.region === REGION ? { regions: [REGION] } : {});
}

function ref(stack: Stack, value: unknown): any {
  return stack.resolve(value);
}

function inlineHandler(): lambda.Code {
  return lambda.Code.fromInline('exports.handler = async () => ({});');
}

// ---------------------------------------------------------------------------------------------------
// The example app
// ---------------------------------------------------------------------------------------------------

describe('example stack', () => {
  test.each(EXAMPLE_MODES)('%s mode: the function runs in the access subnets and reaches the table privately', (mode) => {
    // GIVEN
    const app = new App();

    // WHEN
    const stack = new ExampleStack(app, 'Example', { mode });

    // THEN the function sits in the subnets given access
    const template = Template.fromStack(stack);
    const access = stack.access;
    const functionGroups = stack.handler.connections.securityGroups;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      VpcConfig: {
        SubnetIds: access.subnets.map((subnet) => ref(stack, subnet.subnetId)),
        SecurityGroupIds: functionGroups.map((group) => ref(stack, group.securityGroupId)),
      },
      Environment: { Variables: { TABLE_NAME: ref(stack, stack.table.tableName), ...ref(stack, access.clientEnvironment) } },
    });
    // ... the endpoint policy admits only the example's table
    const tableArn = ref(stack, stack.table.tableArn);
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
        GroupId: ref(stack, access.connections.securityGroups[0].securityGroupId),
        SourceSecurityGroupId: ref(stack, functionGroups[0].securityGroupId),
        FromPort: 443,
        ToPort: 443,
      });
    }
    if (mode === 'interface') {
      expect(Object.keys(access.clientEnvironment)).toEqual(['AWS_ENDPOINT_URL_DYNAMODB']);
    }
    lint(stack);
  });

  test('interface mode in a stack with a concrete env', () => {
    // GIVEN
    const app = new App({ context: LOOKUP_CONTEXT });

    // WHEN
    const stack = new ExampleStack(app, 'Example', { mode: 'interface', env: ENV });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: `com.amazonaws.${REGION}.dynamodb`,
      PrivateDnsEnabled: false,
      SubnetIds: stack.access.subnets.map((subnet) => ref(stack, subnet.subnetId)),
    });
    template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'eu-west-1a' });
    template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'eu-west-1b' });
    lint(stack);
  });
});

// ---------------------------------------------------------------------------------------------------
// Cross-stack
// ---------------------------------------------------------------------------------------------------

describe('endpointUrl in another stack', () => {
  test('a second stack of the same env reads endpointUrl in a function\'s environment through an export', () => {
    // GIVEN a network stack with an interface endpoint
    const app = new App({ context: LOOKUP_CONTEXT });
    const network = new Stack(app, 'Network', { env: ENV });
    const access = new PrivateDynamoAccess(network, 'DynamoAccess', { endpoint: DynamoEndpoint.interface() });

    // WHEN an application stack gives its URL to a function in the VPC (not to a CfnOutput: cfn-lint
    // rightly reports an output that re-exports an import, W6001)
    const application = new Stack(app, 'Application', { env: ENV });
    const handler = new lambda.Function(application, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: inlineHandler(),
      vpc: access.vpc,
      vpcSubnets: { subnets: access.subnets },
      environment: { ...access.clientEnvironment },
    });
    access.allowFrom(handler);

    // THEN the network stack exports the endpoint's DNS entries ...
    const networkTemplate = Template.fromStack(network);
    const endpointLogicalId = network.getLogicalId(access.interfaceEndpoint!.node.defaultChild as ec2.CfnVPCEndpoint);
    const exports = networkTemplate.findOutputs('*', { Export: { Name: Match.stringLikeRegexp('DnsEntries') } });
    const exportNames = Object.values(exports).map((output: any) => output.Export.Name);
    expect(exportNames).toHaveLength(1);
    expect(Object.values(exports)[0].Value).toEqual({ 'Fn::Join': ['||', { 'Fn::GetAtt': [endpointLogicalId, 'DnsEntries'] }] });

    // ... and the application stack imports them and builds https://<regional DNS name>
    const importedUrl = {
      'Fn::Join': ['', ['https://', {
        'Fn::Select': [1, {
          'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::Split': ['||', { 'Fn::ImportValue': exportNames[0] }] }] }],
        }],
      }]],
    };
    const applicationTemplate = Template.fromStack(application);
    applicationTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { AWS_ENDPOINT_URL_DYNAMODB: importedUrl } },
    });
    // ... and allowFrom puts both rules in the application stack, so the network stack imports nothing
    const endpointGroup = access.connections.securityGroups[0];
    applicationTemplate.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp(`^Network:ExportsOutputFnGetAtt${network.getLogicalId(endpointGroup.node.defaultChild as ec2.CfnSecurityGroup)}GroupId`) },
      SourceSecurityGroupId: ref(application, handler.connections.securityGroups[0].securityGroupId),
      FromPort: 443,
      ToPort: 443,
    });
    networkTemplate.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(JSON.stringify(networkTemplate.toJSON())).not.toContain('Fn::ImportValue');
    const assembly = app.synth();
    expect(assembly.getStackByName('Application').dependencies.map((dependency) => dependency.id)).toContain('Network');
    expect(assembly.getStackByName('Network').dependencies.map((dependency) => dependency.id)).not.toContain('Application');
    lint(network);
    lint(application);
  });
});

// ---------------------------------------------------------------------------------------------------
// allowFrom with real clients
// ---------------------------------------------------------------------------------------------------

describe('allowFrom with a Lambda function in the VPC', () => {
  function functionIn(stack: Stack, access: PrivateDynamoAccess, allowAllOutbound: boolean): lambda.Function {
    return new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: inlineHandler(),
      vpc: access.vpc,
      vpcSubnets: { subnets: access.subnets },
      allowAllOutbound,
      environment: { ...access.clientEnvironment },
    });
  }

  test('gateway mode: a function that restricts outbound traffic gets egress to the looked-up prefix list', () => {
    // GIVEN
    const stack = new Stack(new App({ context: LOOKUP_CONTEXT }), 'Stack', { env: ENV });
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { tables: [table] });
    const handler = functionIn(stack, access, false);
    table.grantReadWriteData(handler);

    // WHEN
    access.allowFrom(handler);

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: ref(stack, handler.connections.securityGroups[0].securityGroupId),
      DestinationPrefixListId: 'pl-6da54004',
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: Match.absent() });
    lint(stack);
  });

  test('interface mode: the function\'s group may reach the endpoint\'s on 443, both directions', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { endpoint: DynamoEndpoint.interface({ allowedPeers: [] }) });
    const handler = functionIn(stack, access, false);

    // WHEN
    access.allowFrom(handler);

    // THEN
    const template = Template.fromStack(stack);
    const functionGroup = ref(stack, handler.connections.securityGroups[0].securityGroupId);
    const endpointGroup = ref(stack, access.connections.securityGroups[0].securityGroupId);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: endpointGroup, SourceSecurityGroupId: functionGroup, IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: functionGroup, DestinationSecurityGroupId: endpointGroup, IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { AWS_ENDPOINT_URL_DYNAMODB: ref(stack, access.endpointUrl) } },
    });
    lint(stack);
  });
});

describe('allowFrom with an ECS Fargate service in the isolated subnets', () => {
  function fargateService(stack: Stack, access: PrivateDynamoAccess): { service: ecs.FargateService; group: ec2.SecurityGroup } {
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: access.vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512 });
    taskDefinition.addContainer('App', {
      image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repository', 'orders-api'), 'v1'),
      environment: { ...access.clientEnvironment },
    });
    const group = new ec2.SecurityGroup(stack, 'ServiceGroup', { vpc: access.vpc, allowAllOutbound: false, description: 'orders-api tasks' });
    const service = new ecs.FargateService(stack, 'Service', {
      cluster,
      taskDefinition,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [group],
      assignPublicIp: false,
    });
    return { service, group };
  }

  test('gateway mode: the service\'s group gets egress on 443 to the prefix list', () => {
    // GIVEN
    const stack = new Stack(new App({ context: LOOKUP_CONTEXT }), 'Stack', { env: ENV });
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess');
    const { service, group } = fargateService(stack, access);

    // WHEN
    access.allowFrom(service);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          AssignPublicIp: 'DISABLED',
          Subnets: access.vpc.isolatedSubnets.map((subnet) => ref(stack, subnet.subnetId)),
          SecurityGroups: [ref(stack, group.securityGroupId)],
        },
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: ref(stack, group.securityGroupId),
      DestinationPrefixListId: 'pl-6da54004',
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
    lint(stack);
  });

  test('gateway+interface mode: egress to the prefix list and to the interface endpoint, ingress on the endpoint', () => {
    // GIVEN
    const stack = new Stack(new App({ context: LOOKUP_CONTEXT }), 'Stack', { env: ENV });
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { endpoint: DynamoEndpoint.gatewayAndInterface({ allowedPeers: [] }) });
    const { service, group } = fargateService(stack, access);

    // WHEN
    access.allowFrom(service);

    // THEN
    const template = Template.fromStack(stack);
    const serviceGroup = ref(stack, group.securityGroupId);
    const endpointGroup = ref(stack, access.connections.securityGroups[0].securityGroupId);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: serviceGroup, DestinationPrefixListId: 'pl-6da54004', FromPort: 443 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: serviceGroup, DestinationSecurityGroupId: endpointGroup, FromPort: 443 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: endpointGroup, SourceSecurityGroupId: serviceGroup, FromPort: 443 });
    lint(stack);
  });

  test('interface mode: the tasks get AWS_ENDPOINT_URL_DYNAMODB and may reach the endpoint on 443', () => {
    // GIVEN
    const stack = new Stack(new App({ context: LOOKUP_CONTEXT }), 'Stack', { env: ENV });
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { endpoint: DynamoEndpoint.interface({ allowedPeers: [] }) });
    const { service, group } = fargateService(stack, access);

    // WHEN
    access.allowFrom(service);

    // THEN
    const template = Template.fromStack(stack);
    const serviceGroup = ref(stack, group.securityGroupId);
    const endpointGroup = ref(stack, access.connections.securityGroups[0].securityGroupId);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: endpointGroup, SourceSecurityGroupId: serviceGroup, FromPort: 443, ToPort: 443 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: serviceGroup, DestinationSecurityGroupId: endpointGroup, FromPort: 443, ToPort: 443 });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: [{ Name: 'AWS_ENDPOINT_URL_DYNAMODB', Value: ref(stack, access.endpointUrl) }] })],
    });
    lint(stack);
  });
});
