import { CfnResource, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import { listOf } from '../cfn-values';
import { DYNAMODB_URL_VARIABLE } from '../dynamodb-service';
import { groupResourceOf, serviceResourceOf } from '../workload/workloads';

/*
 * Which constructs are network clients of a VPC (Lambda functions, ECS services, EC2 instances,
 * auto-scaling groups, other constructs with `connections`), where they sit and how they are configured.
 * Part of the connectivity check (./check.ts); the facts of one construct at a time.
 */

/** Clients (or ECS task definitions) acknowledged to point their SDK at the interface endpoint themselves. */
const SELF_CONFIGURED = new WeakSet<IConstruct>();

/** Records that `client` points its SDK at the interface endpoint by itself (`acknowledgeClientConfiguration`). */
export function recordSelfConfiguredClient(client: IConstruct): void {
  SELF_CONFIGURED.add(client);
}

/** Whether the client, or one of its configuration scopes, was acknowledged to configure the endpoint itself. */
export function isSelfConfigured(client: Client): boolean {
  return client.configurationScopes.some((scope) => SELF_CONFIGURED.has(scope));
}

/** A DynamoDB client of the VPC. */
export interface Client {
  readonly construct: IConstruct;
  /** Where findings go: the client's resource, so that an acknowledgement on the client applies. */
  readonly target: IConstruct;
  readonly kind: string;
  readonly role?: iam.IRole;
  readonly securityGroups: ec2.ISecurityGroup[];
  /** The resolved subnet ids it is placed in. */
  readonly subnetIds: unknown[];
  /**
   * The subnet ids are only candidates (values found in the resource's properties): those that are not
   * subnets of the VPC are dropped instead of reported as unknown.
   */
  readonly candidateSubnetIds?: boolean;
  /** Whether it can use an internet gateway route (it has a public IP address). */
  readonly publicIp: boolean;
  /** `AWS_ENDPOINT_URL_DYNAMODB`: set, missing (certainly), or not readable at synth. */
  readonly configuration: 'set' | 'missing' | 'unknown';
  /** The environment variables the check can read (a function's, a service's containers'), resolved. */
  readonly environment?: { readonly [name: string]: unknown };
  /** Whether the client may send IPv6 traffic (a function with `ipv6AllowedForDualStack`). */
  readonly ipv6?: boolean;
  /** Why `configuration` is unknown, when it is. */
  readonly unreadableConfiguration?: string;
  /** Constructs whose `acknowledgeClientConfiguration` counts for this client. */
  readonly configurationScopes: IConstruct[];
}

/** The construct as a potential client, or undefined when it is not one. */
export function describeClient(construct: IConstruct): Client | undefined {
  if (construct instanceof lambda.Function) {
    return describeFunction(construct);
  }
  if (construct instanceof ecs.BaseService) {
    return describeService(construct);
  }
  if (construct instanceof ec2.Instance) {
    const resource = construct.instance;
    const stack = Stack.of(resource);
    const interfaces = stack.resolve(resource.networkInterfaces);
    const subnetIds = [
      stack.resolve(resource.subnetId),
      ...(Array.isArray(interfaces) ? interfaces.map((networkInterface: any) => networkInterface?.subnetId) : []),
    ].filter((subnetId) => subnetId !== undefined);
    return {
      construct,
      target: resource,
      kind: 'ec2 instance',
      role: construct.role,
      securityGroups: construct.connections.securityGroups,
      subnetIds,
      publicIp: true,
      configuration: userDataConfiguration(construct.userData),
      unreadableConfiguration: 'the check reads only its user data, which does not mention it',
      configurationScopes: [construct],
    };
  }
  if (construct instanceof autoscaling.AutoScalingGroup) {
    const resource = groupResourceOf(construct);
    if (resource === undefined) {
      return undefined;
    }
    let userData: ec2.UserData | undefined;
    try {
      userData = construct.userData;
    } catch {
      userData = undefined; // a launch template that the group does not own
    }
    return {
      construct,
      target: resource,
      kind: 'auto scaling group',
      role: construct.role,
      securityGroups: construct.connections.securityGroups,
      subnetIds: listOf(Stack.of(resource).resolve(resource.vpcZoneIdentifier)),
      publicIp: true,
      configuration: userDataConfiguration(userData),
      unreadableConfiguration: 'the check reads only its user data, which does not mention it',
      configurationScopes: [construct],
    };
  }
  return describeOtherConnectable(construct);
}

function describeFunction(fn: lambda.Function): Client | undefined {
  const resource = fn.node.defaultChild;
  if (!fn.isBoundToVpc || !(resource instanceof lambda.CfnFunction)) {
    return undefined;
  }
  const stack = Stack.of(resource);
  const vpcConfig = stack.resolve(resource.vpcConfig);
  const environment = stack.resolve(resource.environment);
  const variables = environment?.variables ?? environment?.Variables ?? {};
  return {
    construct: fn,
    target: resource,
    kind: 'lambda function',
    role: fn.role,
    securityGroups: fn.connections.securityGroups,
    subnetIds: listOf(vpcConfig?.subnetIds),
    publicIp: false, // a function's network interfaces never get a public IP address
    configuration: DYNAMODB_URL_VARIABLE in variables ? 'set' : 'missing',
    environment: variables,
    ipv6: vpcConfig?.ipv6AllowedForDualStack === true,
    configurationScopes: [fn],
  };
}

function describeService(service: ecs.BaseService): Client | undefined {
  const resource = serviceResourceOf(service);
  if (resource === undefined) {
    return undefined;
  }
  const stack = Stack.of(resource);
  const network = stack.resolve(resource.networkConfiguration)?.awsvpcConfiguration;
  if (network === undefined) {
    return undefined; // bridge or host networking: the container instance is the network client
  }
  const taskDefinition = service.taskDefinition;
  return {
    construct: service,
    target: resource,
    kind: 'ecs service',
    role: taskDefinition.taskRole,
    securityGroups: service.connections.securityGroups,
    subnetIds: listOf(network.subnets),
    publicIp: network.assignPublicIp === 'ENABLED',
    configuration: containerConfiguration(taskDefinition),
    environment: containerEnvironment(taskDefinition),
    unreadableConfiguration: 'its containers load environment files, which the check cannot read',
    configurationScopes: [service, taskDefinition],
  };
}

/** Any other construct with `connections` and a role whose own resource names subnets. */
function describeOtherConnectable(construct: IConstruct): Client | undefined {
  if (construct instanceof ec2.SecurityGroup || construct instanceof lambda.FunctionBase || construct instanceof ec2.InterfaceVpcEndpoint) {
    return undefined;
  }
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnResource) || !('connections' in construct)) {
    return undefined;
  }
  let securityGroups: ec2.ISecurityGroup[];
  try {
    const connections = (construct as unknown as ec2.IConnectable).connections;
    securityGroups = connections instanceof ec2.Connections ? connections.securityGroups : [];
  } catch {
    return undefined;
  }
  if (securityGroups.length === 0) {
    return undefined;
  }
  let role: iam.IRole | undefined;
  try {
    const principal = 'grantPrincipal' in construct ? (construct as unknown as iam.IGrantable).grantPrincipal : undefined;
    role = principal !== undefined && 'roleName' in principal && Construct.isConstruct(principal) ? principal as unknown as iam.IRole : undefined;
  } catch {
    role = undefined; // a construct whose principal exists only in some configurations
  }
  return {
    construct,
    target: resource,
    kind: `client (${typeName(construct)})`,
    role,
    securityGroups,
    subnetIds: resourceValues(resource),
    candidateSubnetIds: true,
    publicIp: true,
    configuration: 'unknown',
    unreadableConfiguration: 'it has no environment the check can read',
    configurationScopes: [construct],
  };
}

/** The jsii type name of a construct class (`aws-cdk-lib.aws_codebuild.Project`), else its class name. */
function typeName(construct: IConstruct): string {
  const fqn = (construct.constructor as unknown as Record<symbol, { fqn?: string } | undefined>)[Symbol.for('jsii.rtti')]?.fqn;
  return fqn ?? construct.constructor.name;
}

/**
 * The values of a resource's properties, resolved, as candidates for subnet ids: the walk keeps each
 * string and intrinsic (`{ Ref: … }`) it meets, and the caller keeps those that are subnets of the VPC.
 */
function resourceValues(resource: CfnResource): unknown[] {
  const skipped = new Set(['node', 'stack', 'logicalId', 'cfnOptions', 'cfnResourceType', 'rawOverrides', 'dependsOn', 'tags', 'tagsRaw']);
  const values: unknown[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (typeof value === 'string') {
      values.push(value);
    } else if (Array.isArray(value) && depth < 6) {
      value.forEach((item) => walk(item, depth + 1));
    } else if (value !== null && typeof value === 'object' && depth < 6) {
      if (Object.keys(value).length === 1 && /^(Ref|Fn::)/.test(Object.keys(value)[0])) {
        values.push(value);
      } else {
        Object.values(value).forEach((item) => walk(item, depth + 1));
      }
    }
  };
  const stack = Stack.of(resource);
  // The resource's CloudFormation properties: every generated L1 has this getter, whether it keeps its
  // properties in public fields (older aws-cdk-lib) or behind getters on `_`-prefixed fields (newer).
  const properties = (resource as unknown as { cfnProperties?: Record<string, unknown> }).cfnProperties
    ?? Object.fromEntries(Object.entries(resource));
  for (const [name, value] of Object.entries(properties)) {
    if (name.startsWith('_') || name.startsWith('attr') || skipped.has(name) || value === undefined) {
      continue;
    }
    try {
      walk(stack.resolve(value), 0);
    } catch {
      // a property that does not resolve on its own says nothing about subnets
    }
  }
  return values;
}

/** The task definition's `ContainerDefinitions`, resolved; `undefined` without a task definition resource. */
function resolvedContainers(taskDefinition: ecs.TaskDefinition): any[] | undefined {
  const resource = taskDefinition.node.defaultChild;
  return resource instanceof ecs.CfnTaskDefinition ? listOf(Stack.of(resource).resolve(resource.containerDefinitions)) as any[] : undefined;
}

function containerConfiguration(taskDefinition: ecs.TaskDefinition): 'set' | 'missing' | 'unknown' {
  const containers = resolvedContainers(taskDefinition);
  if (containers === undefined) {
    return 'unknown';
  }
  const named = (entries: unknown) => listOf(entries).some((entry: any) => entry?.name === DYNAMODB_URL_VARIABLE);
  if (containers.some((container) => named(container?.environment) || named(container?.secrets))) {
    return 'set';
  }
  return containers.some((container) => listOf(container?.environmentFiles).length > 0) ? 'unknown' : 'missing';
}

/** The `environment` entries of the task definition's containers, merged (as the check reads them for SDK settings). */
function containerEnvironment(taskDefinition: ecs.TaskDefinition): { [name: string]: unknown } {
  const containers = resolvedContainers(taskDefinition) ?? [];
  return Object.fromEntries(containers.flatMap((container) => listOf(container?.environment) as any[])
    .filter((entry) => typeof entry?.name === 'string').map((entry) => [entry.name, entry.value]));
}

function userDataConfiguration(userData: ec2.UserData | undefined): 'set' | 'unknown' {
  return userData !== undefined && userData.render().includes(DYNAMODB_URL_VARIABLE) ? 'set' : 'unknown';
}
