import { App, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ConnectivityCheck, DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { access, ANY_FINDING, expectNoFinding, finding, findings, fn, LOOKUP_CONTEXT, newStack, table } from './support/connectivity';
import { twoGroupVpc } from './support/fixtures';

/*
 * The connectivity check on clients other than a Lambda function of the access's stack: ECS services, EC2
 * instances, auto-scaling groups, any construct with connections, and clients in another stack.
 */

describe('other client kinds', () => {
  function fargateService(
    stack: Stack, dynamoAccess: PrivateDynamoAccess, environment: Record<string, string>, subnets?: ec2.SubnetSelection,
  ): ecs.FargateService {
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: dynamoAccess.vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    // an image of the account's ECR, and the endpoints its tasks need to start (a public image cannot start in isolated subnets)
    taskDefinition.addContainer('App', { image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'app')), environment });
    table(stack).grantReadWriteData(taskDefinition.taskRole);
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, vpcSubnets: subnets ?? { subnets: dynamoAccess.subnets } });
    dynamoAccess.addEndpointsFor(service);
    return service;
  }

  test('an ECS Fargate service in interface mode without clientEnvironment: an error on the service', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack), { endpoint: DynamoEndpoint.interface() });

    // WHEN
    dynamoAccess.allowFrom(fargateService(stack, dynamoAccess, { TABLE_NAME: 'table' }));

    // THEN
    findings(stack).hasError('/Stack/Service/Service', finding(ConnectivityCheck.NO_ENDPOINT_CONFIGURATION, '^ecs service Stack/Service cannot reach DynamoDB'));
  });

  test('an ECS Fargate service in interface mode, fixed: clientEnvironment in the container, no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack), { endpoint: DynamoEndpoint.interface() });

    // WHEN
    dynamoAccess.allowFrom(fargateService(stack, dynamoAccess, dynamoAccess.clientEnvironment));

    // THEN
    expectNoFinding(stack);
  });

  test('an ECS Fargate service in gateway mode in a subnet the endpoint does not serve: an error', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));

    // WHEN
    fargateService(stack, dynamoAccess, {}, { subnetGroupName: 'Other' });

    // THEN
    findings(stack).hasError('/Stack/Service/Service', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE, '^ecs service Stack/Service cannot reach DynamoDB'));
  });

  test('an EC2 instance in interface mode: its configuration cannot be read, so a warning; user data that sets it: no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack), { endpoint: DynamoEndpoint.interface() });
    const instance = (id: string) => {
      const created = new ec2.Instance(stack, id, {
        vpc: dynamoAccess.vpc,
        vpcSubnets: { subnets: dynamoAccess.subnets },
        instanceType: new ec2.InstanceType('t4g.micro'),
        machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      });
      table(stack).grantReadData(created);
      return created;
    };

    // WHEN
    instance('Unconfigured');
    instance('Configured').userData.addCommands(`echo "AWS_ENDPOINT_URL_DYNAMODB=${dynamoAccess.endpointUrl}" >> /etc/environment`);

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Unconfigured/Resource', finding(ConnectivityCheck.NO_ENDPOINT_CONFIGURATION,
      '^ec2 instance Stack/Unconfigured may not reach DynamoDB: whether it calls the interface endpoint instead of DynamoDB\'s public name is not known at synth ' +
      '\\(the check reads only its user data, which does not mention it\\)'));
    annotations.hasNoWarning('/Stack/Configured/Resource', ANY_FINDING);
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('an auto-scaling group in gateway mode in a subnet the endpoint does not serve: an error; in the access subnets: no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));
    const group = (id: string, vpcSubnets: ec2.SubnetSelection) => table(stack).grantReadData(new autoscaling.AutoScalingGroup(stack, id, {
      vpc: dynamoAccess.vpc,
      vpcSubnets,
      instanceType: new ec2.InstanceType('t4g.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
    }));

    // WHEN
    group('Elsewhere', { subnetGroupName: 'Other' });
    group('Served', { subnets: dynamoAccess.subnets });

    // THEN
    const annotations = findings(stack);
    annotations.hasError('/Stack/Elsewhere/ASG', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE, '^auto scaling group Stack/Elsewhere cannot reach DynamoDB'));
    annotations.hasNoError('/Stack/Served/ASG', ANY_FINDING);
  });

  test('another construct with connections placed in the VPC (a CodeBuild project): an error', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));

    // WHEN
    const project = new codebuild.Project(stack, 'Project', {
      vpc: dynamoAccess.vpc,
      subnetSelection: { subnetGroupName: 'Other' },
      buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['true'] } } }),
    });
    table(stack).grantReadData(project);

    // THEN
    findings(stack).hasError('/Stack/Project/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE, '^client \\(aws-cdk-lib.aws_codebuild.Project\\) Stack/Project cannot reach DynamoDB'));
  });
});

describe('a client in another stack of the same environment', () => {
  function twoStacks(): { network: Stack; service: Stack; dynamoAccess: PrivateDynamoAccess } {
    const app = new App({ context: LOOKUP_CONTEXT });
    const network = newStack('Network', app);
    const dynamoAccess = access(network, twoGroupVpc(network));
    return { network, service: newStack('Service', app), dynamoAccess };
  }

  test('in a subnet the gateway endpoint does not serve: an error in the client\'s stack', () => {
    // GIVEN
    const { network, service, dynamoAccess } = twoStacks();

    // WHEN
    const handler = fn(service, { vpc: dynamoAccess.vpc, vpcSubnets: { subnetGroupName: 'Other' } });
    table(service).grantReadData(handler);

    // THEN
    findings(service).hasError('/Service/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE,
      '^lambda function Service/Fn cannot reach DynamoDB: subnets Network/Vpc/OtherSubnet1, Network/Vpc/OtherSubnet2 have no route'));
    expectNoFinding(network);
  });

  test('fixed: in the access subnets, no finding in either stack', () => {
    // GIVEN
    const { network, service, dynamoAccess } = twoStacks();

    // WHEN
    const handler = fn(service, { vpc: dynamoAccess.vpc, vpcSubnets: { subnets: dynamoAccess.subnets } });
    table(service).grantReadData(handler);
    dynamoAccess.allowFrom(handler);

    // THEN
    expectNoFinding(service);
    expectNoFinding(network);
  });

  test('interface mode with allowFrom and clientEnvironment: no finding in either stack', () => {
    // GIVEN
    const app = new App({ context: LOOKUP_CONTEXT });
    const network = newStack('Network', app);
    const dynamoAccess = access(network, twoGroupVpc(network), { endpoint: DynamoEndpoint.interface({ allowedPeers: [] }) });
    const service = newStack('Service', app);

    // WHEN
    const handler = fn(service, {
      vpc: dynamoAccess.vpc,
      vpcSubnets: { subnets: dynamoAccess.subnets },
      allowAllOutbound: false,
      environment: dynamoAccess.clientEnvironment,
    });
    table(service).grantReadData(handler);
    dynamoAccess.allowFrom(handler);

    // THEN
    expectNoFinding(service);
    expectNoFinding(network);
  });
});
