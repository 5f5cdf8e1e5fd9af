import { App, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { PrivateDynamoAccess } from '../../../src';
import { containerInstancesOf, launchOf, launchOfTaskDefinition } from '../../../src/private/workload/workloads';
import { accountRepository, ec2Capacity, endpointServices } from '../../support/ecs-workloads';
import { LintedTemplates } from '../../support/linted-templates';

/* Where a service's tasks start from: Fargate, EC2 container instances (and which), or outside AWS. */

const templates = new LintedTemplates();

function setup(): { stack: Stack; vpc: ec2.IVpc; cluster: ecs.Cluster; access: PrivateDynamoAccess } {
  const stack = new Stack(new App({ context: { '@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig': true } }), 'Stack');
  const access = new PrivateDynamoAccess(stack, 'Access');
  return { stack, vpc: access.vpc, cluster: new ecs.Cluster(stack, 'Cluster', { vpc: access.vpc }), access };
}

function container(definition: ecs.TaskDefinition): void {
  definition.addContainer('App', { image: ecs.ContainerImage.fromEcrRepository(accountRepository(Stack.of(definition))), memoryLimitMiB: 256 });
}

describe('launchOf', () => {
  test('a Fargate service with FARGATE_SPOT capacity providers runs on Fargate; with an instance capacity provider, on instances', () => {
    // GIVEN
    const { stack, cluster } = setup();
    cluster.enableFargateCapacityProviders();
    const definition = new ecs.FargateTaskDefinition(stack, 'Task');
    container(definition);

    // WHEN
    const spot = new ecs.FargateService(stack, 'Spot', {
      cluster, taskDefinition: definition, capacityProviderStrategies: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], minHealthyPercent: 100,
    });
    const onInstances = new ecs.Ec2Service(stack, 'OnInstances', {
      cluster,
      taskDefinition: (() => { const d = new ecs.Ec2TaskDefinition(stack, 'Ec2Task'); container(d); return d; })(),
      capacityProviderStrategies: [{ capacityProvider: 'my-instances', weight: 1 }],
      minHealthyPercent: 100,
    });

    // THEN
    expect(launchOf(spot)).toBe('fargate');
    expect(launchOf(onInstances)).toBe('instances');
  });

  test('an ECS Anywhere service runs outside AWS: addEndpointsFor adds nothing for it', () => {
    // GIVEN
    const { stack, cluster, access } = setup();
    const definition = new ecs.ExternalTaskDefinition(stack, 'Task');
    container(definition);
    const service = new ecs.ExternalService(stack, 'Service', { cluster, taskDefinition: definition, minHealthyPercent: 100 });

    // WHEN
    access.addEndpointsFor(service);

    // THEN
    expect(launchOf(service)).toBe('external');
    expect(launchOfTaskDefinition(definition)).toBe('external');
    expect(endpointServices(templates.synth(stack))).toEqual(['Gateway dynamodb']);
  });
});

describe('containerInstancesOf', () => {
  test('the auto-scaling groups whose user data registers them with the cluster, not others', () => {
    // GIVEN one group registered with the cluster, one that is not, one with a launch template it does not own
    const { stack, vpc, cluster } = setup();
    const registered = ec2Capacity(stack, cluster, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
    new autoscaling.AutoScalingGroup(stack, 'Other', {
      vpc, instanceType: new ec2.InstanceType('t3.small'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
    });
    new autoscaling.AutoScalingGroup(stack, 'Templated', {
      vpc,
      launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Shared', { launchTemplateId: 'lt-0123456789abcdef0', versionNumber: '1' }),
    });

    // WHEN / THEN
    expect(containerInstancesOf(cluster, stack.node.findAll())).toEqual([registered]);
  });
});
