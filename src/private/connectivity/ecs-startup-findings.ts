import { Finding, plural } from './findings';
import { StartupJudgement, StartupVerdict } from './startup-verdicts';
import { ConnectivityCheck } from '../../connectivity-check';
import { workloadService } from '../workload/services';

/*
 * The catalogue of the ECS rule's findings (./ecs-startup.ts): for each verdict, its `ConnectivityCheck`
 * id, its level (a certain break is an error, an unknown a warning) and its message, which names the
 * service, what it lacks and the fix in one sentence.
 */

/** Which id reports a missing interface endpoint of a service. */
const MISSING_ENDPOINT_IDS: Record<string, string> = {
  'ecr.api': ConnectivityCheck.NO_ECR_ENDPOINT,
  'ecr.dkr': ConnectivityCheck.NO_ECR_ENDPOINT,
  'logs': ConnectivityCheck.NO_LOGS_ENDPOINT,
  'kinesis-firehose': ConnectivityCheck.NO_LOGS_ENDPOINT,
  'kinesis-streams': ConnectivityCheck.NO_LOGS_ENDPOINT,
  'secretsmanager': ConnectivityCheck.NO_SECRETS_ENDPOINT,
  'ssm': ConnectivityCheck.NO_SECRETS_ENDPOINT,
  'ecs': ConnectivityCheck.NO_ECS_AGENT_ENDPOINT,
  'ecs-agent': ConnectivityCheck.NO_ECS_AGENT_ENDPOINT,
  'ecs-telemetry': ConnectivityCheck.NO_ECS_AGENT_ENDPOINT,
};

/** The findings of a judgement, in the order of its verdicts. */
export function startupFindingsOf(judgement: StartupJudgement): Finding[] {
  return judgement.verdicts.map((verdict) => findingOf(verdict, judgement));
}

function findingOf(verdict: StartupVerdict, { service, access, instances }: StartupJudgement): Finding {
  const who = `ecs service ${service.node.path}${instances === undefined ? '' : ` (on container instances ${instances})`}`;
  const fix = `call addEndpointsFor(service) on ${access.construct.node.path} (after the task definition's last container is added)`;
  const maybe = (certain: boolean) => (certain ? `${who} cannot start` : `${who} may not start`);
  switch (verdict.kind) {
    case 'missingEndpoint': {
      const label = workloadService(verdict.service).label;
      const missing = verdict.reason ?? `the VPC has no ${label} interface endpoint with private DNS`;
      return finding(MISSING_ENDPOINT_IDS[verdict.service], verdict.certain,
        `${maybe(verdict.certain)}: ${verdict.why.join(', ')}, but ${missing}, and ${plural('subnet', verdict.subnets)} no route out; ${fix}` +
        (verdict.certain ? '' : ', or acknowledge this warning if they have one'));
    }
    case 'noS3Route':
      return finding(ConnectivityCheck.NO_S3_GATEWAY, verdict.certain,
        `${maybe(verdict.certain)}: ${verdict.why.join(', ')}, but the route tables of ${verdict.subnets.join(', ')} have no S3 gateway endpoint ` +
        `and no route out; ${fix}${verdict.certain ? '' : ', or acknowledge this warning if they have one'}`);
    case 'unreachableRegistry':
      return finding(ConnectivityCheck.UNREACHABLE_REGISTRY, verdict.certain,
        `${maybe(verdict.certain)}: ${verdict.container}'s ${verdict.what.replace(/^its /, '')}, and ${plural('subnet', verdict.subnets)} no route out; ` +
        'use an image in this region\'s ECR (an ECR pull-through cache rule for its registry, or a copy), or give the subnets a NAT gateway' +
        (verdict.certain ? '' : ', or acknowledge this warning if its subnets reach the registry'));
    case 'unknownLogDestination':
      return finding(ConnectivityCheck.NO_LOGS_ENDPOINT, false,
        `${who} may not start: ${verdict.container} ${verdict.what}, which its subnets without a route out may not reach; ` +
        'make sure they reach it (an endpoint, or a route), then acknowledge this warning');
    case 'unknownSecretStore':
      return finding(ConnectivityCheck.NO_SECRETS_ENDPOINT, false,
        `${who} may not start: ${verdict.container} ${verdict.what}, and the VPC lacks an interface endpoint with private DNS for one of them; ` +
        `${fix}, or acknowledge this warning if the store it uses has one`);
    case 'endpointUnreachable': {
      const label = workloadService(verdict.service).label;
      const problem = verdict.side === 'egress'
        ? `its security groups (${verdict.groups.join(', ')}) allow no outbound TCP 443 to the ${label} endpoint`
        : `the ${label} endpoint's security groups (${verdict.groups.join(', ')}) admit no TCP 443 from it`;
      return finding(ConnectivityCheck.STARTUP_ENDPOINT_UNREACHABLE, verdict.certain,
        verdict.certain
          ? `${who} cannot start: ${problem}; ${fix} to add the rules`
          : `${who} may not start: whether ${problem.replace(/ allow no | admit no /, (text) => text.replace('no ', ''))} is not known at synth ` +
            `(${verdict.reason}); ${fix} to add the rules, or acknowledge this warning if a rule outside this app allows it`);
    }
  }
}

function finding(id: string, certain: boolean, message: string): Finding {
  return { id, certain, message };
}
