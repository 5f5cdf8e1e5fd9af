import { App, ContextProvider, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';
import { ENV } from './fixtures';

/*
 * Fixtures for ECS workloads in a PrivateDynamoAccess VPC: services and task definitions as a user writes
 * them with aws-cdk-lib, the context of S3's prefix-list lookup, and readers of the endpoints in a template.
 */

/** S3's prefix-list id that the lookup context answers in eu-west-1. */
export const S3_PREFIX_LIST_ID = 'pl-6da54005';

type Env = { account: string; region: string };

/** What `cdk synth` caches after looking up S3's prefix list in `env` (as `addEndpointsFor` does for clients that restrict egress). */
export function s3PrefixListContext(env: Env = ENV): Record<string, unknown> {
  const key = ContextProvider.getKey(new Stack(new App(), 'Probe', { env }), {
    provider: cxschema.ContextProvider.CC_API_PROVIDER,
    props: {
      typeName: 'AWS::EC2::PrefixList',
      propertyMatch: { PrefixListName: `com.amazonaws.${env.region}.s3` },
      propertiesToReturn: ['PrefixListId'],
      expectedMatchCount: 'exactly-one',
    },
  }).key;
  return { [key]: [{ PrefixListId: S3_PREFIX_LIST_ID }] };
}

/** A private ECR repository of the account (imported by name, as most apps have it). */
export function accountRepository(scope: Stack, id = 'Repo'): ecr.IRepository {
  return (scope.node.tryFindChild(id) as ecr.IRepository | undefined) ?? ecr.Repository.fromRepositoryName(scope, id, 'app');
}

export interface ServiceOptions {
  readonly id?: string;
  readonly subnets?: ec2.SubnetSelection;
  readonly image?: ecs.ContainerImage;
  readonly logging?: ecs.LogDriver;
  readonly secrets?: { [name: string]: ecs.Secret };
  readonly securityGroups?: ec2.ISecurityGroup[];
  readonly cluster?: ecs.ICluster;
  readonly environmentFiles?: ecs.EnvironmentFile[];
  /**
   * Whether its task role is granted a DynamoDB table, so that the access serves it (its findings are errors);
   * false for an ECS service that has nothing to do with DynamoDB.
   * @default true
   */
  readonly dynamoClient?: boolean;
}

/** Grants the task role items of a table of the stack's account and region: the service is a DynamoDB client. */
export function grantTable(taskDefinition: ecs.TaskDefinition): void {
  taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    resources: [Stack.of(taskDefinition).formatArn({ service: 'dynamodb', resource: 'table', resourceName: 'Orders' })],
  }));
}

/** A Fargate service with one container (an image of the account's ECR, `awslogs` unless said otherwise) in the VPC, granted a table. */
export function fargateService(stack: Stack, vpc: ec2.IVpc, options: ServiceOptions = {}): ecs.FargateService {
  const id = options.id ?? 'Service';
  const cluster = options.cluster ?? (stack.node.tryFindChild('Cluster') as ecs.Cluster | undefined) ?? new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, `${id}Task`);
  taskDefinition.addContainer('App', {
    image: options.image ?? ecs.ContainerImage.fromEcrRepository(accountRepository(stack)),
    logging: options.logging === undefined ? ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) : options.logging,
    secrets: options.secrets,
    environmentFiles: options.environmentFiles,
  });
  if (options.dynamoClient ?? true) {
    grantTable(taskDefinition);
  }
  return new ecs.FargateService(stack, id, {
    cluster, taskDefinition, vpcSubnets: options.subnets, securityGroups: options.securityGroups, minHealthyPercent: 100,
  });
}

/** The short service names (`ecr.api`, `s3`, ...) of the template's VPC endpoints, with their type, sorted. */
export function endpointServices(template: Template): string[] {
  return Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint'))
    .map((resource) => `${resource.Properties.VpcEndpointType} ${serviceOf(resource.Properties.ServiceName)}`)
    .sort();
}

/** The properties of the template's endpoints of a service (`ecr.api`, `s3`, ...). */
export function endpointsOf(template: Template, service: string): any[] {
  return Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint'))
    .filter((resource) => serviceOf(resource.Properties.ServiceName) === service)
    .map((resource) => resource.Properties);
}

/** `ecr.api` of `com.amazonaws.<region>.ecr.api`, written as a literal, as aws-cdk-lib's `Fn::Join`, or as a hand-written `Fn::Sub`. */
function serviceOf(name: any): string {
  const text: string = typeof name === 'string' ? name
    : name['Fn::Sub'] !== undefined ? String(name['Fn::Sub']).replace(/\$\{[^}]*\}/g, 'REGION')
      : name['Fn::Join'][1].map((part: any) => (typeof part === 'string' ? part : 'REGION')).join('');
  return text.split('.').slice(3).join('.');
}

/** Context that makes auto-scaling groups use a launch template (a launch configuration is deprecated: cfn-lint W3697). */
export const LAUNCH_TEMPLATES = { '@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig': true };

/**
 * EC2 capacity for a cluster: an auto-scaling group of ECS-optimized instances in `subnets`, registered
 * with the cluster through a capacity provider (which writes `ECS_CLUSTER=<name>` into their user data).
 */
export function ec2Capacity(stack: Stack, cluster: ecs.Cluster, subnets: ec2.SubnetSelection): autoscaling.AutoScalingGroup {
  const group = new autoscaling.AutoScalingGroup(stack, 'Instances', {
    vpc: cluster.vpc,
    vpcSubnets: subnets,
    instanceType: new ec2.InstanceType('t3.small'),
    machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
    minCapacity: 1,
    maxCapacity: 1,
  });
  cluster.addAsgCapacityProvider(new ecs.AsgCapacityProvider(stack, 'Capacity', { autoScalingGroup: group }));
  return group;
}

/** An EC2-launch-type service with one container of the account's ECR, logging with `awslogs`. */
export function ec2Service(stack: Stack, cluster: ecs.ICluster, id = 'Service'): ecs.Ec2Service {
  const taskDefinition = new ecs.Ec2TaskDefinition(stack, `${id}Task`);
  taskDefinition.addContainer('App', {
    image: ecs.ContainerImage.fromEcrRepository(accountRepository(stack)), memoryLimitMiB: 256, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
  });
  grantTable(taskDefinition);
  return new ecs.Ec2Service(stack, id, { cluster, taskDefinition, minHealthyPercent: 100 });
}
