import { Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describeClient } from './clients';
import { startupFindingsOf } from './ecs-startup-findings';
import { blocked, judgeEgressToDynamo, judgeEndpointReach, RuleVerdict } from './judge';
import { StartupJudgement, StartupVerdict } from './startup-verdicts';
import { PlacedClient, SubnetInfo, VpcNetwork, unknownSubnetLabels } from './vpc-network';
import { AccessView } from '../access-view';
import { key, resolveIn } from '../cfn-values';
import { reachesDynamoPublicly, Tri } from '../network-rules';
import { report } from '../report';
import { SynthIndex } from '../synth-index';
import { isSameVpc } from '../vpc-facts';
import { workloadEndpointsOf } from '../workload/registry';
import { workloadService } from '../workload/services';
import { RefTypes, taskNeeds, TaskNeeds } from '../workload/task-needs';
import { EndpointFact, endpointsOfVpc, gatewayEndpointsFor, interfaceEndpointsFor, servesRouteTable } from '../workload/vpc-endpoints';
import { containerInstancesOf, launchOf, serviceResourceOf } from '../workload/workloads';

/*
 * The connectivity check's ECS rule: can the tasks of each ECS service of the VPC start? Tasks in
 * subnets without a route out (no NAT, internet gateway or other default route) pull their image, ship
 * their logs and read their secrets only through VPC endpoints, so each need of the task definition
 * (../workload/task-needs.ts) must meet an endpoint of the VPC that the tasks can reach, whoever made it.
 * Every ECS service counts, whether or not it uses DynamoDB; Lambda functions never (the Lambda service
 * pulls their code and ships their logs). Verdicts carry data; ./ecs-startup-findings.ts words them.
 */

/** Which ECS services the accesses on the VPC serve, and whether one of them created the VPC. */
export interface StartupScope {
  readonly createdVpc: boolean;
  /** Whether an access serves the service: its task role is granted DynamoDB, or it was passed to `allowFrom` or `addEndpointsFor`. */
  served(service: ecs.BaseService): boolean;
}

/**
 * Judges every ECS service of the VPC and reports its findings on it: as they are for the services an
 * access serves; as warnings for the others, and only in a VPC that an access created (in the user's own
 * VPC, a service that has nothing to do with DynamoDB is not this library's business).
 */
export function runStartupCheck(network: VpcNetwork, access: AccessView, index: SynthIndex, scope: StartupScope): void {
  // The services are found once per pass; the VPC's endpoints are read only for a VPC that may have some.
  const services = index.derived('ecs-services', () => index.constructs.filter((construct): construct is ecs.BaseService => construct instanceof ecs.BaseService))
    .filter((service) => network.inEnvironment(Stack.of(service)));
  if (services.length === 0) {
    return;
  }
  const endpoints = endpointsOfVpc(index.appVpcEndpoints(), network.vpc, Stack.of(access.construct));
  const lookups = index.derived('ecs-ref-types', () => new Map<Stack, RefTypes>());
  for (const service of services) {
    const served = scope.served(service);
    if (!served && !scope.createdVpc) {
      continue;
    }
    const judgement = judgeService(network, access, index, endpoints, service, lookups);
    if (judgement !== undefined) {
      startupFindingsOf(judgement).forEach((finding) => report(judgement.target, served ? finding : { ...finding, certain: false }));
    }
  }
}

function judgeService(
  network: VpcNetwork, access: AccessView, index: SynthIndex, endpoints: EndpointFact[], service: ecs.BaseService, lookups: Map<Stack, RefTypes>,
): StartupJudgement | undefined {
  const target = serviceResourceOf(service);
  const launch = launchOf(service);
  if (target === undefined || launch === 'external') {
    return undefined;
  }
  const needs = taskNeeds(service.taskDefinition, launch === 'instances', lookups);
  if (launch === 'fargate') {
    const client = describeClient(service);
    const placed = client === undefined ? undefined : network.place(client);
    return placed === undefined ? undefined : { service, target, access, verdicts: judgeStart(network, access, endpoints, placed, needs) };
  }
  if (!isSameVpc(service.cluster.vpc, network.vpc)) {
    return undefined;
  }
  // On EC2 container instances, the agent starts the tasks from the instances' network.
  const groups = index.derived('auto-scaling-groups', () => index.constructs.filter((construct) => construct instanceof autoscaling.AutoScalingGroup));
  const instances = containerInstancesOf(service.cluster, groups)
    .map((group) => describeClient(group)).map((client) => (client === undefined ? undefined : network.place(client)))
    .filter((placed): placed is PlacedClient => placed !== undefined);
  if (instances.length > 0) {
    return {
      service,
      target,
      access,
      instances: instances.map((placed) => placed.construct.node.path).join(', '),
      verdicts: instances.flatMap((placed) => judgeStart(network, access, endpoints, placed, needs)),
    };
  }
  return { service, target, access, verdicts: judgeUnseenInstances(network, endpoints, needs) };
}

/** The verdicts for tasks that start from a placed client's subnets and security groups. */
function judgeStart(network: VpcNetwork, access: AccessView, endpoints: EndpointFact[], client: PlacedClient, needs: TaskNeeds): StartupVerdict[] {
  const paths = client.subnets.map((subnet) => ({ subnet, path: network.otherPath(subnet, client) }));
  const closed = paths.filter(({ path }) => path !== 'yes').map(({ subnet }) => subnet);
  const unknownSubnets = unknownSubnetLabels(client);
  if (closed.length === 0 && unknownSubnets.length === 0) {
    return []; // every subnet has a route out: nothing to need
  }
  const certain = paths.some(({ path }) => path === 'no');
  const labels = [...closed.map((subnet) => subnet.label), ...unknownSubnets];
  const verdicts: StartupVerdict[] = [];
  for (const { name, why } of neededServices(needs)) {
    if (name === 's3') {
      const noWayOut = paths.filter(({ path }) => path === 'no').map(({ subnet }) => subnet);
      verdicts.push(...judgeS3(network, access, endpoints, client, closed, noWayOut, why, labels));
      continue;
    }
    const found = interfaceEndpointsFor(endpoints, name);
    const usable = found.filter((endpoint) => endpoint.privateDns === 'yes');
    if (usable.length === 0) {
      const dns = found.some((endpoint) => endpoint.privateDns === 'unknown') ? 'unknown' : found.length > 0 ? 'off' : undefined;
      verdicts.push({
        kind: 'missingEndpoint',
        certain: certain && dns !== 'unknown',
        service: name,
        why,
        subnets: labels,
        reason: dns === undefined ? undefined : `its ${workloadService(name).label} endpoint ${dns === 'off' ? 'has private DNS off' : 'has private DNS set by a deploy-time value'}, so the service's public name does not lead to it`,
      });
      continue;
    }
    verdicts.push(...judgeEndpointReach(network, client, usable, certain).map((block): StartupVerdict => ({ kind: 'endpointUnreachable', service: name, ...block })));
  }
  for (const obstacle of needs.obstacles) {
    if (obstacle.kind === 'registry') {
      verdicts.push({ kind: 'unreachableRegistry', certain: certain && obstacle.certain, container: obstacle.container, what: obstacle.what, subnets: labels });
    } else if (obstacle.kind === 'logDestination') {
      verdicts.push({ kind: 'unknownLogDestination', container: obstacle.container, what: obstacle.what });
    } else if (['secretsmanager', 'ssm'].some((name) => !interfaceEndpointsFor(endpoints, name).some((endpoint) => endpoint.privateDns === 'yes'))) {
      verdicts.push({ kind: 'unknownSecretStore', container: obstacle.container, what: obstacle.what });
    }
  }
  return verdicts;
}

/** Whether the subnets' route tables reach S3 through a gateway endpoint, and the client's rules let TCP 443 out to it. */
function judgeS3(
  network: VpcNetwork, access: AccessView, endpoints: EndpointFact[], client: PlacedClient, closed: SubnetInfo[], noWayOut: SubnetInfo[],
  why: string[], labels: string[],
): StartupVerdict[] {
  const gateways = gatewayEndpointsFor(endpoints, 's3');
  const served = (subnet: SubnetInfo) => subnet.routeTableId !== undefined &&
    gateways.some((endpoint) => servesRouteTable(endpoint, subnet.routeTableId!));
  const unserved = closed.filter((subnet) => !served(subnet));
  if (unserved.length > 0 || (closed.length === 0 && gateways.length === 0)) {
    const certain = unserved.some((subnet) => noWayOut.includes(subnet));
    return [{ kind: 'noS3Route', certain, why, subnets: unserved.length > 0 ? unserved.map((subnet) => subnet.label) : labels }];
  }
  const certain = noWayOut.length > 0;
  const known = workloadEndpointsOf(access.construct, network.vpc)?.s3PrefixListId;
  const egress = judgeEgressToDynamo(network, client, (stack, rule) => reachesDynamoPublicly(rule, {
    dynamoKeys: known === undefined ? [] : [resolveIn(stack, known)].filter((id) => id !== undefined).map(key),
    dynamoIdIsLiteral: false,
  }, network.vpcCidr(stack)));
  return unreachable(egress, certain, 's3', 'egress', client.securityGroups);
}

/** The services the tasks need, in the order of the needs, each with why. */
function neededServices(needs: TaskNeeds): Array<{ name: string; why: string[] }> {
  return [...new Set(needs.needs.map((need) => need.service))]
    .map((name) => ({ name, why: needs.needs.filter((need) => need.service === name).map((need) => need.why) }));
}

function unreachable(rules: RuleVerdict, certain: boolean, service: string, side: 'egress' | 'ingress', groups: ec2.ISecurityGroup[]): StartupVerdict[] {
  return blocked(rules, certain, side, groups).map((block) => ({ kind: 'endpointUnreachable', service, ...block }));
}

/**
 * Tasks on container instances the app does not show (imported, or registered by a launch template of
 * their own): judged only in a VPC where no subnet has a route out, where the instances cannot have one
 * either; each missing endpoint is a warning, since where the instances are is not known.
 */
function judgeUnseenInstances(network: VpcNetwork, endpoints: EndpointFact[], needs: TaskNeeds): StartupVerdict[] {
  // An instance in a public subnet may have a public IP address: count the subnet as a way out.
  const anyInstance = { publicIp: true } as Pick<PlacedClient, 'publicIp'> as PlacedClient;
  const wayOut: Tri[] = network.allSubnets().map((subnet) => network.otherPath(subnet, anyInstance));
  if (wayOut.some((path) => path !== 'no')) {
    return [];
  }
  const reason = 'its EC2 container instances are not in this app, so the check does not know their subnets';
  const verdicts: StartupVerdict[] = [];
  for (const { name, why } of neededServices(needs)) {
    if (name === 's3' ? gatewayEndpointsFor(endpoints, 's3').length === 0 : !interfaceEndpointsFor(endpoints, name).some((e) => e.privateDns === 'yes')) {
      verdicts.push(name === 's3'
        ? { kind: 'noS3Route', certain: false, why, subnets: ['any subnet of the VPC (no S3 gateway endpoint in it)'] }
        : { kind: 'missingEndpoint', certain: false, service: name, why, subnets: ['every subnet of the VPC'], reason });
    }
  }
  for (const obstacle of needs.obstacles.filter((candidate) => candidate.kind === 'registry')) {
    verdicts.push({ kind: 'unreachableRegistry', certain: false, container: obstacle.container, what: obstacle.what, subnets: ['every subnet of the VPC'] });
  }
  return verdicts;
}
