import { CfnParameter, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { serviceOrder } from './services';
import { listOf, logicalIdsIn, resolveIn, templateText, TOKEN } from '../cfn-values';

/*
 * What the tasks of an ECS task definition need from the network to start: which AWS services they call
 * before the application runs (ECR and S3 to pull an image, CloudWatch Logs or a FireLens destination
 * for the log driver, Secrets Manager or Parameter Store for `secrets`, and on EC2 container instances
 * the ECS agent's services), and which of their needs no endpoint can serve (an image in a public
 * registry). Read from each container's rendered CloudFormation (`ContainerDefinitions` entries), so that containers
 * added to a task definition at any time count alike. Internal module, used by `addEndpointsFor` and by
 * the connectivity check's ECS rule.
 *
 * Customer-managed KMS keys on secrets need no `kms` endpoint: Secrets Manager and Parameter Store call
 * KMS on the caller's behalf, from their own network (the execution role needs `kms:Decrypt`, which
 * `ecs.Secret.fromSecretsManager` grants); nothing in the task's subnets calls KMS to start it.
 */

/** One AWS service the tasks call to start, and why. */
export interface Need {
  /** The service's short name (`ecr.api`, `s3`, `logs`, ...; see ./services.ts). */
  readonly service: string;
  /** Why, in a few words naming the container: `container App pulls its image from ECR`. */
  readonly why: string;
}

/** A container whose start no endpoint can serve, or whose needs cannot be read at synth. */
export interface Obstacle {
  readonly kind: 'registry' | 'logDestination' | 'secret';
  /** Certain: it cannot start without a route out (an image in a public registry). Otherwise it is not known. */
  readonly certain: boolean;
  readonly container: string;
  /** What it is, for the message: `image nginx:latest is in Docker Hub, a public registry`. */
  readonly what: string;
}

/** What the tasks of a task definition need to start. */
export interface TaskNeeds {
  readonly needs: Need[];
  readonly obstacles: Obstacle[];
  /** ECR repositories of other accounts that images name (ARN patterns, for the ECR endpoint policy). */
  readonly foreignRepositories: string[];
  /** What the tasks do with objects of S3 buckets (environment files, FireLens configuration or output), besides image layers. */
  readonly objects: Set<'read' | 'write'>;
}

/** Public registries: what they hold is reachable only through the internet. */
const PUBLIC_REGISTRIES = [
  'docker.io', 'registry-1.docker.io', 'index.docker.io', 'public.ecr.aws', 'ghcr.io', 'quay.io', 'gcr.io', 'mcr.microsoft.com',
  'registry.k8s.io', 'registry.gitlab.com', 'nvcr.io',
];

/** The parameter aws-cdk-lib reads AWS for Fluent Bit's image from (`obtainDefaultFluentBitECRImage`), an ECR image of an AWS account. */
const FLUENT_BIT_PARAMETER = '/aws/service/aws-for-fluent-bit/';

/** Stands for the image of the log router that aws-cdk-lib adds to a task definition with FireLens logging. */
const FLUENT_BIT_IMAGE = Symbol('aws-for-fluent-bit');

/** FireLens output plugins (`Name`) and the service each sends to. */
const FIRELENS_OUTPUTS: Record<string, string> = {
  cloudwatch: 'logs',
  cloudwatch_logs: 'logs',
  firehose: 'kinesis-firehose',
  kinesis_firehose: 'kinesis-firehose',
  kinesis: 'kinesis-streams',
  kinesis_streams: 'kinesis-streams',
  s3: 's3',
};

/** Log drivers that write on the host and need no network. */
const LOCAL_LOG_DRIVERS = ['json-file', 'journald', 'local', 'none'];

/**
 * The needs of a task definition's tasks. `onInstances`: they run on EC2 container instances, whose
 * agent also needs the ECS services. `lookups` keeps what was learnt of each stack, for a caller that
 * reads many task definitions of a tree that no longer changes.
 */
export function taskNeeds(taskDefinition: ecs.TaskDefinition, onInstances: boolean, lookups = new Map<Stack, RefTypes>()): TaskNeeds {
  const result: TaskNeeds = { needs: [], obstacles: [], foreignRepositories: [], objects: new Set() };
  const stack = Stack.of(taskDefinition);
  let refs = lookups.get(stack);
  if (refs === undefined) {
    refs = new RefTypes(stack);
    lookups.set(stack, refs);
  }
  // Each container renders its definition afresh: resolving the task definition's own `ContainerDefinitions`
  // (a cached Lazy) before the app is complete would freeze it without the containers added later.
  const containers = taskDefinition.node.children.filter((child): child is ecs.ContainerDefinition => child instanceof ecs.ContainerDefinition);
  for (const container of containers) {
    readContainer(stack, refs, (resolveIn(stack, container.renderContainerDefinition(taskDefinition)) ?? {}) as Record<string, any>, result);
  }
  if (containers.some((container) => container.logDriverConfig?.logDriver === 'awsfirelens') && !containers.some((c) => c instanceof ecs.FirelensLogRouter)) {
    // aws-cdk-lib adds its log router when it renders the task definition: AWS for Fluent Bit, logging with awslogs.
    readContainer(stack, refs, { name: 'log-router', image: FLUENT_BIT_IMAGE, logConfiguration: { logDriver: 'awslogs' } }, result);
  }
  if (onInstances) {
    const why = 'its EC2 container instances run the ECS agent';
    result.needs.push(...['ecs', 'ecs-agent', 'ecs-telemetry'].map((service) => ({ service, why })));
  }
  result.needs.sort((a, b) => serviceOrder(a.service) - serviceOrder(b.service));
  return result;
}

function readContainer(stack: Stack, refs: RefTypes, container: Record<string, any>, result: TaskNeeds): void {
  const name = `container ${typeof container.name === 'string' ? container.name : JSON.stringify(container.name)}`;
  const need = (service: string, why: string) => result.needs.push({ service, why: `${name} ${why}` });

  const image = imageSource(stack, refs, container.image);
  if (image.kind === 'ecr') {
    need('ecr.api', 'pulls its image from ECR');
    need('ecr.dkr', 'pulls its image from ECR');
    need('s3', 'pulls its image\'s layers, which ECR keeps in S3');
    result.foreignRepositories.push(...image.foreignRepositories);
  } else {
    result.obstacles.push({ kind: 'registry', certain: image.certain, container: name, what: image.what });
  }

  const logging = container.logConfiguration ?? {};
  const driver = logging.logDriver;
  if (driver === 'awslogs') {
    need('logs', 'logs with the awslogs driver');
  } else if (driver === 'awsfirelens') {
    const output = logging.options?.Name;
    const service = typeof output === 'string' ? FIRELENS_OUTPUTS[output.toLowerCase()] : undefined;
    if (service !== undefined) {
      need(service, `sends its logs through FireLens to ${output}`);
      if (service === 's3') {
        result.objects.add('write');
      }
    } else {
      result.obstacles.push({
        kind: 'logDestination',
        certain: false,
        container: name,
        what: output === undefined
          ? 'sends its logs through FireLens to outputs set in the log router\'s configuration, which the check cannot read'
          : `sends its logs through FireLens to ${JSON.stringify(output)}, a destination with no VPC endpoint the check knows`,
      });
    }
  } else if (typeof driver === 'string' && !LOCAL_LOG_DRIVERS.includes(driver)) {
    result.obstacles.push({ kind: 'logDestination', certain: false, container: name, what: `sends its logs with the ${driver} driver to a destination outside AWS` });
  }

  const firelensOptions = container.firelensConfiguration?.options ?? {};
  if (firelensOptions['config-file-type'] === 's3') {
    need('s3', 'reads its FireLens configuration file from S3');
    result.objects.add('read');
  }
  for (const file of listOf(container.environmentFiles) as any[]) {
    if (file?.type === 's3') {
      need('s3', 'reads an environment file from S3');
      result.objects.add('read');
    }
  }

  const secrets = [...listOf(container.secrets), ...listOf(logging.secretOptions)] as any[];
  const credentials = container.repositoryCredentials?.credentialsParameter;
  for (const valueFrom of [...secrets.map((secret) => secret?.valueFrom), ...(credentials === undefined ? [] : [credentials])]) {
    const service = secretService(refs, valueFrom);
    if (service !== undefined) {
      need(service, valueFrom === credentials ? 'reads its registry credentials from Secrets Manager' : `reads a secret from ${service === 'ssm' ? 'Parameter Store' : 'Secrets Manager'}`);
    } else {
      result.obstacles.push({ kind: 'secret', certain: false, container: name, what: 'reads a secret whose store (Secrets Manager or Parameter Store) is a deploy-time value' });
    }
  }
}

/** Where an image comes from: ECR of the VPC's region (with the repositories of other accounts it names), or a registry no endpoint serves. */
type ImageSource =
  | { readonly kind: 'ecr'; readonly foreignRepositories: string[] }
  | { readonly kind: 'unreachable'; readonly certain: boolean; readonly what: string };

function imageSource(stack: Stack, refs: RefTypes, image: unknown): ImageSource {
  const parameter = image === FLUENT_BIT_IMAGE ? FLUENT_BIT_PARAMETER : refs.parameterDefault(image);
  if (parameter !== undefined && parameter.startsWith(FLUENT_BIT_PARAMETER)) {
    // AWS for Fluent Bit, in the ECR of an AWS account of the region (the account differs per region).
    return { kind: 'ecr', foreignRepositories: [`arn:${stack.partition}:ecr:${stack.region}:*:repository/aws-for-fluent-bit`] };
  }
  const text = templateText(image);
  if (text === undefined || text.startsWith(TOKEN) && !/\.dkr\.ecr/.test(text)) {
    return { kind: 'unreachable', certain: false, what: `its image is a deploy-time value (${JSON.stringify(image)}), so its registry is not known at synth` };
  }
  const ecr = /^([^./]+)\.dkr\.ecr(?:-fips)?\.([^./]+)\.[^/]+\/([^:@]+)/.exec(text);
  if (ecr !== null) {
    const [, account, region, repository] = ecr;
    if (region !== TOKEN && !Token.isUnresolved(stack.region) && region !== stack.region) {
      return { kind: 'unreachable', certain: true, what: `image ${text} is in the ECR of ${region}, and VPC endpoints serve only their own region (${stack.region})` };
    }
    const foreign = account !== TOKEN && (Token.isUnresolved(stack.account) || account !== stack.account);
    const name = repository.includes(TOKEN) ? '*' : repository;
    return { kind: 'ecr', foreignRepositories: foreign ? [`arn:${stack.partition}:ecr:${stack.region}:${account}:repository/${name}`] : [] };
  }
  const first = text.split('/')[0];
  const host = text.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
  if (PUBLIC_REGISTRIES.includes(host) || host.endsWith('.gcr.io') || host.endsWith('.pkg.dev')) {
    const registry = host === 'docker.io' ? 'Docker Hub' : host;
    return { kind: 'unreachable', certain: true, what: `image ${text} is in ${registry}, a public registry that no VPC endpoint serves` };
  }
  return { kind: 'unreachable', certain: false, what: `image ${text} is in ${host}, a registry outside ECR, which its subnets reach only if it is in the VPC or a network it routes to` };
}

/** The service a secret's `valueFrom` names: `secretsmanager`, `ssm`, or undefined when it is a deploy-time value. */
function secretService(refs: RefTypes, valueFrom: unknown): string | undefined {
  const text = templateText(valueFrom);
  if (text !== undefined && text.includes(':secretsmanager:')) {
    return 'secretsmanager';
  }
  if (text !== undefined && (text.includes(':ssm:') || text.includes(':parameter/') || (!text.includes(TOKEN) && !text.startsWith('arn:')))) {
    return 'ssm'; // an ARN of Parameter Store, or a parameter's name
  }
  for (const type of refs.typesIn(valueFrom)) {
    if (type === 'AWS::SecretsManager::Secret') {
      return 'secretsmanager';
    }
    if (type === 'AWS::SSM::Parameter') {
      return 'ssm';
    }
  }
  return undefined;
}

/** The resources and parameters of a stack by logical id, to tell what a `Ref` or `GetAtt` names. */
export class RefTypes {
  private byLogicalId?: Map<string, IConstruct>;

  constructor(private readonly stack: Stack) {}

  /** The resource types a resolved value refers to. */
  public typesIn(value: unknown): string[] {
    return logicalIdsIn(value)
      .map((logicalId) => this.element(logicalId))
      .flatMap((target) => (target instanceof CfnResource ? [target.cfnResourceType] : []));
  }

  /** The default of the parameter a value is a `Ref` to (an SSM parameter path, for SSM-typed parameters). */
  public parameterDefault(value: unknown): string | undefined {
    const ref = typeof value === 'object' && value !== null ? (value as any).Ref : undefined;
    const target = typeof ref === 'string' ? this.element(ref) : undefined;
    return target instanceof CfnParameter && typeof target.default === 'string' ? target.default : undefined;
  }

  private element(logicalId: string): IConstruct | undefined {
    if (this.byLogicalId === undefined) {
      this.byLogicalId = new Map();
      for (const construct of this.stack.node.findAll()) {
        if ((construct instanceof CfnResource || construct instanceof CfnParameter) && Stack.of(construct) === this.stack) {
          this.byLogicalId.set(this.stack.resolve(construct.logicalId), construct);
        }
      }
    }
    return this.byLogicalId.get(logicalId);
  }
}
