import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { PREFIX_LIST_IDS, REGION, cfn, concreteStack, envAgnosticStack, lookupContext, prefixListLookupKey } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';
import { groupId, subnetRefs } from './support/templates';

/* `allowFrom`: the network paths the construct opens for a client (a security group, a peer, a Lambda function, an ECS service). */

/** Every template synthesized here is linted with cfn-lint after the tests of this file. */
const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

describe('allowFrom', () => {
  test('interface mode: ingress on the endpoint\'s group and egress on a client group that restricts outbound traffic', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ allowedPeers: [] }) });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc, allowAllOutbound: false });

    // WHEN
    access.allowFrom(client);

    // THEN
    const template = synth(stack);
    const endpointGroup = access.connections.securityGroups[0];
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: groupId(stack, endpointGroup),
      SourceSecurityGroupId: groupId(stack, client),
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupId(stack, client),
      DestinationSecurityGroupId: groupId(stack, endpointGroup),
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
  });

  test('interface mode: only the ingress rule for a client that allows all outbound traffic', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc });

    // WHEN
    access.allowFrom(client);

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { SourceSecurityGroupId: groupId(stack, client), FromPort: 443 });
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
  });

  test('interface mode: a client that allows all outbound traffic gets no aws-cdk-lib warning about an ignored egress rule', () => {
    // GIVEN a client group that allows all outbound traffic
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc });

    // WHEN
    access.allowFrom(client);

    // THEN no warning is left on the client's group
    synth(stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Ignoring Egress rule'))).toEqual([]);
  });

  test('gateway mode: nothing for a client that allows all outbound traffic', () => {
    // GIVEN an environment-agnostic stack without prefixListId: it is not needed
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc });

    // WHEN
    access.allowFrom(client);

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupEgress: [Match.objectLike({ CidrIp: '0.0.0.0/0' })] });
  });

  test('gateway mode: egress on TCP 443 to the prefixListId for a client that restricts outbound traffic', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.gateway({ prefixListId: 'pl-02cd2c6b' }) });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc, allowAllOutbound: false });

    // WHEN
    access.allowFrom(client);

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupId(stack, client),
      DestinationPrefixListId: 'pl-02cd2c6b',
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
  });

  test('gateway mode: in a stack with a concrete region, looks the prefix list up once for several clients', () => {
    // GIVEN the value `cdk synth` caches after the lookup
    const stack = concreteStack({ [prefixListLookupKey()]: [{ PrefixListId: 'pl-6da54004' }] });
    const access = new PrivateDynamoAccess(stack, 'Access');
    const first = new ec2.SecurityGroup(stack, 'First', { vpc: access.vpc, allowAllOutbound: false });
    const second = new ec2.SecurityGroup(stack, 'Second', { vpc: access.vpc, allowAllOutbound: false });

    // WHEN
    access.allowFrom(first);
    access.allowFrom(second);

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 2);
    for (const client of [first, second]) {
      template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
        GroupId: groupId(stack, client),
        DestinationPrefixListId: 'pl-6da54004',
        FromPort: 443,
        ToPort: 443,
      });
    }
  });

  test('gateway mode: without cached context, asks the CLI to look up the region\'s DynamoDB prefix list', () => {
    // GIVEN
    const stack = concreteStack();
    const access = new PrivateDynamoAccess(stack, 'Access');

    // WHEN
    access.allowFrom(new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc, allowAllOutbound: false }));

    // THEN
    const missing = (stack.node.root as App).synth().manifest.missing ?? [];
    expect(missing.map((entry) => entry.key)).toContain(prefixListLookupKey());
    expect(missing.find((entry) => entry.key === prefixListLookupKey())?.props).toEqual(expect.objectContaining({
      typeName: 'AWS::EC2::PrefixList',
      propertyMatch: { PrefixListName: `com.amazonaws.${REGION}.dynamodb` },
    }));
  });

  test('gateway+interface mode: both the ingress on the endpoint\'s group and the egress to the prefix list', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', {
      endpoint: DynamoEndpoint.gatewayAndInterface({ prefixListId: 'pl-02cd2c6b' }),
    });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc, allowAllOutbound: false });

    // WHEN
    access.allowFrom(client);

    // THEN
    const template = synth(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: groupId(stack, access.connections.securityGroups[0]),
      SourceSecurityGroupId: groupId(stack, client),
      FromPort: 443,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: groupId(stack, client), DestinationPrefixListId: 'pl-02cd2c6b' });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupId(stack, client),
      DestinationSecurityGroupId: groupId(stack, access.connections.securityGroups[0]),
    });
  });

  test('fails when the client restricts outbound traffic in an environment-agnostic stack without prefixListId', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: access.vpc, allowAllOutbound: false });

    // WHEN / THEN
    expect(() => access.allowFrom(client)).toThrow(
      /^allowFrom: Stack\/Client restricts outbound traffic, .*environment-agnostic stack; pass it as DynamoEndpoint\.gateway\(\{ prefixListId: 'pl-…' \}\), or give the stack a concrete env/,
    );
  });
});

describe('allowFrom: peers and things that are not clients', () => {
  test.each([
    ['interface', DynamoEndpoint.interface({ allowedPeers: [] })],
    ['gateway+interface', DynamoEndpoint.gatewayAndInterface({ allowedPeers: [] })],
  ])('%s mode: a CIDR peer is admitted on TCP 443 by the endpoint\'s security group', (_mode, endpoint) => {
    // GIVEN an interface endpoint that admits nobody by CIDR
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint });

    // WHEN an on-premises range is allowed
    access.allowFrom(ec2.Peer.ipv4('192.168.0.0/16'));

    // THEN the endpoint's group admits it on 443
    synth(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '192.168.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
  });

  test('gateway mode: fails for a CIDR peer, which a gateway endpoint cannot admit', () => {
    // GIVEN
    const access = new PrivateDynamoAccess(envAgnosticStack(), 'Access');

    // WHEN / THEN the error says why and what to use instead
    expect(() => access.allowFrom(ec2.Peer.ipv4('192.168.0.0/16')))
      .toThrow(/^allowFrom: 192\.168\.0\.0\/16 is a peer \(an address range\), but a gateway endpoint has no security group that could admit it, .*; .*DynamoEndpoint\.interface\(\{ allowedPeers \}\)/);
  });

  test('fails for something without connections, instead of a TypeError', () => {
    // GIVEN
    const access = new PrivateDynamoAccess(envAgnosticStack(), 'Access', { endpoint: DynamoEndpoint.interface() });

    // WHEN / THEN
    expect(() => access.allowFrom({} as ec2.IConnectable)).toThrow(/^allowFrom: .* has no security groups \(no connections\); pass a Lambda function/);
  });

  test('fails for a Lambda function outside any VPC, naming it', () => {
    // GIVEN a function without vpc
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });

    // WHEN / THEN
    expect(() => access.allowFrom(fn)).toThrow(/^allowFrom: Stack\/Fn has no network connections \(.*\); pass a construct placed in the VPC with security groups/);
  });
});

describe('allowFrom with a Lambda function in the VPC', () => {
  function functionIn(stack: Stack, access: PrivateDynamoAccess, allowAllOutbound: boolean): lambda.Function {
    return new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      vpc: access.vpc,
      vpcSubnets: { subnets: access.subnets },
      allowAllOutbound,
      environment: { ...access.clientEnvironment },
    });
  }

  test('gateway mode: a function that restricts outbound traffic gets egress to the looked-up prefix list', () => {
    // GIVEN
    const stack = concreteStack(lookupContext());
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { tables: [table] });
    const handler = functionIn(stack, access, false);
    table.grantReadWriteData(handler);

    // WHEN
    access.allowFrom(handler);

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupId(stack, handler.connections.securityGroups[0]),
      DestinationPrefixListId: PREFIX_LIST_IDS[REGION],
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: Match.absent() });
  });

  test('interface mode: the function\'s group may reach the endpoint\'s on 443, both directions', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { endpoint: DynamoEndpoint.interface({ allowedPeers: [] }) });
    const handler = functionIn(stack, access, false);

    // WHEN
    access.allowFrom(handler);

    // THEN
    const template = synth(stack);
    const functionGroup = groupId(stack, handler.connections.securityGroups[0]);
    const endpointGroup = groupId(stack, access.connections.securityGroups[0]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: endpointGroup, SourceSecurityGroupId: functionGroup, IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: functionGroup, DestinationSecurityGroupId: endpointGroup, IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { AWS_ENDPOINT_URL_DYNAMODB: cfn(stack, access.endpointUrl) } },
    });
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
    const stack = concreteStack(lookupContext());
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess');
    const { service, group } = fargateService(stack, access);

    // WHEN
    access.allowFrom(service);

    // THEN
    const template = synth(stack);
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          AssignPublicIp: 'DISABLED',
          Subnets: subnetRefs(stack, access.vpc.isolatedSubnets),
          SecurityGroups: [groupId(stack, group)],
        },
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupId(stack, group),
      DestinationPrefixListId: PREFIX_LIST_IDS[REGION],
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
  });

  test('gateway+interface mode: egress to the prefix list and to the interface endpoint, ingress on the endpoint', () => {
    // GIVEN
    const stack = concreteStack(lookupContext());
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { endpoint: DynamoEndpoint.gatewayAndInterface({ allowedPeers: [] }) });
    const { service, group } = fargateService(stack, access);

    // WHEN
    access.allowFrom(service);

    // THEN
    const template = synth(stack);
    const serviceGroup = groupId(stack, group);
    const endpointGroup = groupId(stack, access.connections.securityGroups[0]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: serviceGroup, DestinationPrefixListId: PREFIX_LIST_IDS[REGION], FromPort: 443 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: serviceGroup, DestinationSecurityGroupId: endpointGroup, FromPort: 443 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: endpointGroup, SourceSecurityGroupId: serviceGroup, FromPort: 443 });
  });

  test('interface mode: the tasks get AWS_ENDPOINT_URL_DYNAMODB and may reach the endpoint on 443', () => {
    // GIVEN
    const stack = concreteStack(lookupContext());
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { endpoint: DynamoEndpoint.interface({ allowedPeers: [] }) });
    const { service, group } = fargateService(stack, access);

    // WHEN
    access.allowFrom(service);

    // THEN
    const template = synth(stack);
    const serviceGroup = groupId(stack, group);
    const endpointGroup = groupId(stack, access.connections.securityGroups[0]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: endpointGroup, SourceSecurityGroupId: serviceGroup, FromPort: 443, ToPort: 443 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: serviceGroup, DestinationSecurityGroupId: endpointGroup, FromPort: 443, ToPort: 443 });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: [{ Name: 'AWS_ENDPOINT_URL_DYNAMODB', Value: cfn(stack, access.endpointUrl) }] })],
    });
  });
});
