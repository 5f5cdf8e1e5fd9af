import { LONG_TAIL_ENDPOINT_ROWS } from './endpoints-long-tail.data';
import { ENDPOINT_ROWS, EndpointRow } from './endpoints.data';
import { LONG_TAIL_PREFIX_ROWS } from './prefixes-long-tail.data';
import { PREFIX_ROWS, PrefixRow, TargetRow } from './prefixes.data';

/*
 * How each AWS service is reached from a client's network: from an IAM service prefix (and, where needed,
 * an action) to the VPC endpoint service that serves the call, or to why no endpoint does. Internal module:
 * the one source of these facts for the connectivity check and `addEndpointsFor`. The facts live in
 * ./endpoints.data.ts and ./prefixes.data.ts (the long tail of services in ./endpoints-long-tail.data.ts and
 * ./prefixes-long-tail.data.ts); every one cites its AWS page in docs/design/service-catalogue.md.
 */

/** Where a call goes, as the check judges it. */
export type ServiceTarget =
  /** An AWS endpoint service, by its short name (the part after `com.amazonaws.<region>.`): `sqs`, `ecr.api`, `s3`. */
  | { readonly endpoint: string }
  /** No VPC endpoint serves it from this VPC (a global API, or a service without PrivateLink): only a NAT route or a proxy. */
  | { readonly none: string }
  /** Not a call to an AWS API endpoint from the client's network: a data plane inside the VPC (rds-db:connect,
   *  elasticache:Connect, kafka-cluster:*), or a permission that is no call of its own (iam:PassRole). Never judged. */
  | { readonly inVpc: string };

/** One endpoint service of AWS (interface and/or gateway), by short name. */
export interface EndpointService {
  /** The short name: `sqs`, `ecr.api`, `s3`, `dynamodb`, `dynamodb-streams`, `kinesis-streams`. */
  readonly name: string;
  /** How messages name it: `Amazon SQS (sqs)`. */
  readonly label: string;
  /** It has an interface endpoint (PrivateLink). */
  readonly interface: boolean;
  /** It has a gateway endpoint (only s3 and dynamodb). */
  readonly gateway: boolean;
  /** Its interface endpoint supports private DNS (false for dynamodb and dynamodb-streams). */
  readonly privateDns: boolean;
  /**
   * Its VPC endpoints support endpoint policies, as the service's own page says. False where the page says
   * they do not, and where no page read says they do: the library then writes no policy, which deploys either
   * way, while a policy on an endpoint that takes none fails the deployment ("only supports the full-access
   * endpoint policy").
   */
  readonly endpointPolicy: boolean;
  /** The AWS SDKs' service-specific endpoint variable (`AWS_ENDPOINT_URL_SQS`); absent where no SDK client calls it. */
  readonly urlVariable?: string;
  /** Construct id of the endpoint `addEndpointsFor` creates (API: it makes the logical id). */
  readonly constructId: string;
  /**
   * Its service name has no Region: `com.amazonaws.iam` (aws-cdk-lib's `InterfaceVpcEndpointAwsService.IAM`),
   * so `new InterfaceVpcEndpointAwsService(name)` does not name it. Addition to the lead's API.
   * @default false
   */
  readonly global?: boolean;
  /**
   * The only Regions where a VPC can have this endpoint (IAM: us-east-1, cn-north-1, us-gov-west-1); a VPC
   * elsewhere reaches it only through another VPC. Addition to the lead's API.
   * @default - every Region where the service is offered
   */
  readonly regions?: readonly string[];
  /**
   * aws-cdk-lib 2.222.0 has a static `InterfaceVpcEndpointAwsService` member of this short name. False for the few
   * endpoints that only the service's own page names (`cognito-idp`, `email`, `iot.api`, ...): create them with
   * `new InterfaceVpcEndpointAwsService(name)`, which resolves to the same `com.amazonaws.<region>.<name>`.
   * Addition to the lead's API.
   * @default true
   */
  readonly cdkMember?: boolean;
}

/** One IAM service prefix and where its calls go. */
export interface ServicePrefix {
  /** IAM service prefix: `sqs`, `kinesis`, `firehose`, `bedrock`. */
  readonly prefix: string;
  /** `Amazon SQS`. */
  readonly label: string;
  /** Where its actions' calls go by default. */
  readonly target: ServiceTarget;
  /** Actions whose calls go elsewhere than `target`, as IAM action patterns without the prefix
   *  (`InvokeModel*`, `ApplyGuardrail`): first match wins. */
  readonly actions?: ReadonlyArray<{ readonly match: readonly string[]; readonly target: ServiceTarget }>;
}

/** Construct ids that `addEndpointsFor` gave before this catalogue and that users' logical ids keep. */
const KEPT_CONSTRUCT_IDS: { readonly [name: string]: string } = {
  'ecr.dkr': 'EcrDockerEndpoint',
  's3': 'S3GatewayEndpoint',
  'secretsmanager': 'SecretsManagerEndpoint',
  'kinesis-firehose': 'FirehoseEndpoint',
};

/**
 * The construct id of the endpoint for a short name: the PascalCase of its `.`- and `-`-separated parts and
 * `Endpoint` (`sqs` SqsEndpoint, `bedrock-runtime` BedrockRuntimeEndpoint, `sagemaker.runtime`
 * SagemakerRuntimeEndpoint), except the ids kept from before (`ecr.dkr` EcrDockerEndpoint, `s3` S3GatewayEndpoint,
 * `secretsmanager` SecretsManagerEndpoint, `kinesis-firehose` FirehoseEndpoint).
 */
export function endpointConstructId(name: string): string {
  const kept = KEPT_CONSTRUCT_IDS[name];
  if (kept !== undefined) {
    return kept;
  }
  const parts = name.split(/[.-]/).filter((part) => part.length > 0);
  return `${parts.map((part) => part[0].toUpperCase() + part.slice(1)).join('')}Endpoint`;
}

function endpointOf(row: EndpointRow): EndpointService {
  return {
    name: row.name,
    label: `${row.label} (${row.name})`,
    interface: row.interface ?? true,
    gateway: row.gateway ?? false,
    privateDns: row.privateDns ?? true,
    endpointPolicy: row.endpointPolicy ?? false,
    ...(row.urlVariable === undefined ? {} : { urlVariable: row.urlVariable }),
    constructId: endpointConstructId(row.name),
    ...(row.global === undefined ? {} : { global: row.global }),
    ...(row.regions === undefined ? {} : { regions: row.regions }),
    ...(row.cdkMember === undefined ? {} : { cdkMember: row.cdkMember }),
  };
}

function targetOf(row: TargetRow): ServiceTarget {
  return typeof row === 'string' ? { endpoint: row } : row;
}

function prefixOf(row: PrefixRow): ServicePrefix {
  return {
    prefix: row.prefix,
    label: row.label,
    target: targetOf(row.target),
    ...(row.actions === undefined ? {} : {
      actions: row.actions.map(([match, target]) => ({ match, target: targetOf(target) })),
    }),
  };
}

const ENDPOINTS: readonly EndpointService[] = [...ENDPOINT_ROWS, ...LONG_TAIL_ENDPOINT_ROWS].map(endpointOf);
const ENDPOINTS_BY_NAME = new Map(ENDPOINTS.map((service) => [service.name, service]));
const PREFIXES: readonly ServicePrefix[] = [...PREFIX_ROWS, ...LONG_TAIL_PREFIX_ROWS].map(prefixOf);
const PREFIXES_BY_NAME = new Map(PREFIXES.map((service) => [service.prefix, service]));

/** The endpoint service of a short name (`sqs`, `ecr.api`), or `undefined` when the catalogue does not know it. */
export function endpointService(name: string): EndpointService | undefined {
  return ENDPOINTS_BY_NAME.get(name);
}

/** The IAM service prefix (case-insensitive: `SQS` is `sqs`), or `undefined` when the catalogue does not know it. */
export function servicePrefix(prefix: string): ServicePrefix | undefined {
  return PREFIXES_BY_NAME.get(prefix.toLowerCase());
}

/**
 * Where one granted action goes: `targetsOfAction('bedrock:InvokeModel')` is `[{ endpoint: 'bedrock-runtime' }]`.
 * An action pattern with wildcards (`sqs:*`, `bedrock:Invoke*`) gives every target it may reach, each once.
 * `undefined` for a prefix the catalogue does not know, for `*` alone, and for a prefix with a wildcard (`s*:Get*`).
 */
export function targetsOfAction(action: string): ServiceTarget[] | undefined {
  const colon = action.indexOf(':');
  if (colon < 0) {
    return undefined;
  }
  const service = servicePrefix(action.slice(0, colon));
  if (service === undefined) {
    return undefined;
  }
  const name = action.slice(colon + 1);
  if (!/[*?]/.test(name)) {
    const exception = (service.actions ?? []).find((candidate) => candidate.match.some((pattern) => globMatches(pattern, name)));
    return [exception?.target ?? service.target];
  }
  const targets: ServiceTarget[] = [];
  for (const exception of service.actions ?? []) {
    if (exception.match.some((pattern) => globsIntersect(pattern, name))) {
      targets.push(exception.target);
    }
  }
  targets.push(service.target);
  return targets.filter((target, index) => targets.findIndex((other) => sameTarget(other, target)) === index);
}

/** Every endpoint service of the catalogue. */
export function allEndpointServices(): readonly EndpointService[] {
  return ENDPOINTS;
}

/** Every IAM service prefix of the catalogue. */
export function allServicePrefixes(): readonly ServicePrefix[] {
  return PREFIXES;
}

function sameTarget(a: ServiceTarget, b: ServiceTarget): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether an IAM action pattern (`*` any run of characters, `?` one character; case-insensitive) matches a name. */
export function globMatches(pattern: string, name: string): boolean {
  return globsIntersect(pattern, name);
}

/** Whether some action name matches both IAM action patterns (case-insensitive). */
export function globsIntersect(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const memo = new Map<number, boolean>();
  const walk = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) {
      return known;
    }
    let result: boolean;
    if (i === x.length && j === y.length) {
      result = true;
    } else if (i < x.length && x[i] === '*') {
      result = walk(i + 1, j) || (j < y.length && walk(i, j + 1));
    } else if (j < y.length && y[j] === '*') {
      result = walk(i, j + 1) || (i < x.length && walk(i + 1, j));
    } else if (i < x.length && j < y.length) {
      result = (x[i] === y[j] || x[i] === '?' || y[j] === '?') && walk(i + 1, j + 1);
    } else {
      result = false;
    }
    memo.set(key, result);
    return result;
  };
  return walk(0, 0);
}
