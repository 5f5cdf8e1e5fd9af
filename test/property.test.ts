// Property-based tests: random prop sets, each ending either in a template that keeps the invariants
// or in an Error whose message starts with the name of the prop at fault. Any other exception fails.
//
// On failure, fast-check prints the seed and the path of the smallest failing case; replay it with
//   PROPERTY_SEED=<seed> PROPERTY_PATH=<path> npx jest test/property.test.ts --coverage=false
// A larger run (the CI run is PROPERTY_RUNS=1000, PROPERTY_LINT_RUNS=1):
//   PROPERTY_RUNS=20000 PROPERTY_LINT_RUNS=20 npx jest test/property.test.ts --coverage=false
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import fc from 'fast-check';
import { DynamoEndpoint, InterfaceEndpointOptions, PrivateDynamoAccess, PrivateDynamoAccessProps } from '../src';
import { expectCfnLintClean } from './support/cfn-lint';
import { TemplateResolver } from './support/resolve-template';
import { ENDPOINT_POLICY_MAX_CHARACTERS } from '../src/private/endpoint-policy/policy-length';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
/** About 40 ms a run on 2 busy cores; the limit leaves room for a machine shared with other test files. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 250);
const LINT_RUNS = Number(process.env.PROPERTY_LINT_RUNS ?? 1);
const REPLAY = {
  ...(process.env.PROPERTY_SEED ? { seed: Number(process.env.PROPERTY_SEED) } : {}),
  ...(process.env.PROPERTY_PATH ? { path: process.env.PROPERTY_PATH } : {}),
};

/** An error for bad input names the prop at fault first. */
const PROP_NAMED_ERROR = /^(vpcOptions|subnets|tables|actions|principalOrgId|endpoint)\b/;

// ---------------------------------------------------------------------------------------------------
// The random prop sets
// ---------------------------------------------------------------------------------------------------

type SubnetChoice = 'default' | 'isolated' | 'private' | 'public' | 'group:Isolated' | 'group:Data' | 'group:Missing' | 'onePerAz' | 'firstAz';

type VpcSpec =
  | { kind: 'new'; maxAzs?: number; subnetCidrMask?: number; flowLogs?: boolean; alsoVpc: boolean }
  | { kind: 'app'; azs: number; groups: Array<'public' | 'private' | 'isolated' | 'data'> }
  | { kind: 'imported'; azs: number; subnetsPerAz: number; routeTables: 'each' | 'shared' | 'none'; withCidr: boolean; withPrivate: boolean };

interface TablesSpec {
  /** Names of tables imported with Table.fromTableName (valid and invalid, repeats included). */
  readonly names: string[];
  /** Tables defined in the stack (TableV2), whose names are only known at deploy time. */
  readonly own: number;
  /** A table imported by ARN from another region or account. */
  readonly foreign: 'none' | 'region' | 'account';
}

interface EndpointSpec {
  readonly mode: 'gateway' | 'interface' | 'gateway+interface' | 'gateway-with-interface-options';
  readonly streams?: boolean;
  readonly peers?: 'none' | 'ipv4' | 'ipv6';
  readonly subnets?: SubnetChoice;
  readonly securityGroup?: boolean;
}

interface Scenario {
  readonly concreteEnv: boolean;
  readonly vpc: VpcSpec;
  readonly subnets: SubnetChoice;
  readonly endpoint?: EndpointSpec;
  readonly tables?: TablesSpec;
  readonly actions?: string[];
  readonly principalOrgId?: string;
  /** 0: synthesize the whole app with Template.fromStack and check the template too (1 run in 20). */
  readonly synthTicket: number;
}

const NAME_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-'];
const validTableName = fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 3, maxLength: 60 });
const invalidTableName = fc.oneof(
  fc.constant('ab'),
  validTableName.map((name) => `${name}*`),
  validTableName.map((name) => `${name}/index/byCustomer`),
  validTableName.map((name) => `${name.slice(0, 2)}?${name.slice(2)}`),
);

/**
 * Table names: usually a few, sometimes up to 2,000. A long list is derived from a seed so that it
 * stays cheap to generate and to shrink (fast-check shrinks the count).
 */
const tableNames: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 20, arbitrary: fc.array(validTableName, { maxLength: 12 }) },
  { weight: 1, arbitrary: fc.tuple(fc.array(validTableName, { maxLength: 5 }), invalidTableName).map(([valid, invalid]) => [...valid, invalid]) },
  { weight: 4, arbitrary: manyNames(12, 160) },
  { weight: 1, arbitrary: manyNames(160, 2000) },
);

function manyNames(min: number, max: number): fc.Arbitrary<string[]> {
  return fc.record({ count: fc.integer({ min, max }), seed: fc.nat() }).map(({ count, seed }) => derivedNames(count, seed));
}

/** `count` valid table names of mixed lengths (3 to 60) and characters, some repeated. */
function derivedNames(count: number, seed: number): string[] {
  let state = seed || 1;
  const next = () => {
    state = (state * 48271) % 2147483647;
    return state;
  };
  const names: string[] = [];
  for (let index = 0; index < count; index++) {
    if (index > 0 && next() % 50 === 0) {
      names.push(names[next() % names.length]);
      continue;
    }
    const length = 3 + (next() % 58);
    names.push(Array.from({ length }, () => NAME_CHARS[next() % NAME_CHARS.length]).join(''));
  }
  return names;
}

const subnetChoice: fc.Arbitrary<SubnetChoice> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('default' as const) },
  { weight: 4, arbitrary: fc.constantFrom('isolated' as const, 'onePerAz' as const, 'group:Isolated' as const) },
  { weight: 2, arbitrary: fc.constantFrom('private' as const, 'public' as const, 'group:Data' as const, 'group:Missing' as const, 'firstAz' as const) },
);

function mostlyValid<T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: invalid });
}

const vpcSpec: fc.Arbitrary<VpcSpec> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('new' as const),
      maxAzs: fc.option(mostlyValid(fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, -1, 1.5)), { nil: undefined }),
      subnetCidrMask: fc.option(mostlyValid(fc.integer({ min: 16, max: 28 }), fc.constantFrom(8, 15, 29, 32, 24.5)), { nil: undefined }),
      flowLogs: fc.option(fc.boolean(), { nil: undefined }),
      alsoVpc: fc.integer({ min: 0, max: 9 }).map((ticket) => ticket === 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('app' as const),
      azs: fc.integer({ min: 1, max: 3 }),
      groups: fc.uniqueArray(fc.constantFrom('public' as const, 'private' as const, 'isolated' as const, 'data' as const), { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('imported' as const),
      azs: fc.integer({ min: 1, max: 3 }),
      subnetsPerAz: fc.integer({ min: 1, max: 2 }),
      routeTables: fc.oneof({ weight: 6, arbitrary: fc.constant('each' as const) }, { weight: 2, arbitrary: fc.constant('shared' as const) }, { weight: 1, arbitrary: fc.constant('none' as const) }),
      withCidr: fc.boolean(),
      withPrivate: fc.boolean(),
    }),
  },
);

const endpointSpec: fc.Arbitrary<EndpointSpec | undefined> = fc.option(fc.record({
  mode: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('gateway' as const, 'interface' as const, 'gateway+interface' as const) },
    { weight: 1, arbitrary: fc.constant('gateway-with-interface-options' as const) },
  ),
  streams: fc.option(fc.boolean(), { nil: undefined }),
  peers: fc.option(fc.oneof({ weight: 6, arbitrary: fc.constantFrom('none' as const, 'ipv4' as const) }, { weight: 1, arbitrary: fc.constant('ipv6' as const) }), { nil: undefined }),
  subnets: fc.option(subnetChoice, { nil: undefined }),
  securityGroup: fc.option(fc.boolean(), { nil: undefined }),
}, { requiredKeys: ['mode'] }), { nil: undefined });

const VALID_ACTIONS = [
  'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:Get*',
  'dynamodb:DescribeEndpoints', 'dynamodb:ListStreams', 'dynamodb:ListTables', 'dynamodb:GetRecords', 'DynamoDB:updateitem', 'dynamodb:*',
];
const actions: fc.Arbitrary<string[] | undefined> = fc.option(fc.oneof(
  { weight: 16, arbitrary: fc.subarray(VALID_ACTIONS, { minLength: 1 }) },
  { weight: 1, arbitrary: fc.constant<string[]>([]) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.subarray(VALID_ACTIONS), fc.constantFrom('s3:GetObject', 'dynamodb', 'dynamodb:Get Item', '', 'GetItem', 'dynamodb-streams:GetRecords'))
      .map(([valid, invalid]) => [...valid, invalid]),
  },
), { nil: undefined });

const principalOrgId: fc.Arbitrary<string | undefined> = fc.option(fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^o-[a-z0-9]{10,32}$/) },
  { weight: 1, arbitrary: fc.oneof(fc.constant('o-short'), fc.constant('O-A1B2C3D4E5'), fc.constant('111111111111'), fc.string({ maxLength: 12 })) },
), { nil: undefined });

const scenario: fc.Arbitrary<Scenario> = fc.record({
  concreteEnv: fc.boolean(),
  vpc: vpcSpec,
  subnets: subnetChoice,
  endpoint: endpointSpec,
  tables: fc.option(fc.record({
    names: tableNames,
    own: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
    foreign: fc.oneof({ weight: 12, arbitrary: fc.constant('none' as const) }, { weight: 1, arbitrary: fc.constantFrom('region' as const, 'account' as const) }),
  }), { nil: undefined }),
  actions,
  principalOrgId,
  synthTicket: fc.integer({ min: 0, max: 19 }),
});

// ---------------------------------------------------------------------------------------------------
// Building a stack from a scenario
// ---------------------------------------------------------------------------------------------------

const ENV = { account: '111111111111', region: 'eu-west-1' };

interface Built {
  readonly stack: Stack;
  readonly vpc?: ec2.IVpc;
  /** The props, without `endpoint`. */
  readonly props: PrivateDynamoAccessProps;
  /** Makes the `endpoint` prop: its factory methods validate their options, so it is part of the act. */
  readonly endpoint: () => DynamoEndpoint | undefined;
  readonly ownTables: dynamodb.TableV2[];
}

/** The stack and the props (the test's own part: nothing here may throw). */
function arrange(spec: Scenario): Built {
  const stack = new Stack(new App(), 'Stack', spec.concreteEnv ? { env: ENV } : {});
  const vpc = buildVpc(stack, spec.vpc);
  const ownTables = Array.from({ length: spec.tables?.own ?? 0 }, (_, index) =>
    new dynamodb.TableV2(stack, `Own${index}`, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }));
  const tables = spec.tables === undefined ? undefined : [
    ...spec.tables.names.map((name, index) => dynamodb.Table.fromTableName(stack, `Imported${index}`, name)),
    ...ownTables,
    ...(spec.tables.foreign === 'none' ? [] : [dynamodb.Table.fromTableArn(stack, 'Foreign', spec.tables.foreign === 'region'
      ? 'arn:aws:dynamodb:us-east-1:111111111111:table/foreign'
      : 'arn:aws:dynamodb:eu-west-1:222222222222:table/foreign')]),
  ];
  const props: PrivateDynamoAccessProps = {
    vpc,
    vpcOptions: spec.vpc.kind === 'new' && (spec.vpc.maxAzs !== undefined || spec.vpc.subnetCidrMask !== undefined || spec.vpc.flowLogs !== undefined)
      ? { maxAzs: spec.vpc.maxAzs, subnetCidrMask: spec.vpc.subnetCidrMask, flowLogs: spec.vpc.flowLogs }
      : undefined,
    subnets: selection(spec.subnets, stack),
    tables,
    actions: spec.actions,
    principalOrgId: spec.principalOrgId,
  };
  const endpoint = () => (spec.endpoint === undefined ? undefined : buildEndpoint(stack, spec.endpoint, vpc));
  return { stack, vpc, props, endpoint, ownTables };
}

function buildVpc(stack: Stack, spec: VpcSpec): ec2.IVpc | undefined {
  switch (spec.kind) {
    case 'new':
      return spec.alsoVpc ? new ec2.Vpc(stack, 'AppVpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }) : undefined;
    case 'app': {
      const subnetType = {
        public: ec2.SubnetType.PUBLIC,
        private: ec2.SubnetType.PRIVATE_WITH_EGRESS,
        isolated: ec2.SubnetType.PRIVATE_ISOLATED,
        data: ec2.SubnetType.PRIVATE_ISOLATED,
      };
      const groups = spec.groups.includes('private') && !spec.groups.includes('public') ? [...spec.groups, 'public' as const] : spec.groups;
      return new ec2.Vpc(stack, 'AppVpc', {
        maxAzs: spec.azs,
        natGateways: groups.includes('private') ? 1 : 0,
        subnetConfiguration: groups.map((group) => ({ name: group[0].toUpperCase() + group.slice(1), subnetType: subnetType[group], cidrMask: 24 })),
      });
    }
    case 'imported': {
      const azs = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'].slice(0, spec.azs);
      const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(17, '0')}`);
      const isolated = ids('subnet-1', spec.azs * spec.subnetsPerAz);
      const routeTables = (subnets: string[], prefix: string) => (spec.routeTables === 'none' ? undefined
        : spec.routeTables === 'shared' ? subnets.map(() => `rtb-${prefix}shared000000000`) : ids(`rtb-${prefix}`, subnets.length));
      const privateSubnets = spec.withPrivate ? ids('subnet-2', spec.azs) : undefined;
      return ec2.Vpc.fromVpcAttributes(stack, 'ImportedVpc', {
        vpcId: 'vpc-0123456789abcdef0',
        vpcCidrBlock: spec.withCidr ? '10.20.0.0/16' : undefined,
        availabilityZones: azs,
        isolatedSubnetIds: isolated,
        isolatedSubnetRouteTableIds: routeTables(isolated, '1'),
        isolatedSubnetNames: spec.subnetsPerAz === 2 ? ['Isolated', 'Data'] : undefined,
        privateSubnetIds: privateSubnets,
        privateSubnetRouteTableIds: privateSubnets && routeTables(privateSubnets, '2'),
      });
    }
  }
}

function selection(choice: SubnetChoice, _stack: Stack): ec2.SubnetSelection | undefined {
  switch (choice) {
    case 'default': return undefined;
    case 'isolated': return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    case 'private': return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    case 'public': return { subnetType: ec2.SubnetType.PUBLIC };
    case 'onePerAz': return { onePerAz: true };
    case 'firstAz': return { availabilityZones: ['eu-west-1a', 'dummy1a'] };
    default: return { subnetGroupName: choice.slice('group:'.length) };
  }
}

function buildEndpoint(stack: Stack, spec: EndpointSpec, vpc: ec2.IVpc | undefined): DynamoEndpoint {
  const options: InterfaceEndpointOptions = {
    streams: spec.streams,
    allowedPeers: spec.peers === undefined ? undefined : { none: [], ipv4: [ec2.Peer.ipv4('192.168.0.0/16')], ipv6: [ec2.Peer.ipv6('fd00::/8')] }[spec.peers],
    subnets: spec.subnets === undefined ? undefined : selection(spec.subnets, stack),
    securityGroups: spec.securityGroup && vpc !== undefined ? [new ec2.SecurityGroup(stack, 'ClientGroup', { vpc })] : undefined,
  };
  switch (spec.mode) {
    case 'gateway': return DynamoEndpoint.gateway();
    case 'interface': return DynamoEndpoint.interface(options);
    case 'gateway+interface': return DynamoEndpoint.gatewayAndInterface(options);
    // What a JavaScript caller can write: interface options given to gateway().
    case 'gateway-with-interface-options': return DynamoEndpoint.gateway(options as any);
  }
}

// ---------------------------------------------------------------------------------------------------
// The invariants
// ---------------------------------------------------------------------------------------------------

/** Builds the construct; returns it, or the prop named by the error (after checking that it names one). */
function act(built: Built): PrivateDynamoAccess | string {
  try {
    const access = new PrivateDynamoAccess(built.stack, 'DynamoAccess', { ...built.props, endpoint: built.endpoint() });
    // What synthesis would run: the validations registered on constructs (e.g. a second gateway endpoint).
    const problems = built.stack.node.findAll().flatMap((construct) => construct.node.validate());
    if (problems.length > 0) {
      throw new Error(problems[0]);
    }
    return access;
  } catch (error) {
    const prop = error instanceof Error ? PROP_NAMED_ERROR.exec(error.message) : null;
    if (prop !== null) {
      return prop[1];
    }
    throw error;
  }
}

function checkInvariants(spec: Scenario, built: Built, access: PrivateDynamoAccess): void {
  const { stack } = built;
  const endpoints = stack.node.findAll().filter((construct): construct is ec2.CfnVPCEndpoint => construct instanceof ec2.CfnVPCEndpoint);
  const gateways = endpoints.filter((endpoint) => endpoint.vpcEndpointType === undefined || endpoint.vpcEndpointType === 'Gateway');
  const interfaces = endpoints.filter((endpoint) => endpoint.vpcEndpointType === 'Interface');
  const mode = spec.endpoint?.mode ?? 'gateway';

  // The selected subnets: what the selection picks, computed here independently of the construct.
  const vpc = access.vpc;
  const selected = built.props.subnets === undefined
    ? [...vpc.privateSubnets, ...vpc.isolatedSubnets]
    : vpc.selectSubnets(built.props.subnets).subnets;
  expect(access.subnets.map((subnet) => subnet.node.path)).toEqual(selected.map((subnet) => subnet.node.path));

  // Every selected subnet's route table is served exactly once by the (only) gateway endpoint.
  if (mode === 'interface') {
    expect(gateways).toHaveLength(0);
  } else {
    expect(gateways).toHaveLength(1);
    const served: unknown[] = stack.resolve(gateways[0].routeTableIds);
    const expected = new Set(selected.map((subnet) => JSON.stringify(stack.resolve(subnet.routeTable.routeTableId))));
    expect(new Set(served.map((id) => JSON.stringify(id)))).toEqual(expected);
    expect(served).toHaveLength(expected.size);
  }

  // Interface endpoints: private DNS off, one for DynamoDB, one more for Streams when asked.
  const wantsInterface = mode === 'interface' || mode === 'gateway+interface';
  expect(interfaces).toHaveLength(wantsInterface ? (spec.endpoint?.streams ? 2 : 1) : 0);
  for (const endpoint of interfaces) {
    expect(endpoint.privateDnsEnabled).toBe(false);
  }

  // Every endpoint has a policy; no Allow without a resource or condition restriction; every Allow
  // requires the account's (or organization's) principals; no Not* element.
  const resolver = new TemplateResolver({
    Resources: Object.fromEntries(built.ownTables.map((table) => [stack.getLogicalId(table.node.defaultChild as CfnElement), { Type: 'AWS::DynamoDB::GlobalTable', Properties: {} }])),
  });
  const needsWarning = new Set<boolean>();
  for (const endpoint of endpoints) {
    expect(endpoint.policyDocument).toBeDefined();
    const policy = resolver.resolve(stack.resolve(endpoint.policyDocument));
    for (const statement of policy.Statement) {
      expect(Object.keys(statement).filter((key) => key.startsWith('Not'))).toEqual([]);
      if (statement.Effect === 'Allow') {
        const unrestrictedResource = [statement.Resource].flat().includes('*');
        const condition = statement.Condition ?? {};
        expect(!unrestrictedResource || Object.keys(condition).length > 0).toBe(true);
        const principalKeys = Object.keys(condition.StringEquals ?? {});
        expect(principalKeys).toEqual([spec.principalOrgId !== undefined ? 'aws:PrincipalOrgID' : 'aws:PrincipalAccount']);
      }
    }
    // The policy, deployed to eu-west-1 (partition aws, tables of the stack named by their logical id),
    // is within AWS's limit; beyond it only if its length could not be known at synth, which is warned about.
    const length = JSON.stringify(policy).length;
    needsWarning.add(length > ENDPOINT_POLICY_MAX_CHARACTERS);
  }
  // (Read from the construct's metadata: Annotations.fromStack would synthesize the app.)
  const warnings = access.node.metadata.filter((entry) => entry.type === 'aws:cdk:warning' && String(entry.data).includes('policyMayExceedLimit'));
  if (needsWarning.has(true)) {
    expect(warnings.length).toBeGreaterThan(0);
  }
  const lengthsKnown = spec.concreteEnv && built.ownTables.length === 0;
  if (lengthsKnown) {
    expect(needsWarning.has(true)).toBe(false);
    expect(warnings).toEqual([]);
  }
}

/** The same invariants, read from the synthesized template (1 run in 20): what CloudFormation receives. */
function checkTemplate(spec: Scenario, built: Built): void {
  const template = Template.fromStack(built.stack).toJSON();
  const endpoints = Object.values<any>(template.Resources).filter((resource) => resource.Type === 'AWS::EC2::VPCEndpoint');
  for (const endpoint of endpoints) {
    const properties = endpoint.Properties;
    expect(properties.PolicyDocument).toBeDefined();
    if (properties.VpcEndpointType === 'Interface') {
      expect(properties.PrivateDnsEnabled).toBe(false);
    } else {
      const ids = properties.RouteTableIds.map((id: unknown) => JSON.stringify(id));
      expect(new Set(ids).size).toBe(ids.length);
    }
  }
  expect(endpoints.length).toBeGreaterThan(0);
  lastSynthesized = { spec, template };
}

let lastSynthesized: { spec: Scenario; template: unknown } | undefined;

// ---------------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------------

describe('random prop sets', () => {
  test(`${RUNS} random prop sets: a template that keeps the invariants, or an error that names a prop`, () => {
    const outcomes = { template: 0, error: 0, synthesized: 0 };
    const errors: Record<string, number> = {};
    fc.assert(fc.property(scenario, (spec) => {
      // GIVEN a random prop set
      const built = arrange(spec);
      // WHEN the construct is built
      const access = act(built);
      // THEN it failed with an error that names a prop, or its template keeps the invariants
      if (typeof access === 'string') {
        outcomes.error++;
        errors[access] = (errors[access] ?? 0) + 1;
        return;
      }
      outcomes.template++;
      checkInvariants(spec, built, access as PrivateDynamoAccess);
      if (spec.synthTicket === 0) {
        outcomes.synthesized++;
        checkTemplate(spec, built);
      }
    }), { numRuns: RUNS, ...REPLAY });
    console.log(`property: ${RUNS} prop sets, ${outcomes.template} templates (${outcomes.synthesized} synthesized), ${outcomes.error} prop errors ${JSON.stringify(errors)}`);
    // AND the generator reached both outcomes often enough to mean something (not during a replay)
    if (REPLAY.path === undefined && RUNS >= 200) {
      expect(outcomes.template).toBeGreaterThan(RUNS / 5);
      expect(outcomes.error).toBeGreaterThan(RUNS / 10);
      expect(outcomes.synthesized).toBeGreaterThan(0);
    }
  }, TIMEOUT_MS);

  test(`${LINT_RUNS} random prop sets that synthesize: cfn-lint finds nothing`, () => {
    fc.assert(fc.property(scenario, (spec) => {
      // GIVEN a random prop set that builds
      const built = arrange({ ...spec, synthTicket: 0 });
      const access = act(built);
      fc.pre(typeof access !== 'string');
      // WHEN the app is synthesized THEN cfn-lint reports no error or warning
      checkTemplate(spec, built);
      expectCfnLintClean(lastSynthesized!.template, { regions: ['eu-west-1'] });
    }), { numRuns: LINT_RUNS, ...REPLAY });
  }, Math.max(60_000, LINT_RUNS * 30_000));
});
