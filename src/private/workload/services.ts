import * as ec2 from 'aws-cdk-lib/aws-ec2';

/*
 * The AWS services that a container workload in a subnet without a route out may need an endpoint for,
 * to start (pull its image, ship its logs, read its secrets) and, on EC2 container instances, to run its
 * agent. Internal module: the one list that `addEndpointsFor` creates endpoints from and that the
 * connectivity check's ECS rule judges against. DynamoDB is not here: it is the construct's own endpoint.
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

const SERVICES: WorkloadService[] = [
  { name: 'ecr.api', type: 'Interface', constructId: 'EcrApiEndpoint', label: 'ECR API (ecr.api)', policy: 'ecr' },
  { name: 'ecr.dkr', type: 'Interface', constructId: 'EcrDockerEndpoint', label: 'ECR Docker registry (ecr.dkr)', policy: 'ecr' },
  { name: 's3', type: 'Gateway', constructId: 'S3GatewayEndpoint', label: 'S3 (gateway)', policy: 's3' },
  { name: 'logs', type: 'Interface', constructId: 'LogsEndpoint', label: 'CloudWatch Logs (logs)', policy: 'logs' },
  { name: 'secretsmanager', type: 'Interface', constructId: 'SecretsManagerEndpoint', label: 'Secrets Manager (secretsmanager)', policy: 'account', actionPrefix: 'secretsmanager' },
  { name: 'ssm', type: 'Interface', constructId: 'SsmEndpoint', label: 'Systems Manager Parameter Store (ssm)', policy: 'account', actionPrefix: 'ssm' },
  { name: 'kinesis-firehose', type: 'Interface', constructId: 'FirehoseEndpoint', label: 'Data Firehose (kinesis-firehose)', policy: 'account', actionPrefix: 'firehose' },
  { name: 'kinesis-streams', type: 'Interface', constructId: 'KinesisStreamsEndpoint', label: 'Kinesis Data Streams (kinesis-streams)', policy: 'account', actionPrefix: 'kinesis' },
  { name: 'ecs', type: 'Interface', constructId: 'EcsEndpoint', label: 'ECS (ecs)', policy: 'none' },
  { name: 'ecs-agent', type: 'Interface', constructId: 'EcsAgentEndpoint', label: 'ECS agent (ecs-agent)', policy: 'none' },
  { name: 'ecs-telemetry', type: 'Interface', constructId: 'EcsTelemetryEndpoint', label: 'ECS telemetry (ecs-telemetry)', policy: 'none' },
];

/** Every service, in the order endpoints are created and reported. */
export function workloadServices(): readonly WorkloadService[] {
  return SERVICES;
}

/** The service of a short name; throws for a name that is not in the list (a programming error). */
export function workloadService(name: string): WorkloadService {
  const service = SERVICES.find((candidate) => candidate.name === name);
  if (service === undefined) {
    throw new Error(`no workload service ${name}`);
  }
  return service;
}

/** The order of a service in the list, for sorting. */
export function serviceOrder(name: string): number {
  return SERVICES.findIndex((candidate) => candidate.name === name);
}

/** aws-cdk-lib's description of an interface service (its name resolves to `com.amazonaws.<region>.<name>`). */
export function interfaceServiceOf(service: WorkloadService): ec2.IInterfaceVpcEndpointService {
  return new ec2.InterfaceVpcEndpointAwsService(service.name);
}
