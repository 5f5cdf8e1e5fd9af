import { Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { appFactsOf } from './app-facts';
import { runStartupCheck } from './ecs-startup';
import { findingsOf } from './findings';
import { judge, score } from './judge';
import { runtimeFindingsOf } from './runtime-findings';
import { RuntimeRule } from './runtime-judge';
import { ServiceSideFacts } from './service-side';
import { PlacedClient, VpcNetwork } from './vpc-network';
import { AccessView, accessesOnVpc } from '../access-view';
import { report } from '../report';
import { SynthIndex } from '../synth-index';
import { workloadEndpointsOf } from '../workload/registry';
import { workloadServices } from '../workload/services';
import { taskNeeds } from '../workload/task-needs';
import { endpointsOfVpc } from '../workload/vpc-endpoints';
import { containerInstancesOf, launchOf } from '../workload/workloads';

/*
 * The engine of the synth-time connectivity check: for the VPC of an access, find the DynamoDB clients
 * placed in it (in any stack of the VPC's environment), judge each through every access on the VPC, and
 * report the best judgement's findings on the client. Why a validation and not an Aspect, and how the
 * layers fit: docs/design/connectivity-check.md.
 *
 * Layers: ./clients.ts and ./grants.ts describe constructs; ./app-facts.ts and ./vpc-network.ts collect
 * facts; ../network-rules.ts reasons about rules and CIDR blocks (pure); ./judge.ts gives verdicts;
 * ./findings.ts words them; ../report.ts reports them.
 */

/**
 * Runs the check for the VPC of `access`, when `access` is the one that speaks for its VPC: the first
 * access on the VPC with the check on, so that each client is judged once per validation pass.
 */
export function runConnectivityCheck(access: AccessView, index: SynthIndex): void {
  const scope = index.scope;
  const accesses = accessesOnVpc(scope, access.vpc);
  if (accesses.find((other) => other.connectivityCheck) !== access) {
    return;
  }
  const facts = appFactsOf(index);
  const network = new VpcNetwork(facts, access, accesses);
  const allowFromClients = new Set(accesses.flatMap((other) => other.allowFromClients));
  const endpointClients = new Set(accesses.flatMap((other) => other.endpointClients));
  const runtime = runtimeRuleOf(network, access, index);
  const served = new Set<IConstruct>();
  for (const client of facts.clients()) {
    if (!network.inEnvironment(Stack.of(client.target))) {
      continue; // a VPC is in one account and region: clients elsewhere are not in it
    }
    const usesDynamo = allowFromClients.has(client.construct) || facts.isGranted(client);
    const counted = usesDynamo || endpointClients.has(client.construct);
    const placed = counted ? network.place(client) : undefined;
    if (placed === undefined) {
      continue;
    }
    served.add(client.construct);
    if (usesDynamo) {
      // A client has a path when one access on the VPC gives it one; otherwise report what the access that
      // comes closest says.
      const judgements = accesses.map((other) => judge(network, placed, other, accesses));
      const best = judgements.reduce((a, b) => (score(b) < score(a) ? b : a));
      findingsOf(best).forEach((finding) => report(placed.target, finding));
    }
    // Whether every other AWS service it is granted has a path too.
    runtimeFindingsOf(runtime().judge(placed)).forEach((finding) => report(placed.target, finding));
  }
  // Whether the VPC's ECS tasks can start at all: the endpoints they need to pull, log and read secrets.
  runStartupCheck(network, access, index, {
    served: (service) => served.has(service) || allowFromClients.has(service) || endpointClients.has(service) ||
      endpointClients.has(service.taskDefinition) || facts.grants.hasDynamoAccess(service.taskDefinition.taskRole),
    createdVpc: accesses.some((other) => other.createdVpc),
  });
}

/** The runtime rule of a VPC, built on first use (a VPC without served clients never reads its endpoints). */
function runtimeRuleOf(network: VpcNetwork, access: AccessView, index: SynthIndex): () => RuntimeRule {
  let rule: RuntimeRule | undefined;
  return () => {
    rule ??= new RuntimeRule(
      network,
      access,
      endpointsOfVpc(index.appVpcEndpoints(), network.vpc, Stack.of(access.construct)),
      appFactsOf(index).grants,
      index.derived('service-side-facts', () => new ServiceSideFacts(index.constructs)),
      (client) => startupServicesOf(client, index),
      () => workloadEndpointsOf(access.construct, network.vpc)?.s3PrefixListId,
    );
    return rule;
  };
}

/** The services the ECS rule judges for a client: what its tasks need to start, or what container instances' agents call. */
function startupServicesOf(client: PlacedClient, index: SynthIndex): Set<string> {
  if (client.construct instanceof ecs.BaseService) {
    const launch = launchOf(client.construct);
    return new Set(taskNeeds(client.construct.taskDefinition, launch === 'instances').needs.map((need) => need.service));
  }
  if (client.construct instanceof autoscaling.AutoScalingGroup) {
    const clusters = index.derived('ecs-clusters', () => index.constructs.filter((construct): construct is ecs.Cluster => construct instanceof ecs.Cluster));
    if (clusters.some((cluster) => containerInstancesOf(cluster, [client.construct]).length > 0)) {
      return new Set(workloadServices().map((service) => service.name));
    }
  }
  return new Set();
}
