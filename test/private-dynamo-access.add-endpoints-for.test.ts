import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import {
  accountRepository, ec2Capacity, ec2Service, endpointServices, endpointsOf, fargateService, LAUNCH_TEMPLATES, s3PrefixListContext, S3_PREFIX_LIST_ID,
} from './support/ecs-workloads';
import { ACCOUNT, azContext, cfn, concreteStack, ENV, envAgnosticStack, REGION, twoGroupVpc } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';
import { groupId, routeTableRefs, subnetRefs } from './support/templates';

/* `addEndpointsFor`: the endpoints ECS tasks need to start in subnets without a route out, once per VPC. */

/** Every template synthesized here is linted with cfn-lint (and checked for cycles) after the tests of this file. */
const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

const FARGATE_ECR_AWSLOGS = ['Gateway dynamodb', 'Gateway s3', 'Interface ecr.api', 'Interface ecr.dkr', 'Interface logs'];

describe('a Fargate service with an image from ECR and the awslogs driver', () => {
  test('gets ECR (API and registry), S3 on its route tables and CloudWatch Logs, each with private DNS, one network interface per zone', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const service = fargateService(stack, access.vpc, { subnets: { subnets: access.subnets } });

    // WHEN
    access.addEndpointsFor(service);

    // THEN
    const template = synth(stack);
    expect(endpointServices(template)).toEqual(FARGATE_ECR_AWSLOGS);
    const group = access.node.findChild('WorkloadEndpointSecurityGroup') as ec2.SecurityGroup;
    for (const name of ['ecr.api', 'ecr.dkr', 'logs']) {
      expect(endpointsOf(template, name)[0]).toMatchObject({
        PrivateDnsEnabled: true,
        SubnetIds: subnetRefs(stack, access.subnets),
        SecurityGroupIds: [groupId(stack, group)],
        VpcId: cfn(stack, access.vpc.vpcId),
      });
    }
    expect(endpointsOf(template, 's3')[0].RouteTableIds).toEqual(routeTableRefs(stack, access.subnets));
    // the interface endpoints' group admits TCP 443 from the VPC, and sends nothing
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Interface endpoints that ECS tasks need to start'),
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16' /* the new VPC's block, as a literal */, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: 'HTTPS from the VPC' }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  test('the endpoints are children of the construct, with the ids the README lists', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc, {
      secrets: {
        TOKEN: ecs.Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'Token')),
        FLAG: ecs.Secret.fromSsmParameter(new ssm.StringParameter(stack, 'Flag', { stringValue: 'on' })),
      },
    }));

    // THEN
    const ids = access.node.children.map((child) => child.node.id).filter((id) => !['Vpc', 'GatewayEndpoint'].includes(id));
    expect(ids.sort()).toEqual(['EcrApiEndpoint', 'EcrDockerEndpoint', 'LogsEndpoint', 'S3GatewayEndpoint', 'SecretsManagerEndpoint', 'SsmEndpoint',
      'WorkloadEndpointSecurityGroup'].sort());
    synth(stack);
  });

  test('secrets from Secrets Manager and Parameter Store add secretsmanager and ssm, and only with secrets', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const secret = new secretsmanager.Secret(stack, 'Secret');

    // WHEN one service reads a secret, the other does not
    access.addEndpointsFor(fargateService(stack, access.vpc, { id: 'WithSecret', secrets: { PASSWORD: ecs.Secret.fromSecretsManager(secret, 'password') } }));

    // THEN
    expect(endpointServices(synth(stack))).toEqual([...FARGATE_ECR_AWSLOGS, 'Interface secretsmanager'].sort());
  });

  test('an image from a public registry needs no ECR endpoint (it cannot be pulled privately: the check reports it)', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc, { image: ecs.ContainerImage.fromRegistry('nginx:1.27'), logging: undefined }));

    // THEN only the log driver's endpoint
    expect(endpointServices(synth(stack))).toEqual(['Gateway dynamodb', 'Interface logs']);
  });
});

describe('the service is unchanged by the call', () => {
  test('containers added after the call are in the template (the task definition is not frozen early)', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const service = fargateService(stack, access.vpc, { subnets: { subnets: access.subnets } });

    // WHEN a container is added after the call
    access.addEndpointsFor(service);
    service.taskDefinition.addContainer('Sidecar', { image: ecs.ContainerImage.fromEcrRepository(accountRepository(stack)) });

    // THEN both containers, and the service's subnets, are in the template
    const template = synth(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ Name: 'App' }), Match.objectLike({ Name: 'Sidecar' })] });
    template.hasResourceProperties('AWS::ECS::Service', { NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ Subnets: subnetRefs(stack, access.subnets) }) } });
  });
});

describe('once per VPC', () => {
  test('two calls and two services: one endpoint of each service', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const first = fargateService(stack, access.vpc, { id: 'First' });
    const second = fargateService(stack, access.vpc, { id: 'Second' });

    // WHEN
    access.addEndpointsFor(first);
    access.addEndpointsFor(first, second);

    // THEN
    expect(endpointServices(synth(stack))).toEqual(FARGATE_ECR_AWSLOGS);
  });

  test('a second PrivateDynamoAccess on the same VPC uses the endpoints of the first, and adds its subnets\' route tables to S3\'s', () => {
    // GIVEN one access for "App", one for "Other", a service in each
    const stack = envAgnosticStack();
    const vpc = twoGroupVpc(stack);
    const app = new PrivateDynamoAccess(stack, 'AppAccess', { vpc, subnets: { subnetGroupName: 'App' } });
    const other = new PrivateDynamoAccess(stack, 'OtherAccess', { vpc, subnets: { subnetGroupName: 'Other' } });

    // WHEN
    app.addEndpointsFor(fargateService(stack, vpc, { id: 'AppService', subnets: { subnets: app.subnets } }));
    other.addEndpointsFor(fargateService(stack, vpc, { id: 'OtherService', subnets: { subnets: other.subnets } }));

    // THEN
    const template = synth(stack);
    expect(endpointServices(template)).toEqual(['Gateway dynamodb', 'Gateway dynamodb', 'Gateway s3', 'Interface ecr.api', 'Interface ecr.dkr', 'Interface logs']);
    expect(other.node.tryFindChild('EcrApiEndpoint')).toBeUndefined();
    expect(endpointsOf(template, 's3')[0].RouteTableIds).toEqual(routeTableRefs(stack, [...app.subnets, ...other.subnets]));
  });

  test('an endpoint the user added with vpc.addInterfaceEndpoint / addGatewayEndpoint before the call is used, not duplicated', () => {
    // GIVEN the user's ECR API endpoint (private DNS on, aws-cdk-lib's default) and S3 gateway endpoint
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    access.vpc.addInterfaceEndpoint('Ecr', { service: ec2.InterfaceVpcEndpointAwsService.ECR });
    access.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc));

    // THEN
    const template = synth(stack);
    expect(endpointServices(template)).toEqual(FARGATE_ECR_AWSLOGS);
    expect(access.node.tryFindChild('EcrApiEndpoint')).toBeUndefined();
    expect(access.node.tryFindChild('S3GatewayEndpoint')).toBeUndefined();
  });

  test('an endpoint written as a CloudFormation resource with a hand-written Fn::Sub service name is recognized too', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    new ec2.CfnVPCEndpoint(stack, 'HandWritten', {
      vpcId: access.vpc.vpcId,
      serviceName: Fn.sub('com.amazonaws.${AWS::Region}.logs'), // eslint-disable-line no-template-curly-in-string
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      subnetIds: access.subnets.map((subnet) => subnet.subnetId),
    });

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc));

    // THEN
    expect(access.node.tryFindChild('LogsEndpoint')).toBeUndefined();
  });

  test('an endpoint of a template included with CfnInclude is recognized too', () => {
    // GIVEN a hand-written template with an ECR Docker endpoint, included with the VPC passed as a parameter
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const dir = mkdtempSync(join(tmpdir(), 'cfn-include-'));
    writeFileSync(join(dir, 'endpoints.json'), JSON.stringify({
      Parameters: { VpcId: { Type: 'String' }, SubnetA: { Type: 'String' }, SubnetB: { Type: 'String' } },
      Resources: {
        EcrDocker: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: {
            VpcId: { Ref: 'VpcId' },
            ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.ecr.dkr' }, // eslint-disable-line no-template-curly-in-string
            VpcEndpointType: 'Interface',
            PrivateDnsEnabled: true,
            SubnetIds: [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }],
          },
        },
      },
    }));
    new CfnInclude(stack, 'Included', {
      templateFile: join(dir, 'endpoints.json'),
      parameters: { VpcId: access.vpc.vpcId, SubnetA: access.subnets[0].subnetId, SubnetB: access.subnets[1].subnetId },
    });
    rmSync(dir, { recursive: true, force: true });

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc));

    // THEN its endpoint is used: one ecr.dkr endpoint, none under the construct
    expect(access.node.tryFindChild('EcrDockerEndpoint')).toBeUndefined();
    expect(endpointsOf(synth(stack), 'ecr.dkr')).toHaveLength(1);
  });

  test('an interface endpoint with private DNS off does not serve the tasks: one with private DNS is created beside it', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    access.vpc.addInterfaceEndpoint('Logs', { service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, privateDnsEnabled: false });

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc));

    // THEN
    const logs = endpointsOf(synth(stack), 'logs');
    expect(logs.map((endpoint) => endpoint.PrivateDnsEnabled).sort()).toEqual([false, true]);
  });

  test('an interface endpoint with private DNS added after the call fails the synth, naming both and the fix', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    access.addEndpointsFor(fargateService(stack, access.vpc));

    // WHEN the user adds their own afterwards
    access.vpc.addInterfaceEndpoint('Logs', { service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS });

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/addEndpointsFor: the VPC has the Amazon CloudWatch Logs \(logs\) interface endpoint it created \(Stack\/Access\/LogsEndpoint\) and another one with private DNS \(Stack\/Access\/Vpc\/Logs\/Resource\), and a VPC can have only one with private DNS for a service; add your endpoint before calling addEndpointsFor/);
  });

  test('an S3 gateway endpoint added after the call on the same route tables fails the synth', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    access.addEndpointsFor(fargateService(stack, access.vpc));

    // WHEN
    access.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/addEndpointsFor: route table .* has the S3 gateway endpoint it created \(Stack\/Access\/S3GatewayEndpoint\) and another one \(Stack\/Access\/Vpc\/S3\/Resource\), and a route table can have only one/);
  });
});

describe('who needs what', () => {
  test('a Lambda function granted nothing but DynamoDB needs none of them (the Lambda service pulls its code, ships its logs): nothing is created', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const handler = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => 1;'),
      vpc: access.vpc,
      vpcSubnets: { subnets: access.subnets },
    });

    // WHEN
    access.addEndpointsFor(handler);

    // THEN
    expect(endpointServices(synth(stack))).toEqual(['Gateway dynamodb']);
  });

  test('EC2 container instances in the VPC: the agent\'s ecs, ecs-agent and ecs-telemetry too, and S3 on the instances\' route tables', () => {
    // GIVEN a cluster with capacity in the "Other" subnets, and an EC2 service
    const stack = concreteStack(LAUNCH_TEMPLATES);
    const vpc = twoGroupVpc(stack);
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetGroupName: 'App' } });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    ec2Capacity(stack, cluster, { subnetGroupName: 'Other' });

    // WHEN
    access.addEndpointsFor(ec2Service(stack, cluster));

    // THEN
    const template = synth(stack);
    expect(endpointServices(template)).toEqual([...FARGATE_ECR_AWSLOGS, 'Interface ecs', 'Interface ecs-agent', 'Interface ecs-telemetry'].sort());
    expect(endpointsOf(template, 's3')[0].RouteTableIds).toEqual(routeTableRefs(stack, vpc.selectSubnets({ subnetGroupName: 'Other' }).subnets));
  });

  test('a construct that holds a service (ecs_patterns) counts as its service', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: access.vpc });
    const pattern = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
      cluster,
      publicLoadBalancer: false,
      taskSubnets: { subnets: access.subnets },
      minHealthyPercent: 100,
      taskImageOptions: { image: ecs.ContainerImage.fromEcrRepository(accountRepository(stack)) },
    });

    // WHEN
    access.addEndpointsFor(pattern);

    // THEN
    expect(endpointServices(synth(stack))).toEqual(FARGATE_ECR_AWSLOGS);
  });

  test('a task definition alone (run by EventBridge or Step Functions): its endpoints, S3 on the access subnets\' route tables', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('Job', { image: ecs.ContainerImage.fromEcrRepository(accountRepository(stack)), logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'job' }) });

    // WHEN
    access.addEndpointsFor(taskDefinition);

    // THEN
    const template = synth(stack);
    expect(endpointServices(template)).toEqual(FARGATE_ECR_AWSLOGS);
    expect(endpointsOf(template, 's3')[0].RouteTableIds).toEqual(routeTableRefs(stack, access.subnets));
  });

  test('FireLens to Firehose: the log router\'s own awslogs, its image from ECR, and kinesis-firehose', () => {
    // GIVEN aws-cdk-lib adds the log router (AWS for Fluent Bit, from an AWS account's ECR)
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc, { logging: ecs.LogDrivers.firelens({ options: { Name: 'firehose', region: REGION, delivery_stream: 'logs' } }) }));

    // THEN
    const template = synth(stack);
    expect(endpointServices(template)).toEqual([...FARGATE_ECR_AWSLOGS, 'Interface kinesis-firehose'].sort());
    // the ECR endpoints admit AWS for Fluent Bit's repository, in the AWS account of the region
    expect(JSON.stringify(endpointsOf(template, 'ecr.dkr')[0].PolicyDocument)).toContain(':*:repository/aws-for-fluent-bit');
  });
});

describe('endpoint policies', () => {
  test('an image of another account\'s ECR repository is admitted by name, also when a later call names it', () => {
    // GIVEN
    const stack = concreteStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    access.addEndpointsFor(fargateService(stack, access.vpc, { id: 'Own' }));
    const shared = ecr.Repository.fromRepositoryArn(stack, 'Shared', `arn:aws:ecr:${REGION}:999999999999:repository/base/runtime`);

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc, { id: 'Other', image: ecs.ContainerImage.fromEcrRepository(shared, '1.0') }));

    // THEN both ECR endpoints name it, in a statement that allows only pulling
    const template = synth(stack);
    for (const name of ['ecr.api', 'ecr.dkr']) {
      expect(endpointsOf(template, name)[0].PolicyDocument.Statement).toContainEqual(expect.objectContaining({
        Sid: 'PullFromRepositoriesTheTasksName',
        Resource: cfn(stack, `arn:${stack.partition}:ecr:${REGION}:999999999999:repository/base/runtime`),
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchImportUpstreamImage'],
        Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
      }));
    }
  });

  test('environment files from S3: the S3 endpoint also admits reading objects of the account\'s buckets', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const service = fargateService(stack, access.vpc, { environmentFiles: [ecs.EnvironmentFile.fromBucket(new s3.Bucket(stack, 'Config'), 'app.env')] });

    // WHEN
    access.addEndpointsFor(service);

    // THEN
    expect(endpointsOf(synth(stack), 's3')[0].PolicyDocument.Statement).toContainEqual(expect.objectContaining({
      Sid: 'ReadObjectsOfTheAccountsBuckets',
      Action: ['s3:GetObject', 's3:GetBucketLocation'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' }, 'aws:ResourceAccount': { Ref: 'AWS::AccountId' } } },
    }));
  });

  test('ECS\'s endpoints carry no policy (ECS does not support them); every other endpoint does', () => {
    // GIVEN
    const stack = concreteStack(LAUNCH_TEMPLATES);
    const vpc = twoGroupVpc(stack);
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetGroupName: 'App' } });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    ec2Capacity(stack, cluster, { subnetGroupName: 'App' });

    // WHEN
    access.addEndpointsFor(ec2Service(stack, cluster));

    // THEN
    const template = synth(stack);
    for (const name of ['ecs', 'ecs-agent', 'ecs-telemetry']) {
      expect(endpointsOf(template, name)[0].PolicyDocument).toBeUndefined();
    }
    for (const name of ['ecr.api', 'ecr.dkr', 's3', 'logs']) {
      expect(endpointsOf(template, name)[0].PolicyDocument).toBeDefined();
    }
  });
});

describe('clients that restrict outbound traffic', () => {
  test('get egress on TCP 443 to the endpoints\' security group and to S3\'s prefix list (looked up once)', () => {
    // GIVEN
    const stack = concreteStack(s3PrefixListContext());
    const access = new PrivateDynamoAccess(stack, 'Access');
    const group = new ec2.SecurityGroup(stack, 'TaskGroup', { vpc: access.vpc, allowAllOutbound: false });
    const service = fargateService(stack, access.vpc, { securityGroups: [group] });

    // WHEN
    access.addEndpointsFor(service);
    access.addEndpointsFor(service);

    // THEN
    const template = synth(stack);
    const endpointGroup = access.node.findChild('WorkloadEndpointSecurityGroup') as ec2.SecurityGroup;
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupId(stack, group), DestinationSecurityGroupId: groupId(stack, endpointGroup), IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupId(stack, group), DestinationPrefixListId: S3_PREFIX_LIST_ID, IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 2);
    expect(access.node.findChild('S3PrefixList')).toBeDefined();
  });

  test('in an environment-agnostic stack S3\'s prefix list cannot be looked up: an error naming the client and the fix', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const group = new ec2.SecurityGroup(stack, 'TaskGroup', { vpc: access.vpc, allowAllOutbound: false });

    // WHEN / THEN
    expect(() => access.addEndpointsFor(fargateService(stack, access.vpc, { securityGroups: [group] }))).toThrow(
      /^addEndpointsFor: Stack\/Service restricts outbound traffic, so it needs an egress rule to S3's prefix list \(image layers\), whose id is not known in an environment-agnostic stack; give the stack a concrete env/);
  });

  test('a service in another stack of the environment gets its rules in its own stack, without a cycle', () => {
    // GIVEN the access in a network stack, the service in an application stack
    const app = new App({ context: { ...azContext(), ...s3PrefixListContext() } });
    const network = new Stack(app, 'Network', { env: ENV });
    const application = new Stack(app, 'Application', { env: ENV });
    const access = new PrivateDynamoAccess(network, 'Access');
    const group = new ec2.SecurityGroup(application, 'TaskGroup', { vpc: access.vpc, allowAllOutbound: false });
    const service = fargateService(application, access.vpc, { securityGroups: [group], subnets: { subnets: access.subnets } });

    // WHEN
    access.addEndpointsFor(service);

    // THEN the endpoints are in the network stack, the egress rules in the application stack (cycles are checked after the tests)
    const byStack = templates.synthStage(app);
    expect(Object.values<any>(byStack.Network.Resources).filter((resource) => resource.Type === 'AWS::EC2::VPCEndpoint')).toHaveLength(5);
    expect(Object.values<any>(byStack.Application.Resources).filter((resource) => resource.Type === 'AWS::EC2::SecurityGroupEgress')
      .map((resource) => resource.Properties.DestinationPrefixListId ?? resource.Properties.DestinationSecurityGroupId))
      .toEqual([{ 'Fn::ImportValue': expect.stringMatching(/^Network:ExportsOutputFnGetAttAccessWorkloadEndpointSecurityGroup/) }, S3_PREFIX_LIST_ID]);
  });
});

describe('bad input', () => {
  test('fails without a client', () => {
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    expect(() => access.addEndpointsFor()).toThrow(/^addEndpointsFor: no client given; pass the Lambda functions and ECS services/);
  });

  test('fails for a construct that is no Lambda function, ECS service or task definition and holds none', () => {
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    expect(() => access.addEndpointsFor(new s3.Bucket(stack, 'Bucket'))).toThrow(
      /^addEndpointsFor: Stack\/Bucket is not a Lambda function, an ECS service or a task definition, and holds none; pass Lambda functions, ECS services/);
  });

  test('fails for a service of another VPC', () => {
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access');
    const otherVpc = new ec2.Vpc(stack, 'OtherVpc', { natGateways: 0, subnetConfiguration: [{ name: 'I', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    expect(() => access.addEndpointsFor(fargateService(stack, otherVpc))).toThrow(
      /^addEndpointsFor: service Stack\/Service runs in VPC Stack\/OtherVpc, not in VPC Stack\/Access\/Vpc of Stack\/Access; call addEndpointsFor on a PrivateDynamoAccess of the service's VPC/);
  });

  test('fails for an imported VPC without route table ids, which the S3 gateway endpoint needs', () => {
    // GIVEN an imported VPC without route table ids, served by an interface endpoint (which needs none)
    const stack = envAgnosticStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.1.0.0/16', availabilityZones: ['eu-west-1a'], isolatedSubnetIds: ['subnet-0123456789abcdef0'],
    });
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.interface() });

    // WHEN / THEN
    expect(() => access.addEndpointsFor(fargateService(stack, vpc))).toThrow(
      /^addEndpointsFor: subnet subnet-0123456789abcdef0 has no known route table id, so the S3 gateway endpoint that image layers need cannot be attached to it; import the VPC with its route table ids/);
  });
});
