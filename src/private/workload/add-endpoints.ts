import { Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import { accountObjectsStatement, endpointStatements, foreignRepositoriesStatement } from './endpoint-policies';
import { VpcWorkloadEndpoints, workloadEndpointsFor } from './registry';
import { interfaceServiceOf, workloadService, workloadServices } from './services';
import { taskNeeds } from './task-needs';
import { EndpointFact, endpointsOfVpc, gatewayEndpointsFor, interfaceEndpointsFor, servesRouteTable } from './vpc-endpoints';
import { containerInstancesOf, instanceSubnetIds, launchOf, launchOfTaskDefinition } from './workloads';
import { key, listOf, resolveIn } from '../cfn-values';
import { HTTPS } from '../endpoints';
import { propError } from '../errors';
import { lookUpPrefixListId } from '../prefix-lists';
import { defaultAllowedCidrs, isSameVpc, onePerZone, subnetsOfVpc, tryVpcCidrBlockOf } from '../vpc-facts';

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
}

/** A client's tasks: their definition, where they start from, and with which security groups. */
interface Workload {
  readonly construct: IConstruct;
  readonly taskDefinition: ecs.TaskDefinition;
  readonly onInstances: boolean;
  readonly securityGroups: ec2.ISecurityGroup[];
  /** The subnets the tasks (or their container instances) are in; the access's subnets when not known. */
  readonly subnets: ec2.ISubnet[];
}

/** Adds the endpoints the clients' tasks need to start, once per VPC. */
export function addWorkloadEndpoints(access: WorkloadAccess, clients: IConstruct[]): void {
  if (clients.length === 0) {
    throw propError('addEndpointsFor', 'no client given', 'pass the ECS services (or their task definitions, or constructs that hold them) whose tasks run in the VPC');
  }
  const workloads = clients.flatMap((client) => workloadsOf(access, client));
  const record = workloadEndpointsFor(access.construct, access.vpc, access.subnets);
  const existing = endpointsOfVpc(access.construct.node.root.node.findAll(), access.vpc, Stack.of(access.construct))
    .filter((endpoint) => ![...record.created.values()].some((created) => created.node.defaultChild === endpoint.resource));
  for (const workload of workloads) {
    const { needs, foreignRepositories, objects } = taskNeeds(workload.taskDefinition, workload.onInstances);
    const services = workloadServices().filter((service) => needs.some((need) => need.service === service.name));
    const reached: ec2.ISecurityGroup[][] = [];
    for (const service of services) {
      if (service.type === 'Gateway') {
        addS3RouteTables(record, existing, workload.subnets);
        continue;
      }
      const theirs = interfaceEndpointsFor(existing, service.name).filter((endpoint) => endpoint.privateDns !== 'no');
      reached.push(theirs.length > 0 ? theirGroups(theirs) : [ensureSecurityGroup(record, workload)]);
      if (theirs.length === 0 && !record.created.has(service.name)) {
        createInterfaceEndpoint(record, service.name);
      }
    }
    addForeignRepositories(record, foreignRepositories);
    objects.forEach((kind) => allowAccountObjects(record, kind));
    openEgress(record, workload, reached, services.some((service) => service.type === 'Gateway'));
  }
}

/** The tasks of a client: a service, a task definition, or the ones a construct holds (an ecs_patterns service). */
function workloadsOf(access: WorkloadAccess, client: IConstruct): Workload[] {
  if (client instanceof lambda.FunctionBase) {
    return []; // the Lambda service pulls the code and ships the logs: a function needs none of these endpoints
  }
  const services = client instanceof ecs.BaseService ? [client]
    : client.node.findAll().filter((c): c is ecs.BaseService => c instanceof ecs.BaseService);
  const served = new Set(services.map((service) => service.taskDefinition));
  const definitions = (client instanceof ecs.TaskDefinition ? [client] : client.node.findAll())
    .filter((c): c is ecs.TaskDefinition => c instanceof ecs.TaskDefinition && !served.has(c));
  if (services.length === 0 && definitions.length === 0) {
    throw propError('addEndpointsFor', `${client.node.path} is not an ECS service or task definition and holds none`,
      'pass ECS services, their task definitions, or constructs that hold them (an ecs_patterns service); Lambda functions need no endpoints');
  }
  return [
    ...services.flatMap((service) => serviceWorkloads(access, service)),
    ...definitions.filter((definition) => launchOfTaskDefinition(definition) !== 'external').map((definition): Workload => ({
      construct: definition, taskDefinition: definition, onInstances: launchOfTaskDefinition(definition) === 'instances', securityGroups: [], subnets: access.subnets,
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
    return [{ construct: service, taskDefinition: service.taskDefinition, onInstances: false, securityGroups, subnets }];
  }
  // On EC2 container instances the agent starts the tasks from the instances' network.
  const instances = containerInstancesOf(service.cluster, service.node.root.node.findAll());
  const subnets = instances.flatMap((group) => vpcSubnetsNamed(access.vpc, Stack.of(group), instanceSubnetIds(group)));
  return [{
    construct: service,
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

/** The interface endpoints' security group: TCP 443 from the VPC's CIDR blocks, like the DynamoDB interface endpoint's default. */
function ensureSecurityGroup(record: VpcWorkloadEndpoints, workload: Workload): ec2.SecurityGroup {
  if (record.securityGroup === undefined) {
    record.securityGroup = new ec2.SecurityGroup(record.owner, 'WorkloadEndpointSecurityGroup', {
      vpc: record.vpc,
      description: 'Interface endpoints that ECS tasks need to start (ECR, CloudWatch Logs, ...): admit TCP 443 from the VPC',
      allowAllOutbound: false,
    });
    if (tryVpcCidrBlockOf(record.vpc) !== undefined) {
      defaultAllowedCidrs(record.vpc).forEach((cidr) => record.securityGroup!.addIngressRule(ec2.Peer.ipv4(cidr), HTTPS, 'HTTPS from the VPC'));
    }
  }
  if (tryVpcCidrBlockOf(record.vpc) === undefined) {
    if (workload.securityGroups.length === 0) {
      throw propError('addEndpointsFor', `${workload.construct.node.path} has no security groups, and VPC ${record.vpc.node.path} was imported without its CIDR block, ` +
        'so the endpoints\' security group cannot admit its tasks', 'import the VPC with vpcCidrBlock, or pass the services that run the task definition');
    }
    workload.securityGroups.forEach((group) => record.securityGroup!.addIngressRule(group, HTTPS, 'HTTPS from an ECS client', true));
  }
  return record.securityGroup;
}

function createInterfaceEndpoint(record: VpcWorkloadEndpoints, name: string): void {
  const service = workloadService(name);
  const endpoint = new ec2.InterfaceVpcEndpoint(record.owner, service.constructId, {
    vpc: record.vpc,
    service: interfaceServiceOf(service),
    privateDnsEnabled: true,
    open: false,
    subnets: { subnets: onePerZone(record.subnets, 'subnets') },
    securityGroups: [record.securityGroup!],
  });
  endpointStatements(record.owner, service).forEach((statement) => endpoint.addToPolicy(statement));
  if (service.policy === 'ecr' && record.foreignRepositories.size > 0) {
    addForeignStatement(record, endpoint);
  }
  record.created.set(name, endpoint);
}

/** Route tables of the workload's subnets that no other S3 gateway endpoint serves, to the S3 gateway endpoint (created on first need). */
function addS3RouteTables(record: VpcWorkloadEndpoints, existing: EndpointFact[], subnets: ec2.ISubnet[]): void {
  const theirs = gatewayEndpointsFor(existing, 's3');
  const added: ec2.ISubnet[] = [];
  for (const subnet of subnets) {
    const routeTableId = subnet.routeTable?.routeTableId;
    if (routeTableId === undefined || routeTableId === '') {
      throw propError('addEndpointsFor', `subnet ${subnet.subnetId} has no known route table id, so the S3 gateway endpoint that image layers need cannot be attached to it`,
        'import the VPC with its route table ids (Vpc.fromLookup, or Vpc.fromVpcAttributes with the route table ids)');
    }
    if (!theirs.some((endpoint) => servesRouteTable(endpoint, routeTableId)) && !record.s3RouteTables.includes(routeTableId)) {
      record.s3RouteTables.push(routeTableId);
      added.push(subnet);
    }
  }
  if (added.length > 0 && !record.created.has('s3')) {
    const service = workloadService('s3');
    const endpoint = new ec2.GatewayVpcEndpoint(record.owner, service.constructId, {
      vpc: record.vpc, service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnets: added }],
    });
    (endpoint.node.defaultChild as ec2.CfnVPCEndpoint).routeTableIds = Lazy.uncachedList({ produce: () => [...record.s3RouteTables] });
    endpointStatements(record.owner, service).forEach((statement) => endpoint.addToPolicy(statement));
    record.accountObjects.forEach((access) => endpoint.addToPolicy(accountObjectsStatement(record.owner, access)));
    record.created.set('s3', endpoint);
  }
}

function allowAccountObjects(record: VpcWorkloadEndpoints, access: 'read' | 'write'): void {
  const endpoint = record.created.get('s3');
  if (!record.accountObjects.has(access) && endpoint instanceof ec2.GatewayVpcEndpoint) {
    endpoint.addToPolicy(accountObjectsStatement(record.owner, access));
  }
  record.accountObjects.add(access);
}

function addForeignRepositories(record: VpcWorkloadEndpoints, repositories: string[]): void {
  const added = repositories.filter((repository) => !record.foreignRepositories.has(repository));
  added.forEach((repository) => record.foreignRepositories.add(repository));
  if (added.length === 0) {
    return;
  }
  if (record.foreignStatements.length > 0) {
    record.foreignStatements.forEach((statement) => statement.addResources(...added));
    return;
  }
  for (const name of ['ecr.api', 'ecr.dkr']) {
    const endpoint = record.created.get(name);
    if (endpoint instanceof ec2.InterfaceVpcEndpoint) {
      addForeignStatement(record, endpoint);
    }
  }
}

function addForeignStatement(record: VpcWorkloadEndpoints, endpoint: ec2.InterfaceVpcEndpoint): void {
  const statement = foreignRepositoriesStatement(record.owner, [...record.foreignRepositories]);
  record.foreignStatements.push(statement);
  endpoint.addToPolicy(statement);
}

/**
 * The same rules as `allowFrom`, for the endpoints the tasks start through: a security group that
 * restricts outbound traffic gets TCP 443 to the interface endpoints' groups and to S3's prefix list; an
 * endpoint the user made admits the groups on TCP 443. Rules are made from the client's side, so that a
 * client in another stack gets them in its own stack instead of a cyclic reference.
 */
function openEgress(record: VpcWorkloadEndpoints, workload: Workload, reached: ec2.ISecurityGroup[][], s3: boolean): void {
  const ours = record.securityGroup;
  for (const group of workload.securityGroups) {
    for (const endpointGroups of reached) {
      for (const endpointGroup of endpointGroups) {
        if (!group.allowAllOutbound) {
          new ec2.Connections({ securityGroups: [group] }).allowTo(new ec2.Connections({ securityGroups: [endpointGroup] }), HTTPS,
            'HTTPS to the endpoints that ECS tasks need to start');
        } else if (endpointGroup !== ours) {
          endpointGroup.addIngressRule(group, HTTPS, 'HTTPS from an ECS client', true);
        }
      }
    }
    if (s3 && !group.allowAllOutbound) {
      group.addEgressRule(ec2.Peer.prefixList(s3PrefixListId(record, workload)), HTTPS, 'HTTPS to S3 (image layers) through the gateway endpoint');
    }
  }
}

/** S3's prefix list in the region, looked up once per VPC. */
function s3PrefixListId(record: VpcWorkloadEndpoints, workload: Workload): string {
  record.s3PrefixListId ??= lookUpPrefixListId(record.owner, 'S3PrefixList', 's3', () => propError('addEndpointsFor',
    `${workload.construct.node.path} restricts outbound traffic, so it needs an egress rule to S3's prefix list (image layers), whose id is not known in an environment-agnostic stack`,
    'give the stack a concrete env (region) so the id is looked up, or let its security groups allow outbound traffic'));
  return record.s3PrefixListId;
}
