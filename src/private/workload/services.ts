import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { endpointService } from '../catalogue/service-catalogue';

/*
 * The AWS services that `addEndpointsFor` may create an endpoint for: those a container workload in a
 * subnet without a route out needs to start (pull its image, ship its logs, read its secrets) and, on EC2
 * container instances, to run its agent, in the order endpoints are created and reported; and any other
 * service of the catalogue (../catalogue/service-catalogue.ts) that a client calls at run time. Internal
 * module. Names, labels and construct ids come from the catalogue; this module adds how each endpoint's
 * policy is written. DynamoDB is not here: it is the construct's own endpoint.
 */

/** How an endpoint's policy is written (see ./endpoint-policies.ts). */
export type PolicyKind =
  /** ECR: the account's repositories (and those the task definitions name in other accounts), pull actions only. */
  | 'ecr'
  /** S3 gateway: ECR's layer bucket in the region, and objects of the account's buckets (environment files). */
  | 's3'
  /** CloudWatch Logs: the account's log groups. */
  | 'logs'
  /** Any action, but only by principals of the account. */
  | 'account'
  /** Only what the runtime clients are granted (../workload/runtime-endpoints.ts adds that statement). */
  | 'runtime'
  /** The service does not support endpoint policies (ECS): none. */
  | 'none';

/** One AWS service that a workload may need an endpoint for. */
export interface WorkloadService {
  /** The part of the service name after `com.amazonaws.<region>.`: `ecr.api`, `s3`, `logs`, ... */
  readonly name: string;
  readonly type: 'Interface' | 'Gateway';
  /** The construct id of the endpoint `addEndpointsFor` creates under the construct (API: it makes the logical id). */
  readonly constructId: string;
  /** How messages name it. */
  readonly label: string;
  readonly policy: PolicyKind;
  /** The IAM action prefix of its API (`secretsmanager`, `firehose`, ...), for `account` policies. */
  readonly actionPrefix?: string;
}

/** What tasks need to start, in the order endpoints are created and reported, with their policies. */
const STARTUP: ReadonlyArray<Pick<WorkloadService, 'name' | 'policy' | 'actionPrefix'>> = [
  { name: 'ecr.api', policy: 'ecr' },
  { name: 'ecr.dkr', policy: 'ecr' },
  { name: 's3', policy: 's3' },
  { name: 'logs', policy: 'logs' },
  { name: 'secretsmanager', policy: 'account', actionPrefix: 'secretsmanager' },
  { name: 'ssm', policy: 'account', actionPrefix: 'ssm' },
  { name: 'kinesis-firehose', policy: 'account', actionPrefix: 'firehose' },
  { name: 'kinesis-streams', policy: 'account', actionPrefix: 'kinesis' },
  { name: 'ecs', policy: 'none' },
  { name: 'ecs-agent', policy: 'none' },
  { name: 'ecs-telemetry', policy: 'none' },
];

/** The start-up services, in the order endpoints are created and reported. */
export function workloadServices(): readonly WorkloadService[] {
  return STARTUP.map((entry) => workloadService(entry.name));
}

/** The service of a short name; throws for a name that the catalogue does not know (a programming error). */
export function workloadService(name: string): WorkloadService {
  const entry = endpointService(name);
  if (entry === undefined) {
    throw new Error(`no endpoint service ${name} in the catalogue`);
  }
  const startup = STARTUP.find((candidate) => candidate.name === name);
  return {
    name,
    type: entry.gateway && name === 's3' ? 'Gateway' : 'Interface',
    constructId: entry.constructId,
    label: entry.label,
    policy: startup?.policy ?? (entry.endpointPolicy ? 'runtime' : 'none'),
    actionPrefix: startup?.actionPrefix,
  };
}

/** The order of a service in the list, for sorting: start-up services first, then the others by name. */
export function serviceOrder(name: string): number {
  const index = STARTUP.findIndex((candidate) => candidate.name === name);
  return index >= 0 ? index : STARTUP.length;
}

/** aws-cdk-lib's description of an interface service (`com.amazonaws.<region>.<name>`, or `com.amazonaws.<name>` for a global one). */
export function interfaceServiceOf(service: WorkloadService): ec2.IInterfaceVpcEndpointService {
  return endpointService(service.name)?.global === true
    ? new ec2.InterfaceVpcEndpointService(`com.amazonaws.${service.name}`, 443)
    : new ec2.InterfaceVpcEndpointAwsService(service.name);
}

/** Whether a VPC of the region can have the service's endpoint (IAM's exists only in a few regions); true when the region is a token. */
export function offeredIn(name: string, region: string): boolean {
  const regions = endpointService(name)?.regions;
  return regions === undefined || Token.isUnresolved(region) || regions.includes(region);
}
