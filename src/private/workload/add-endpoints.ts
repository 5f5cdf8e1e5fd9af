import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import { addForeignRepositories, addS3RouteTables, allowAccountObjects, Caller, createInterfaceEndpoint, ensureSecurityGroup, ensureStartupStatements, openEgress } from './endpoint-building';
import { RuntimeClient, VpcWorkloadEndpoints, workloadEndpointsFor } from './registry';
import { declareService, functionSubnets, refreshRuntimeStatements, runtimeClientsOf, runtimeEndpointNeeds } from './runtime-endpoints';
import { workloadServices } from './services';
import { taskNeeds } from './task-needs';
import { EndpointFact, endpointsOfVpc, interfaceEndpointsFor } from './vpc-endpoints';
import { containerInstancesOf, instanceSubnetIds, launchOf, launchOfTaskDefinition } from './workloads';
import { allEndpointServices, EndpointService, endpointService } from '../catalogue/service-catalogue';
import { key, listOf, resolveIn } from '../cfn-values';
import { Grants } from '../connectivity/grants';
import { ServiceSideFacts } from '../connectivity/service-side';
import { propError } from '../errors';
import { closestName } from '../suggest';
import { isSameVpc, subnetsOfVpc } from '../vpc-facts';

/*
 * `PrivateDynamoAccess.addEndpointsFor(...clients)`: the endpoints that ECS tasks need to start in
 * subnets without a route out, derived from the clients' task definitions, each created once per VPC
 * (whichever access or call asks) and never beside one the VPC already has. Internal module.
 *
 * Containers added to a task definition after the call are not seen here (constructs cannot be added
 * while CDK renders the template); the connectivity check reports what they miss, with this call as
 * the fix. What the endpoints admit (route tables, repositories of other accounts) grows with each call.
 */

/** What `addEndpointsFor` needs to know of the access that is asked. */
export interface WorkloadAccess {
  readonly construct: Construct;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.ISubnet[];
  /** The organization whose principals the runtime endpoints' policies admit (else the account's). */
  readonly principalOrgId?: string;
}

/** A client's tasks: their definition, where they start from, and with which security groups. */
interface Workload extends Caller {
  readonly taskDefinition: ecs.TaskDefinition;
  readonly onInstances: boolean;
}

/**
 * Adds the endpoints the clients need, once per VPC: what their ECS tasks need to start, and what Lambda
 * functions and ECS task roles call at run time. Returns the clients the connectivity check judges for it.
 */
export function addWorkloadEndpoints(access: WorkloadAccess, clients: IConstruct[]): IConstruct[] {
  if (clients.length === 0) {
    throw propError('addEndpointsFor', 'no client given', 'pass the Lambda functions and ECS services (or their task definitions, or constructs that hold them) that run in the VPC');
  }
  const workloads = clients.flatMap((client) => workloadsOf(access, client));
  const record = workloadEndpointsFor(access.construct, access.vpc, access.subnets, access.principalOrgId);
  const existing = endpointsOfVpc(access.construct.node.root.node.findAll(), access.vpc, Stack.of(access.construct))
    .filter((endpoint) => ![...record.created.values()].some((created) => created.node.defaultChild === endpoint.resource));
  for (const workload of workloads) {
    const { needs, foreignRepositories, objects } = taskNeeds(workload.taskDefinition, workload.onInstances);
    const services = workloadServices().filter((service) => needs.some((need) => need.service === service.name));
    const reached: ec2.ISecurityGroup[][] = [];
    for (const service of services) {
      if (service.type === 'Gateway') {
        addS3RouteTables(record, existing, workload.subnets, 'start');
        continue;
      }
      const theirs = interfaceEndpointsFor(existing, service.name).filter((endpoint) => endpoint.privateDns !== 'no');
      reached.push(theirs.length > 0 ? theirGroups(theirs) : [ensureSecurityGroup(record, workload)]);
      if (theirs.length === 0 && !record.created.has(service.name)) {
        createInterfaceEndpoint(record, service.name, 'start');
      }
      ensureStartupStatements(record, service.name);
    }
    addForeignRepositories(record, foreignRepositories);
    objects.forEach((kind) => allowAccountObjects(record, kind));
    openEgress(record, workload, reached, services.some((service) => service.type === 'Gateway'));
  }
  const runtime = runtimeClientsOf(clients);
  if (runtime.length > 0) {
    addRuntimeEndpoints(access, record, existing, runtime);
  }
  return [...workloads.map((workload) => workload.construct), ...runtime.map((client) => client.construct)];
}

/**
 * `addEndpointsForServices`: endpoints for services that no grant of the app shows, each admitting the
 * account's (or organization's) principals on any resource of the service. Once per VPC, like the others.
 */
export function addServiceEndpoints(access: WorkloadAccess, names: string[]): void {
  if (names.length === 0) {
    throw propError('addEndpointsForServices', 'no service given', "name the endpoint services, e.g. addEndpointsForServices('kms', 'sts')");
  }
  const services = names.map((name) => serviceNamed(name));
  const record = workloadEndpointsFor(access.construct, access.vpc, access.subnets, access.principalOrgId);
  const existing = endpointsOfVpc(access.construct.node.root.node.findAll(), access.vpc, Stack.of(access.construct))
    .filter((endpoint) => ![...record.created.values()].some((created) => created.node.defaultChild === endpoint.resource));
  const caller: Caller = { construct: access.construct, purpose: 'runtime', securityGroups: [], subnets: access.subnets };
  for (const service of services) {
    const theirs = interfaceEndpointsFor(existing, service.name).filter((endpoint) => endpoint.privateDns !== 'no');
    if (service.name === 's3' && theirs.length === 0) {
      addS3RouteTables(record, existing, access.subnets, 'runtime');
    } else if (theirs.length === 0 && !record.created.has(service.name)) {
      ensureSecurityGroup(record, caller);
      createInterfaceEndpoint(record, service.name, 'runtime');
    }
    declareService(record, service.name);
  }
}

/** The catalogue's endpoint service of a name given to `addEndpointsForServices`, or an error naming the value and the fix. */
function serviceNamed(name: string): EndpointService {
  const service = endpointService(name);
  if (name === 'dynamodb' || name === 'dynamodb-streams') {
    throw propError('addEndpointsForServices', `"${name}" is DynamoDB's own endpoint`,
      'choose it with the endpoint prop (DynamoEndpoint.gateway(), .interface({ streams: true }), .gatewayAndInterface())');
  }
  if (service === undefined || !(service.interface || service.gateway)) {
    const suggestion = closestName(name, allEndpointServices().map((candidate) => candidate.name));
    throw propError('addEndpointsForServices', `"${name}" is not an endpoint service the library knows`,
      `${suggestion !== undefined ? `did you mean "${suggestion}"? ` : ''}give the part of the service name after com.amazonaws.<region>. (\'sqs\', \'kms\', \'bedrock-runtime\'), ` +
      'or add an endpoint for it yourself with vpc.addInterfaceEndpoint');
  }
  return service;
}

/** The endpoints that Lambda functions and ECS task roles call at run time, with statements that admit what they are granted. */
function addRuntimeEndpoints(access: WorkloadAccess, record: VpcWorkloadEndpoints, existing: EndpointFact[], clients: RuntimeClient[]): void {
  // What the clients are granted is read from their stacks and their roles' (where a role's policies and a
  // function's event source mappings live), not the whole app: a call per client stays linear in the app.
  const stacks = new Set(clients.flatMap((client) => [Stack.of(client.construct), Stack.of(client.role)]));
  const near = [...stacks].flatMap((stack) => stack.node.findAll());
  const grants = new Grants(near);
  const facts = new ServiceSideFacts(near);
  for (const client of clients) {
    record.runtimeClients.push(client);
    const caller = callerOf(access, client);
    const reached: ec2.ISecurityGroup[][] = [];
    let s3 = false;
    for (const need of runtimeEndpointNeeds(client, grants, facts)) {
      const theirs = interfaceEndpointsFor(existing, need.service).filter((endpoint) => endpoint.privateDns !== 'no');
      if (need.service === 's3' && theirs.length === 0) {
        addS3RouteTables(record, existing, caller.subnets, 'runtime');
        s3 = true;
        continue;
      }
      reached.push(theirs.length > 0 ? theirGroups(theirs) : [ensureSecurityGroup(record, caller)]);
      if (theirs.length === 0 && !record.created.has(need.service)) {
        createInterfaceEndpoint(record, need.service, 'runtime');
      }
    }
    openEgress(record, caller, reached, s3);
  }
  refreshRuntimeStatements(record, grants, facts, clients);
}

/** Where a runtime client's calls come from: a function's subnets and groups, a service's, or the access's subnets for a task definition. */
function callerOf(access: WorkloadAccess, client: RuntimeClient): Caller {
  const construct = client.construct;
  if (construct instanceof lambda.Function) {
    const subnets = functionSubnets(construct, (stack, ids) => vpcSubnetsNamed(access.vpc, stack, ids));
    return { construct, purpose: 'runtime', securityGroups: construct.connections.securityGroups, subnets: subnets.length > 0 ? subnets : access.subnets };
  }
  if (construct instanceof ecs.BaseService) {
    const workload = serviceWorkloads(access, construct)[0];
    return { construct, purpose: 'runtime', securityGroups: workload?.securityGroups ?? [], subnets: workload?.subnets ?? access.subnets };
  }
  return { construct, purpose: 'runtime', securityGroups: [], subnets: access.subnets };
}

/** The tasks of a client: a service, a task definition, or the ones a construct holds (an ecs_patterns service). */
function workloadsOf(access: WorkloadAccess, client: IConstruct): Workload[] {
  if (client instanceof lambda.Function) {
    return []; // the Lambda service pulls the code and ships the logs: a function needs endpoints only for what it calls
  }
  const services = client instanceof ecs.BaseService ? [client]
    : client.node.findAll().filter((c): c is ecs.BaseService => c instanceof ecs.BaseService);
  const served = new Set(services.map((service) => service.taskDefinition));
  const definitions = (client instanceof ecs.TaskDefinition ? [client] : client.node.findAll())
    .filter((c): c is ecs.TaskDefinition => c instanceof ecs.TaskDefinition && !served.has(c));
  if (services.length === 0 && definitions.length === 0) {
    throw propError('addEndpointsFor', `${client.node.path} is not a Lambda function, an ECS service or a task definition, and holds none`,
      'pass Lambda functions, ECS services, their task definitions, or constructs that hold them (an ecs_patterns service)');
  }
  return [
    ...services.flatMap((service) => serviceWorkloads(access, service)),
    ...definitions.filter((definition) => launchOfTaskDefinition(definition) !== 'external').map((definition): Workload => ({
      construct: definition, purpose: 'start', taskDefinition: definition, onInstances: launchOfTaskDefinition(definition) === 'instances', securityGroups: [], subnets: access.subnets,
    })),
  ];
}

function serviceWorkloads(access: WorkloadAccess, service: ecs.BaseService): Workload[] {
  const vpc = service.cluster.vpc;
  if (!isSameVpc(vpc, access.vpc)) {
    throw propError('addEndpointsFor', `service ${service.node.path} runs in VPC ${vpc.node.path}, not in VPC ${access.vpc.node.path} of ${access.construct.node.path}`,
      'call addEndpointsFor on a PrivateDynamoAccess of the service\'s VPC');
  }
  const launch = launchOf(service);
  if (launch === 'external') {
    return []; // ECS Anywhere: the tasks run outside the VPC
  }
  if (launch === 'fargate') {
    // The service's own (protected) network configuration: the resource's is a cached Lazy, which resolving
    // now, before the app is complete, would freeze.
    const network = (service as unknown as { networkConfiguration?: ecs.CfnService.NetworkConfigurationProperty }).networkConfiguration as any;
    const named = vpcSubnetsNamed(access.vpc, Stack.of(service), listOf(resolveIn(Stack.of(service), network?.awsvpcConfiguration?.subnets)));
    const subnets = named.length > 0 ? named : access.subnets; // subnets the VPC does not list: the access's, as for a task definition
    const securityGroups = service.connections.securityGroups;
    return [{ construct: service, purpose: 'start', taskDefinition: service.taskDefinition, onInstances: false, securityGroups, subnets }];
  }
  // On EC2 container instances the agent starts the tasks from the instances' network.
  const instances = containerInstancesOf(service.cluster, service.node.root.node.findAll());
  const subnets = instances.flatMap((group) => vpcSubnetsNamed(access.vpc, Stack.of(group), instanceSubnetIds(group)));
  return [{
    construct: service,
    purpose: 'start',
    taskDefinition: service.taskDefinition,
    onInstances: true,
    securityGroups: instances.flatMap((group) => group.connections.securityGroups),
    subnets: subnets.length > 0 ? subnets : access.subnets,
  }];
}

/** The subnets of the VPC whose ids (resolved in `stack`) are listed. */
function vpcSubnetsNamed(vpc: ec2.IVpc, stack: Stack, ids: unknown[]): ec2.ISubnet[] {
  const wanted = new Set(ids.map(key));
  return subnetsOfVpc(vpc).map(({ subnet }) => subnet).filter((subnet) => {
    const id = resolveIn(stack, subnet.subnetId);
    return id !== undefined && wanted.has(key(id));
  });
}

function theirGroups(endpoints: EndpointFact[]): ec2.ISecurityGroup[] {
  return endpoints.flatMap((endpoint) => endpoint.securityGroups ?? []);
}
