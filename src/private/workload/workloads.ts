import { Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { listOf, resolveIn } from '../cfn-values';

/*
 * Where the tasks of an ECS service start from: Fargate tasks start from their own network interfaces
 * (the service's subnets and security groups, `awsvpc`); tasks on EC2 container instances are started
 * by the instances' ECS agent, which pulls images, ships `awslogs` logs and reads secrets from the
 * instances' network. Internal module, used by `addEndpointsFor` and the connectivity check's ECS rule.
 */

/** Where a service's tasks run. */
export type Launch = 'fargate' | 'instances' | 'external';

/** A service's CloudFormation resource (a child of the service, not its default child). */
export function serviceResourceOf(service: ecs.BaseService): ecs.CfnService | undefined {
  return service.node.children.find((child): child is ecs.CfnService => child instanceof ecs.CfnService);
}

/** An auto-scaling group's CloudFormation resource (a child of the group, not its default child). */
export function groupResourceOf(group: autoscaling.AutoScalingGroup): autoscaling.CfnAutoScalingGroup | undefined {
  return group.node.children.find((child): child is autoscaling.CfnAutoScalingGroup => child instanceof autoscaling.CfnAutoScalingGroup);
}

/** Where a service's tasks run: its launch type, else its capacity providers, else what its task definition is compatible with. */
export function launchOf(service: ecs.BaseService): Launch {
  const resource = serviceResourceOf(service);
  if (resource !== undefined) {
    const stack = Stack.of(resource);
    const launchType = resolveIn(stack, resource.launchType);
    if (launchType === 'FARGATE') {
      return 'fargate';
    }
    if (launchType === 'EC2') {
      return 'instances';
    }
    if (launchType === 'EXTERNAL') {
      return 'external';
    }
    const providers = listOf(resolveIn(stack, resource.capacityProviderStrategy)).map((entry: any) => entry?.capacityProvider);
    if (providers.length > 0) {
      return providers.every((name) => name === 'FARGATE' || name === 'FARGATE_SPOT') ? 'fargate' : 'instances';
    }
  }
  return launchOfTaskDefinition(service.taskDefinition);
}

/** Where the tasks of a task definition run when nothing else says: Fargate only when it is not EC2-compatible. */
export function launchOfTaskDefinition(taskDefinition: ecs.TaskDefinition): Launch {
  if (taskDefinition.isExternalCompatible && !taskDefinition.isEc2Compatible && !taskDefinition.isFargateCompatible) {
    return 'external';
  }
  return taskDefinition.isEc2Compatible ? 'instances' : 'fargate';
}

/**
 * The auto-scaling groups of the app that register their instances with the cluster: those whose user
 * data names it (`ECS_CLUSTER=<name>`, what `cluster.addCapacity` and `addAsgCapacityProvider` write).
 */
export function containerInstancesOf(cluster: ecs.ICluster, constructs: Iterable<IConstruct>): autoscaling.AutoScalingGroup[] {
  const groups: autoscaling.AutoScalingGroup[] = [];
  for (const construct of constructs) {
    if (!(construct instanceof autoscaling.AutoScalingGroup)) {
      continue;
    }
    let userData: string;
    try {
      userData = construct.userData.render();
    } catch {
      continue; // a launch template that the group does not own
    }
    if (userData.includes(cluster.clusterName)) {
      groups.push(construct);
    }
  }
  return groups;
}

/** The subnet ids of an auto-scaling group, resolved in its stack. */
export function instanceSubnetIds(group: autoscaling.AutoScalingGroup): unknown[] {
  const resource = groupResourceOf(group);
  return resource !== undefined ? listOf(resolveIn(Stack.of(resource), resource.vpcZoneIdentifier)) : [];
}
