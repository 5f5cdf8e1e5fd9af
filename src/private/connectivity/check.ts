import { Stack } from 'aws-cdk-lib';
import { appFactsOf } from './app-facts';
import { runStartupCheck } from './ecs-startup';
import { findingsOf } from './findings';
import { judge, score } from './judge';
import { VpcNetwork } from './vpc-network';
import { AccessView, accessesOnVpc } from '../access-view';
import { report } from '../report';
import { SynthIndex } from '../synth-index';

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
  for (const client of facts.clients()) {
    if (!network.inEnvironment(Stack.of(client.target))) {
      continue; // a VPC is in one account and region: clients elsewhere are not in it
    }
    const counted = allowFromClients.has(client.construct) || facts.isGranted(client);
    const placed = counted ? network.place(client) : undefined;
    if (placed === undefined) {
      continue;
    }
    // A client has a path when one access on the VPC gives it one; otherwise report what the access that
    // comes closest says.
    const judgements = accesses.map((other) => judge(network, placed, other, accesses));
    const best = judgements.reduce((a, b) => (score(b) < score(a) ? b : a));
    findingsOf(best).forEach((finding) => report(placed.target, finding));
  }
  // Whether the VPC's ECS tasks can start at all: the endpoints they need to pull, log and read secrets.
  runStartupCheck(network, access, index);
}
