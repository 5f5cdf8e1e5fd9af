import { createHash } from 'crypto';

/**
 * Turns the policies of a synthesized CloudFormation template into the concrete JSON AWS would
 * evaluate once deployed: intrinsic functions and pseudo parameters are replaced by test values.
 *
 * Resolved values:
 * - pseudo parameters: account `111111111111`, region `eu-west-1`, partition `aws` (overridable);
 * - a DynamoDB table: its `TableName` if the template gives one, else its logical id; `Arn` and
 *   `StreamArn` built from that name;
 * - a VPC, a VPC endpoint, a subnet, a route table, a security group: an id of the right shape
 *   (`vpc-…`, `vpce-…`, …) derived from the logical id, so the same logical id always gets the same id;
 * - a VPC endpoint's `DnsEntries`: regional and zonal names under that id;
 * - a log group's `Arn`: `arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*` (its `LogGroupName`, else its logical id).
 *
 * - `Fn::ImportValue` and a nested stack's parameters: through the options (see ./resolve-app.ts, which
 *   resolves them from the other templates of the app).
 *
 * Anything else (an attribute it does not know, an import without a resolver, an unknown function)
 * throws, so that a test never evaluates a policy that was only half resolved.
 */

/** The concrete environment the template is resolved for. */
export interface TestEnvironment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

export const TEST_ENVIRONMENT: TestEnvironment = { account: '111111111111', region: 'eu-west-1', partition: 'aws' };

/** A policy document as JSON. */
export type PolicyJson = { Version?: string; Statement: StatementJson[] };
export type StatementJson = Record<string, any>;

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}

interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { Default?: unknown }>;
}

const TABLE_TYPES = new Set(['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']);

/** Id prefixes AWS uses, by resource type. */
const ID_PREFIXES: Record<string, string> = {
  'AWS::EC2::VPC': 'vpc',
  'AWS::EC2::VPCEndpoint': 'vpce',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::RouteTable': 'rtb',
  'AWS::EC2::SecurityGroup': 'sg',
  'AWS::EC2::FlowLog': 'fl',
};

/** The label of a table's latest stream; any timestamp does. */
export const TEST_STREAM_LABEL = '2024-01-01T00:00:00.000';

/** A DynamoDB VPC endpoint of the template, with its policy resolved. */
export interface ResolvedEndpoint {
  readonly logicalId: string;
  /** `Gateway` or `Interface`. */
  readonly type: string;
  /** The resolved service name, e.g. `com.amazonaws.eu-west-1.dynamodb`. */
  readonly serviceName: string;
  /** The endpoint id (`vpce-…`), what a request through it carries as `aws:SourceVpce`. */
  readonly id: string;
  /** The VPC id, what a request through it carries as `aws:SourceVpc`. */
  readonly vpcId: string;
  /** The endpoint policy, resolved; `undefined` when the endpoint has none (full access). */
  readonly policy: PolicyJson | undefined;
}

/** How a template of a multi-stack app resolves what comes from the other templates. */
export interface ResolverOptions {
  /** Mixed into every generated id, so that the same logical id in two stacks is two resources. */
  readonly idSeed?: string;
  /** The value of `{ "Fn::ImportValue": name }`. */
  readonly importValue?: (exportName: string) => unknown;
  /** Parameter values (a nested stack's, as its parent passes them). */
  readonly parameters?: Record<string, unknown>;
  /** The value of `{ "Fn::GetAtt": [nestedStack, "Outputs.name"] }`. */
  readonly nestedOutput?: (nestedStackLogicalId: string, outputName: string) => unknown;
}

export class TemplateResolver {
  public readonly env: TestEnvironment;
  private readonly template: CfnTemplate;

  constructor(template: unknown, env: Partial<TestEnvironment> = {}, private readonly options: ResolverOptions = {}) {
    this.template = template as CfnTemplate;
    this.env = { ...TEST_ENVIRONMENT, ...env };
  }

  /** The template's outputs, resolved by name: `{ name: { value, exportName } }`. */
  public outputs(): Record<string, { value: unknown; exportName?: string }> {
    const outputs = (this.template as any).Outputs ?? {};
    return Object.fromEntries(Object.entries<any>(outputs).map(([name, output]) =>
      [name, { value: this.resolve(output.Value), exportName: output.Export === undefined ? undefined : this.resolve(output.Export.Name) }]));
  }

  /** Every logical id of a resource of `type`. */
  public logicalIdsOfType(type: string): string[] {
    return Object.entries(this.template.Resources).filter(([, resource]) => resource.Type === type).map(([logicalId]) => logicalId);
  }

  /** The concrete value of any part of the template. */
  public resolve(value: unknown): any {
    if (Array.isArray(value)) {
      return value.map((item) => this.resolve(item)).filter((item) => item !== NO_VALUE);
    }
    if (typeof value !== 'object' || value === null) {
      return value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return this.resolveIntrinsic(keys[0], (value as Record<string, unknown>)[keys[0]]);
    }
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      const resolved = this.resolve(entry);
      if (resolved !== NO_VALUE) {
        result[key] = resolved;
      }
    }
    return result;
  }

  /** The concrete value of `{ "Ref": name }`. */
  public ref(name: string): string {
    switch (name) {
      case 'AWS::AccountId': return this.env.account;
      case 'AWS::Region': return this.env.region;
      case 'AWS::Partition': return this.env.partition;
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return 'TestStack';
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter !== undefined && this.options.parameters !== undefined && name in this.options.parameters) {
      return this.options.parameters[name] as string;
    }
    if (parameter !== undefined) {
      if (parameter.Default === undefined) {
        throw new Error(`resolve-template: parameter ${name} has no default to resolve it to`);
      }
      return parameter.Default as string;
    }
    const resource = this.resource(name);
    if (TABLE_TYPES.has(resource.Type)) {
      return this.tableName(name);
    }
    if (resource.Type === 'AWS::SNS::Topic') {
      return `arn:${this.env.partition}:sns:${this.env.region}:${this.env.account}:${name}`;
    }
    if (resource.Type === 'AWS::SecretsManager::Secret') {
      return `arn:${this.env.partition}:secretsmanager:${this.env.region}:${this.env.account}:secret:${name}-AbCdEf`;
    }
    if (resource.Type === 'AWS::S3::Bucket') {
      return name.toLowerCase();
    }
    const prefix = ID_PREFIXES[resource.Type];
    const seed = this.options.idSeed === undefined ? name : `${this.options.idSeed}/${name}`;
    return prefix !== undefined ? `${prefix}-${hex(seed, 17)}` : `${name}-id`;
  }

  /** The concrete value of `{ "Fn::GetAtt": [logicalId, attribute] }`. */
  public getAtt(logicalId: string, attribute: string): any {
    const resource = this.resource(logicalId);
    if (TABLE_TYPES.has(resource.Type)) {
      if (attribute === 'Arn') {
        return this.tableArn(this.tableName(logicalId));
      }
      if (attribute === 'StreamArn') {
        return `${this.tableArn(this.tableName(logicalId))}/stream/${TEST_STREAM_LABEL}`;
      }
    }
    if (resource.Type === 'AWS::EC2::VPC' && attribute === 'CidrBlock') {
      return this.resolve(resource.Properties?.CidrBlock);
    }
    if (resource.Type === 'AWS::EC2::VPCEndpoint') {
      if (attribute === 'Id') {
        return this.ref(logicalId);
      }
      if (attribute === 'DnsEntries') {
        const name = `${this.ref(logicalId)}-${hex(`${logicalId}/dns`, 8)}.${this.serviceSuffix(resource)}.${this.env.region}.vpce.amazonaws.com`;
        return [`Z7HUB22UULQXV:${name}`, `Z7HUB22UULQXV:${name.replace('.', `-${this.env.region}a.`)}`];
      }
    }
    if (resource.Type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.') && this.options.nestedOutput !== undefined) {
      return this.options.nestedOutput(logicalId, attribute.slice('Outputs.'.length));
    }
    if (resource.Type === 'AWS::EC2::SecurityGroup' && attribute === 'GroupId') {
      return this.ref(logicalId);
    }
    if (resource.Type === 'AWS::S3::Bucket' && attribute === 'Arn') {
      return `arn:${this.env.partition}:s3:::${this.ref(logicalId)}`;
    }
    if (resource.Type === 'AWS::KMS::Key' && attribute === 'Arn') {
      return `arn:${this.env.partition}:kms:${this.env.region}:${this.env.account}:key/${logicalId}`;
    }
    if (resource.Type === 'AWS::Logs::LogGroup' && attribute === 'Arn') {
      // the log group's ARN with `:*` appended, as aws-cdk-lib's ILogGroup.logGroupArn documents it
      const name = resource.Properties?.LogGroupName === undefined ? logicalId : this.resolve(resource.Properties.LogGroupName);
      return `arn:${this.env.partition}:logs:${this.env.region}:${this.env.account}:log-group:${name}:*`;
    }
    if (attribute === 'Arn') {
      return `arn:${this.env.partition}:${resource.Type.split('::')[1].toLowerCase()}:${this.env.region}:${this.env.account}:${logicalId}`;
    }
    throw new Error(`resolve-template: attribute ${attribute} of ${logicalId} (${resource.Type}) has no test value`);
  }

  /** A table's name: its `TableName`, or its logical id when CloudFormation would generate one. */
  public tableName(logicalId: string): string {
    const resource = this.resource(logicalId);
    if (!TABLE_TYPES.has(resource.Type)) {
      throw new Error(`resolve-template: ${logicalId} is a ${resource.Type}, not a DynamoDB table`);
    }
    const name = resource.Properties?.TableName;
    return name === undefined ? logicalId : this.resolve(name);
  }

  /** The ARN of the table called `name` in the test account and region (or in `account`). */
  public tableArn(name: string, account: string = this.env.account): string {
    return `arn:${this.env.partition}:dynamodb:${this.env.region}:${account}:table/${name}`;
  }

  /** Every DynamoDB (and DynamoDB Streams) VPC endpoint of the template, resolved. */
  public dynamoEndpoints(): ResolvedEndpoint[] {
    return this.vpcEndpoints().filter((endpoint) => /\.dynamodb(-streams)?$/.test(endpoint.serviceName));
  }

  /** Every VPC endpoint of the template, resolved; with `service`, only those of that short name (`sqs`, `s3`, ...). */
  public vpcEndpoints(service?: string): ResolvedEndpoint[] {
    return this.logicalIdsOfType('AWS::EC2::VPCEndpoint').map((logicalId) => {
      const properties = this.resource(logicalId).Properties ?? {};
      return {
        logicalId,
        type: properties.VpcEndpointType ?? 'Gateway',
        serviceName: this.resolve(properties.ServiceName),
        id: this.ref(logicalId),
        vpcId: this.resolve(properties.VpcId),
        policy: properties.PolicyDocument === undefined ? undefined : this.resolve(properties.PolicyDocument),
      };
    }).filter((endpoint) => service === undefined || endpoint.serviceName === `com.amazonaws.${this.env.region}.${service}`);
  }

  /**
   * The resource policy of a table, resolved: `ResourcePolicy` of an `AWS::DynamoDB::Table`, or that of
   * the replica in the test region of an `AWS::DynamoDB::GlobalTable` (what `TableV2` synthesizes).
   * `undefined` when the table has none.
   */
  public tableResourcePolicy(logicalId: string): PolicyJson | undefined {
    const resource = this.resource(logicalId);
    if (resource.Type === 'AWS::DynamoDB::Table') {
      return this.resolve(resource.Properties?.ResourcePolicy?.PolicyDocument);
    }
    if (resource.Type === 'AWS::DynamoDB::GlobalTable') {
      const replica = (resource.Properties?.Replicas ?? []).find((candidate: any) => this.resolve(candidate.Region) === this.env.region);
      return replica?.ResourcePolicy === undefined ? undefined : this.resolve(replica.ResourcePolicy.PolicyDocument);
    }
    throw new Error(`resolve-template: ${logicalId} is a ${resource.Type}, not a DynamoDB table`);
  }

  private resource(logicalId: string): CfnResource {
    const resource = this.template.Resources[logicalId];
    if (resource === undefined) {
      throw new Error(`resolve-template: no resource or parameter ${logicalId} in the template`);
    }
    return resource;
  }

  private serviceSuffix(endpoint: CfnResource): string {
    const serviceName: string = this.resolve(endpoint.Properties?.ServiceName);
    return serviceName.split('.').slice(-1)[0];
  }

  private resolveIntrinsic(name: string, argument: any): any {
    switch (name) {
      case 'Ref':
        return argument === 'AWS::NoValue' ? NO_VALUE : this.ref(argument);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof argument === 'string' ? splitOnce(argument, '.') : argument;
        return this.getAtt(logicalId, attribute);
      }
      case 'Fn::Join': {
        const [separator, parts] = argument;
        return (this.resolve(parts) as unknown[]).join(separator);
      }
      case 'Fn::Sub': {
        const [text, variables] = typeof argument === 'string' ? [argument, {}] : argument;
        const values: Record<string, unknown> = this.resolve(variables);
        return (text as string).replace(/\$\{([^}!][^}]*)\}/g, (_match, variable: string) => {
          if (variable in values) {
            return String(values[variable]);
          }
          return variable.includes('.') ? this.getAtt(...splitOnce(variable, '.')) : this.ref(variable);
        }).replace(/\$\{!/g, '${');
      }
      case 'Fn::Select': {
        const [index, list] = argument;
        return this.resolve(list)[Number(this.resolve(index))];
      }
      case 'Fn::Split': {
        const [separator, text] = argument;
        return String(this.resolve(text)).split(separator);
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.env.region}${zone}`);
      case 'Fn::ImportValue': {
        if (this.options.importValue === undefined) {
          throw new Error(`resolve-template: Fn::ImportValue ${JSON.stringify(argument)} without a resolver for the other stacks`);
        }
        return this.options.importValue(this.resolve(argument));
      }
      default:
        throw new Error(`resolve-template: ${name} has no test value (${JSON.stringify(argument)})`);
    }
  }
}

/**
 * The policy in the shape `@cloud-copilot/iam-simulate` validates endpoint policies against: it wants
 * `"Principal": "*"`, where aws-cdk-lib writes `{"AWS": "*"}`. AWS treats the two alike ("every
 * principal"), so this changes nothing about what the policy admits.
 */
export function normalizeEndpointPolicy(policy: PolicyJson): PolicyJson {
  return {
    ...policy,
    Statement: policy.Statement.map((statement) => (isEveryone(statement.Principal) ? { ...statement, Principal: '*' } : statement)),
  };
}

function isEveryone(principal: unknown): boolean {
  if (typeof principal !== 'object' || principal === null) {
    return false;
  }
  const entries = Object.entries(principal);
  return entries.length === 1 && entries[0][0] === 'AWS' && (entries[0][1] === '*' || (Array.isArray(entries[0][1]) && entries[0][1].length === 1 && entries[0][1][0] === '*'));
}

/** Marks `{ "Ref": "AWS::NoValue" }`: the property or item is dropped. */
const NO_VALUE = Symbol('AWS::NoValue');

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + 1)];
}

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}
