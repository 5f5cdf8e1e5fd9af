import { createHash } from 'crypto';
import * as path from 'path';
import { App, Stack, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { LIBRARY_DIR, LIBRARY_ENTRY } from './lib/paths';
import { VARIANT_NAMES } from './lib/variants';
import type { CheckVariantName, EndpointCalls, NameShapeName, ShapeName, VariantName } from './results';

/**
 * What the benchmark builds: the same network once with `PrivateDynamoAccess` and once by hand with
 * plain aws-cdk-lib, in the shapes the benchmark measures; and an app of many clients, with the
 * connectivity check on and off.
 *
 * The construct is loaded from the compiled library (`lib/`), the code users run.
 */

/** The types of the library; the code itself is required at run time from `lib/`. */
type Library = typeof import('../src');

let library: Library | undefined;

/** The compiled library, loaded once. */
export function loadLibrary(): Library {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  library ??= require(LIBRARY_ENTRY) as Library;
  return library;
}

/*
 * Internal modules of the compiled library, typed by their source: the values the benchmark shares with
 * the library (its default actions, its policy limit, the endpoint's resource type) are read from the
 * code it measures, never written again here. Each is required on first use and kept, so that reading
 * one costs nothing in a timed run: once `loadLibrary()` has run, they are loaded already.
 */

const libraryModules = new Map<string, unknown>();

function libraryModule<T>(...segments: string[]): T {
  const file = path.join(LIBRARY_DIR, ...segments);
  if (!libraryModules.has(file)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    libraryModules.set(file, require(file));
  }
  return libraryModules.get(file) as T;
}

/** `lib/private/endpoint-policy/actions.js`: the default actions of the endpoint policy. */
export function libraryActions(): typeof import('../src/private/endpoint-policy/actions') {
  return libraryModule('private', 'endpoint-policy', 'actions.js');
}

/** `lib/private/endpoint-policy/policy-length.js`: the limit on the policy's length. */
export function libraryPolicyLength(): typeof import('../src/private/endpoint-policy/policy-length') {
  return libraryModule('private', 'endpoint-policy', 'policy-length.js');
}

/** `lib/private/dynamodb-service.js`: what identifies a DynamoDB endpoint. */
export function libraryDynamodbService(): typeof import('../src/private/dynamodb-service') {
  return libraryModule('private', 'dynamodb-service.js');
}

/** Which implementation builds the network. */
export type Variant = VariantName;
export const VARIANTS = VARIANT_NAMES;

/**
 * The app shapes measured.
 * - `own`: `size` stacks, each with one access on its own new VPC (default props). A stack holds one,
 *   since one VPC with its endpoint is 13 resources and a stack may hold 500.
 * - `shared`: one stack, one imported VPC (`Vpc.fromVpcAttributes`) with `size` isolated subnet groups of
 *   two subnets, each subnet with its own route table, and one access per subnet group.
 */
export type Shape = ShapeName;

/** The app as `cdk synth` builds it: analytics on (the CLI's default), templates written to `outdir`. */
export function newApp(outdir: string): App {
  return new App({ outdir, analyticsReporting: true });
}

/** Builds an app of `shape` with `size` accesses made by `variant`. */
export function buildApp(shape: Shape, variant: Variant, size: number, outdir: string): App {
  const app = newApp(outdir);
  if (shape === 'own') {
    for (let index = 0; index < size; index++) {
      const stack = new Stack(app, `Bench${index}`);
      if (variant === 'construct') {
        new (loadLibrary().PrivateDynamoAccess)(stack, 'Access');
      } else {
        handBuiltAccess(stack, 'Access');
      }
    }
  } else {
    const stack = new Stack(app, 'BenchShared');
    const vpc = importSharedVpc(stack, 'SharedVpc', size);
    for (let index = 0; index < size; index++) {
      const subnetGroupName = subnetGroupNameOf(index);
      if (variant === 'construct') {
        new (loadLibrary().PrivateDynamoAccess)(stack, `Access${index}`, { vpc, subnets: { subnetGroupName } });
      } else {
        const endpoint = vpc.addGatewayEndpoint(`Access${index}GatewayEndpoint`, {
          service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
          subnets: [{ subnetGroupName }],
        });
        dataPerimeterStatements(stack).forEach((statement) => endpoint.addToPolicy(statement));
      }
    }
  }
  return app;
}

/**
 * The hand-built equivalent of `new PrivateDynamoAccess(scope, id)` with default props: what a CDK user
 * writes without the library. The construct ids mirror the construct's so that the trees are alike,
 * but the equivalence check does not depend on them.
 */
export function handBuiltAccess(scope: Construct, id: string): void {
  const group = new Construct(scope, id);
  // the flow log's role with its permissions in a managed policy, as the construct writes it (aws-cdk-lib's own
  // default would add them as an inline policy): the role is passed without policy updates, so that none is added
  const flowLogGroup = new logs.LogGroup(group, 'FlowLogGroup');
  const flowLogRole = new iam.Role(group, 'FlowLogRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
  flowLogRole.addManagedPolicy(new iam.ManagedPolicy(group, 'FlowLogPolicy', {
    description: 'VPC flow log: writes to its log group',
    statements: [new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [flowLogGroup.logGroupArn],
    })],
  }));
  const vpc = new ec2.Vpc(group, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    maxAzs: 2,
    natGateways: 0,
    createInternetGateway: false,
    enableDnsHostnames: true,
    enableDnsSupport: true,
    restrictDefaultSecurityGroup: true,
    subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    flowLogs: {
      FlowLog: {
        trafficType: ec2.FlowLogTrafficType.ALL,
        destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup, flowLogRole.withoutPolicyUpdates()),
      },
    },
  });
  const endpoint = vpc.addGatewayEndpoint('GatewayEndpoint', {
    service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
    subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  dataPerimeterStatements(Stack.of(scope)).forEach((statement) => endpoint.addToPolicy(statement));
}

/**
 * The data-perimeter statements, written out by hand: any table of the account, principals of the
 * account. The actions are the library's defaults, which a user copies from its documentation: read
 * from the library (`libraryActions`), not typed again. A user's copy is part of their source, so a cold
 * synth of the hand-built app reads them before its clock starts (see `cold` in worker.ts).
 */
export function dataPerimeterStatements(stack: Stack): iam.PolicyStatement[] {
  const { DEFAULT_TABLE_ACTIONS, DEFAULT_WILDCARD_ONLY_ACTIONS } = libraryActions();
  const principalOfThisAccount = { StringEquals: { 'aws:PrincipalAccount': stack.account } };
  return [
    new iam.PolicyStatement({
      sid: 'AllowDataAccessToPermittedTables',
      principals: [new iam.AnyPrincipal()],
      actions: [...DEFAULT_TABLE_ACTIONS],
      resources: [stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: '*' })],
      conditions: principalOfThisAccount,
    }),
    new iam.PolicyStatement({
      sid: 'AllowActionsWithoutResourceScope',
      principals: [new iam.AnyPrincipal()],
      actions: [...DEFAULT_WILDCARD_ONLY_ACTIONS],
      resources: ['*'],
      conditions: principalOfThisAccount,
    }),
  ];
}

export const SHARED_VPC_AZS = ['us-east-1a', 'us-east-1b'];

export function subnetGroupNameOf(index: number): string {
  return `Group${index}`;
}

/** An existing VPC with `groups` isolated subnet groups, one subnet per AZ, each subnet with its own route table. */
export function importSharedVpc(scope: Construct, id: string, groups: number): ec2.IVpc {
  const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');
  const count = groups * SHARED_VPC_AZS.length;
  return ec2.Vpc.fromVpcAttributes(scope, id, {
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: SHARED_VPC_AZS,
    // group-major: the subnets of group g are g * AZs ... g * AZs + AZs - 1
    isolatedSubnetIds: Array.from({ length: count }, (_, index) => `subnet-0${hex(index, 16)}`),
    isolatedSubnetRouteTableIds: Array.from({ length: count }, (_, index) => `rtb-0${hex(index, 16)}`),
    isolatedSubnetNames: Array.from({ length: groups }, (_, index) => subnetGroupNameOf(index)),
  });
}

/** The concrete environment of the endpoint-policy measurements. */
export const POLICY_ENV = { account: '123456789012', region: 'eu-west-1' };

/** How the measured table names look. */
export type NameShape = NameShapeName;
export const NAME_SHAPES: readonly NameShape[] = ['random', 'prefixed'];

/**
 * `count` table names of `shape`, the same on every run, each list a prefix of
 * the longer ones. Both shapes average about 25 characters, so that they differ in shape, not in length.
 * - `random`: 16 to 34 random characters from the table-name alphabet;
 * - `prefixed`: `payments-prod-<service>-<nnnn>`, 5 services: long shared prefixes.
 */
export function tableNames(shape: NameShape, count: number): string[] {
  if (shape === 'prefixed') {
    const services = ['ledger', 'orders', 'refunds', 'payouts', 'audit'];
    return Array.from({ length: count }, (_, index) => `payments-prod-${services[index % services.length]}-${String(index).padStart(4, '0')}`);
  }
  // each name from the SHA-256 of its index: random-looking, and the same on every run
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.';
  return Array.from({ length: count }, (_, index) => {
    const bytes = createHash('sha256').update(`bench-table-${index}`).digest();
    const length = 16 + (bytes[0] % 19);
    return Array.from({ length }, (__, position) => alphabet[bytes[position + 1] % alphabet.length]).join('');
  });
}

/**
 * An app with one access, default props except `tables`, in a concrete-environment stack on an imported
 * VPC (the policy does not depend on the VPC). Throws what the construct throws.
 */
export function buildPolicyApp(names: string[], outdir: string): App {
  const app = newApp(outdir);
  const stack = new Stack(app, 'BenchPolicy', { env: POLICY_ENV });
  const vpc = importSharedVpc(stack, 'Vpc', 1);
  const tables = names.map((name, index) => dynamodb.Table.fromTableName(stack, `Table${index}`, name));
  new (loadLibrary().PrivateDynamoAccess)(stack, 'Access', { vpc, tables });
  return app;
}

/** The tag the tag-mode measurement admits tables by. */
export const BENCH_TABLE_TAG = { key: 'data-perimeter', value: 'bench' };

/**
 * An app with one access that admits tables by `tableTag`, and `count` tables that carry the tag, in data
 * stacks of 400 tables (a stack holds at most 500 resources, metadata included).
 */
export function buildTagPolicyApp(count: number, outdir: string): App {
  const app = newApp(outdir);
  const stack = new Stack(app, 'BenchPolicy', { env: POLICY_ENV });
  new (loadLibrary().PrivateDynamoAccess)(stack, 'Access', { vpc: importSharedVpc(stack, 'Vpc', 1), tableTag: BENCH_TABLE_TAG });
  for (let index = 0; index < count; index++) {
    const data = app.node.tryFindChild(`BenchData${Math.floor(index / 400)}`) as Stack | undefined ?? new Stack(app, `BenchData${Math.floor(index / 400)}`, { env: POLICY_ENV });
    const table = new dynamodb.CfnTable(data, `Table${index}`, {
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
    });
    Tags.of(table).add(BENCH_TABLE_TAG.key, BENCH_TABLE_TAG.value);
  }
  return app;
}

/** The two variants of the clients app: the connectivity check on (the default) and off. */
export const CHECK_VARIANTS: readonly [CheckVariantName, CheckVariantName] = ['check', 'no-check'];

/** Clients per application stack: 9 resources each (function, role, policy, security group, 5 granted resources), 450 a stack of at most 500. */
export const CLIENTS_PER_STACK = 50;

/** The network stack of the clients app. */
export const CLIENTS_NETWORK_STACK = 'BenchNetwork';

/**
 * The app the connectivity check's runtime rule is measured on, as a team with `clients` Lambda functions
 * writes it: a network stack with a `PrivateDynamoAccess` (its own VPC, one table admitted), and
 * application stacks of 50 functions, each in `access.subnets` with its own queue, topic, bucket, secret
 * and parameter, granted the table (`grantReadWriteData`) and the 5 others (`grantSendMessages`,
 * `grantPublish`, `grantRead` ×3), passed to `access.allowFrom`. `access.addEndpointsFor` adds the
 * endpoints they need (sqs, sns, secretsmanager, ssm, S3's gateway), called once with every function
 * (`endpointCalls: 'once'`) or once per function after its grants (`'per-client'`): either way the app
 * is clean, the check finds nothing. `variant` turns the check on (`check`, the default) or off
 * (`connectivityCheck: false`).
 */
export function buildClientsApp(variant: CheckVariantName, clients: number, outdir: string, endpointCalls: EndpointCalls = 'once'): App {
  const app = newApp(outdir);
  const network = new Stack(app, CLIENTS_NETWORK_STACK);
  const table = new dynamodb.TableV2(network, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const access = new (loadLibrary().PrivateDynamoAccess)(network, 'Access', { tables: [table], connectivityCheck: variant === 'check' });
  const functions: lambda.Function[] = [];
  for (let index = 0; index < clients; index++) {
    const id = Math.floor(index / CLIENTS_PER_STACK);
    const stack = app.node.tryFindChild(`BenchClients${id}`) as Stack | undefined ?? new Stack(app, `BenchClients${id}`);
    const fn = new lambda.Function(stack, `Fn${index}`, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      vpc: access.vpc,
      vpcSubnets: { subnets: access.subnets },
      environment: access.clientEnvironment,
    });
    table.grantReadWriteData(fn);
    new sqs.Queue(stack, `Queue${index}`).grantSendMessages(fn);
    new sns.Topic(stack, `Topic${index}`).grantPublish(fn);
    new s3.Bucket(stack, `Bucket${index}`).grantRead(fn);
    new secretsmanager.Secret(stack, `Secret${index}`).grantRead(fn);
    new ssm.StringParameter(stack, `Parameter${index}`, { stringValue: `value-${index}` }).grantRead(fn);
    access.allowFrom(fn);
    if (endpointCalls === 'per-client') {
      access.addEndpointsFor(fn);
    }
    functions.push(fn);
  }
  if (endpointCalls === 'once') {
    access.addEndpointsFor(...functions);
  }
  return app;
}
