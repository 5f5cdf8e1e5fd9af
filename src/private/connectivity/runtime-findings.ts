import { Stack } from 'aws-cdk-lib';
import { Finding, plural } from './findings';
import { RuntimeJudgement, RuntimeVerdict } from './runtime-judge';
import { ServiceNeed } from './runtime-needs';
import { ConnectivityCheck } from '../../connectivity-check';
import { endpointService, servicePrefix } from '../catalogue/service-catalogue';

/*
 * The catalogue of the runtime rule's findings (./runtime-judge.ts): for each verdict, its
 * `ConnectivityCheck` id, its level (a certain break is an error, an unknown a warning) and its message,
 * which names the client, the service in words, what is wrong and the fix, in one sentence.
 */

/** The findings of a judgement, in the order of its verdicts. */
export function runtimeFindingsOf(judgement: RuntimeJudgement): Finding[] {
  return judgement.verdicts.map((verdict) => findingOf(verdict, judgement));
}

/** How messages name the service of a need: `Amazon SQS (sqs)`. */
export function serviceLabel(need: Pick<ServiceNeed, 'kind' | 'service'>): string {
  if (need.kind === 'endpoint') {
    return endpointService(need.service)?.label ?? need.service;
  }
  const label = servicePrefix(need.service)?.label;
  return label === undefined ? need.service : `${label} (${need.service})`;
}

function findingOf(verdict: RuntimeVerdict, { client, access }: RuntimeJudgement): Finding {
  const who = `${client.kind} ${client.construct.node.path}`;
  const path = access.construct.node.path;
  const acknowledge = (service: string) => `or call access.acknowledgeServicePath(client, '${service}', reason) on ${path} if it reaches it another way`;
  switch (verdict.kind) {
    case 'noEndpoint': {
      const { need } = verdict;
      const label = serviceLabel(need);
      const missing = verdict.reason ?? (endpointService(need.service)?.gateway === true
        ? `the route tables of its subnets have no ${need.service} gateway endpoint and the VPC has no ${need.service} interface endpoint with private DNS`
        : `the VPC has no ${label} interface endpoint with private DNS`);
      return finding(ConnectivityCheck.NO_SERVICE_ENDPOINT, verdict.certain,
        `${who} ${verdict.certain ? 'cannot' : 'may not'} call ${label}: it is granted ${actions(need)}, but ${missing}, and ${plural('subnet', verdict.subnets)} ` +
        `no route out; call access.addEndpointsFor(client) on ${path} after its last grant, give the subnets a NAT route, ${acknowledge(need.service)}`);
    }
    case 'noPrivatePath': {
      const { need } = verdict;
      return finding(ConnectivityCheck.NO_PRIVATE_PATH, verdict.certain,
        `${who} ${verdict.certain ? 'cannot' : 'may not'} call ${serviceLabel(need)}: it is granted ${actions(need)}, but no VPC endpoint serves it ` +
        `(${need.why ?? 'it has none'}), and ${plural('subnet', verdict.subnets)} no route out; give the subnets a NAT route or send the calls through a proxy, ` +
        acknowledge(need.service));
    }
    case 'unknownService': {
      const { need } = verdict;
      return finding(ConnectivityCheck.UNKNOWN_SERVICE, false,
        `${who} may not call ${serviceLabel(need)}: it is granted ${actions(need)}, the check does not know whether a VPC endpoint serves that service, ` +
        `and ${plural('subnet', verdict.subnets)} no route out; add its interface endpoint if it has one (access.addEndpointsForServices(name) on ${path}, ` +
        `or vpc.addInterfaceEndpoint), then ${acknowledge(need.service).replace(/^or /, '')}`);
    }
    case 'endpointUnreachable': {
      const { need, block } = verdict;
      const label = serviceLabel(need);
      const problem = block.side === 'egress'
        ? `its security groups (${block.groups.join(', ')}) allow no outbound TCP 443 to the ${label} endpoint`
        : `the ${label} endpoint's security groups (${block.groups.join(', ')}) admit no TCP 443 from it`;
      const fix = `call access.addEndpointsFor(client) on ${path}, which adds the rules (or add them yourself)`;
      return finding(ConnectivityCheck.SERVICE_ENDPOINT_UNREACHABLE, block.certain, block.certain
        ? `${who} cannot call ${label}: ${problem}; ${fix}`
        : `${who} may not call ${label}: whether ${problem.replace(/ allow no | admit no /, (text) => text.replace('no ', ''))} is not known at synth ` +
          `(${block.reason}); ${fix}, or acknowledge this warning if a rule outside this app allows it`);
    }
    case 'urlNotSet': {
      const { need } = verdict;
      const fix = need.service === 'dynamodb-streams'
        ? 'merge access.clientEnvironment of a PrivateDynamoAccess whose interface endpoint has streams: true into its environment'
        : `set ${verdict.variable} to the endpoint's https URL in its environment`;
      return finding(ConnectivityCheck.SERVICE_ENDPOINT_UNREACHABLE, verdict.certain,
        `${who} ${verdict.certain ? 'cannot' : 'may not'} call ${serviceLabel(need)}: it is granted ${actions(need)}, and the VPC's endpoint of that service has no private DNS, ` +
        `but ${verdict.variable} is not in its environment, so its SDK calls the public name; ${fix}, ${acknowledge(need.service)}`);
    }
    case 'otherRegion': {
      const { grant } = verdict;
      const region = Stack.of(client.target).region;
      return finding(ConnectivityCheck.OTHER_REGION_RESOURCE, verdict.certain,
        `${who} ${verdict.certain ? 'cannot' : 'may not'} reach ${grant.resource}: it is granted ${grant.actions.slice(0, 3).join(', ')} on it, ` +
        `but the resource is in ${grant.region} and the VPC's endpoints serve only ${region}, and ${plural('subnet', verdict.subnets)} no route out; ` +
        `use a resource of ${region} (a replica), or give the subnets a NAT route, ${acknowledge(grant.actions[0].split(':')[0].toLowerCase())}`);
    }
    case 'unreadableGrants':
      return finding(ConnectivityCheck.UNREADABLE_GRANTS, false,
        `${who} may call services that the check cannot tell: its role is granted ${verdict.reasons.join('; ')}, and not every one of its subnets has a route out; ` +
        `make sure each service it calls has an endpoint (access.addEndpointsForServices(...names) on ${path}), then acknowledge this warning`);
  }
}

/** The granted actions of a need, as messages show them: the first three, and how many more. */
function actions(need: ServiceNeed): string {
  const shown = need.actions.slice(0, 3).join(', ');
  return need.actions.length > 3 ? `${shown} and ${need.actions.length - 3} more` : shown;
}

function finding(id: string, certain: boolean, message: string): Finding {
  return { id, certain, message };
}
