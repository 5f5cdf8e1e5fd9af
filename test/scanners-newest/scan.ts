/**
 * The library under today's scanners, on the newest aws-cdk-lib (`npx projen scanners`).
 *
 * This directory is a project of its own (package.json and its lock file, written from .projenrc.ts), with
 * pinned releases newer than the library's floors: aws-cdk-lib, constructs, cdk-nag 3 (which needs aws-cdk-lib
 * >= 2.257) and the Control Tower plugin. The task installs them, copies the compiled library (lib/) into
 * node_modules/cdk-private-dynamo-access, where it resolves that aws-cdk-lib, type-checks this file against it,
 * and runs it.
 *
 * Each subject is an app with one stack holding `PrivateDynamoAccess` (and, for some, what the user gives it),
 * synthesized once with every scanner registered the way an app registers them:
 * - cdk-nag 3, its five packs, `Validations.of(app).addPlugins(new AwsSolutionsChecks(app), ...)`;
 * - AWS Control Tower's proactive controls, `@cdklabs/cdk-validator-cfnguard`;
 * - aws-cdk-lib's built-in template validation ("CloudFormation Validate", on by default since 2.27x), with
 *   `@aws-cdk/core:validateAgainstDefaultRules`, so that what it finds is an error, not a warning.
 * Nothing is acknowledged. The findings are read from the cloud assembly's validation-report.json.
 *
 * It prints the findings per scanner and subject, split into those on the library's resources (under the
 * construct, and aws-cdk-lib's custom resource that closes the new VPC's default security group) and those on
 * the user's resources. It fails when:
 * - a finding on the library's resources is not listed in docs/compliance.md (the table of every finding
 *   left on the library's resources, with its option or its reason), or a listed one occurs in no subject;
 * - a subject with the options that clear findings (flowLogDestination, restrictDefaultSecurityGroup: false) has
 *   a finding on the library's resources other than the one its options trade for (OPTION_SETS);
 * - a scanner reports nothing on the canary, a stack built to fail each of them (so a scanner that stopped
 *   running, or a report that is no longer read, cannot pass for a clean result);
 * - the README's cdk-nag 3 example does not compile against cdk-nag 3 and this aws-cdk-lib, or, run on the
 *   README's options, does not acknowledge exactly the findings they leave.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, CfnResource, IPolicyValidationPlugin, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { DynamoEndpoint, NewVpcOptions, PrivateDynamoAccess } from 'cdk-private-dynamo-access';
import { IConstruct } from 'constructs';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');
const COMPLIANCE_DOC = join(ROOT, 'docs', 'compliance.md');
/** The section of docs/compliance.md whose table lists the findings left on the library's resources. */
const TABLE_HEADING = '## Findings left on the construct\'s resources';
const README = join(ROOT, 'README.md');
const STACK = 'Stack';
const CONSTRUCT = 'DynamoAccess';

/** The scanners, by the plugin names the report uses, in the order they are printed. */
const CDK_NAG_PACKS = ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless'];
const CONTROL_TOWER = new CfnGuardValidator().name;
const CLOUDFORMATION_VALIDATE = 'CloudFormation Validate';
const SCANNERS = [...CDK_NAG_PACKS, CONTROL_TOWER, CLOUDFORMATION_VALIDATE];

/** One resource that fails one rule. */
interface Finding {
  readonly scanner: string;
  /** The rule id as users acknowledge it: `NIST.800.53.R5-IAMNoInlinePolicy`, `CT.LAMBDA.PR.3`, `E3012`. */
  readonly rule: string;
  /** The construct path of the resource, without the stack (`DynamoAccess/Vpc/FlowLog/LogGroup`). */
  readonly path: string;
  /** On a resource of the library (under the construct, or the default-security-group custom resource). */
  readonly library: boolean;
  /** The rule threw instead of evaluating (cdk-nag, on a value it cannot read, such as an intrinsic). */
  readonly couldNotEvaluate: boolean;
  readonly severity: string;
}

interface Subject {
  readonly name: string;
  /** The only rules that may be reported on the library's resources (each listed in docs/compliance.md); `undefined`: any listed one. */
  readonly onlyOnLibrary?: RegExp;
  readonly build: (stack: Stack) => void;
}

// ---------------------------------------------------------------------------------------------------------
// The subjects

const MODES: Array<[string, () => DynamoEndpoint]> = [
  ['gateway', () => DynamoEndpoint.gateway()],
  ['interface', () => DynamoEndpoint.interface()],
  ['gateway+interface', () => DynamoEndpoint.gatewayAndInterface()],
  ['interface with streams', () => DynamoEndpoint.interface({ streams: true })],
];

/**
 * The user's flow-log destination, as the README's Compliance part shows it: a log group encrypted with the user's
 * KMS key, written through the user's role whose permissions are a customer-managed policy (passed
 * `withoutPolicyUpdates()`, so that aws-cdk-lib does not add its inline policy to it).
 */
function userFlowLogDestination(scope: Stack): ec2.FlowLogDestination {
  const key = new kms.Key(scope, 'FlowLogKey', { enableKeyRotation: true });
  key.grant(new iam.ServicePrincipal(`logs.${scope.region}.amazonaws.com`),
    'kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*');
  key.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  const logGroup = new logs.LogGroup(scope, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
  const role = new iam.Role(scope, 'FlowLogRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
  role.addManagedPolicy(new iam.ManagedPolicy(scope, 'FlowLogPolicy', {
    statements: [new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [logGroup.logGroupArn],
    })],
  }));
  return ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role.withoutPolicyUpdates());
}

/** The sets of vpcOptions each endpoint mode is scanned with, and what each may leave on the library's resources. */
const OPTION_SETS: Array<{ name: string; vpcOptions: (scope: Stack) => NewVpcOptions; onlyOnLibrary?: RegExp }> = [
  { name: 'defaults', vpcOptions: () => ({}) },
  {
    name: 'flowLogDestination',
    vpcOptions: (scope) => ({ flowLogDestination: userFlowLogDestination(scope) }),
    // the default security group's custom resource: a Lambda function outside the VPC
    onlyOnLibrary: /^CT\.LAMBDA\.PR\.3$/,
  },
  {
    name: 'flowLogDestination + restrictDefaultSecurityGroup: false',
    vpcOptions: (scope) => ({ flowLogDestination: userFlowLogDestination(scope), restrictDefaultSecurityGroup: false }),
    // the default security group keeps the rules EC2 gives it, until the user closes them outside the stack
    onlyOnLibrary: /-VPCDefaultSecurityGroupClosed$/,
  },
];

const SUBJECTS: Subject[] = [
  ...OPTION_SETS.flatMap((options) => MODES.map(([mode, endpoint]): Subject => ({
    name: `${mode}; ${options.name}`,
    onlyOnLibrary: options.onlyOnLibrary,
    build: (stack) => new PrivateDynamoAccess(stack, CONSTRUCT, { endpoint: endpoint(), vpcOptions: options.vpcOptions(stack) }),
  }))),
  {
    name: 'interface; the user\'s VPC (10.20.0.0/16)',
    build: (stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'), natGateways: 0, maxAzs: 2 });
      new PrivateDynamoAccess(stack, CONSTRUCT, { vpc, endpoint: DynamoEndpoint.interface() });
    },
  },
  {
    name: 'gateway; addEndpointsFor(a Fargate service)',
    build: (stack) => {
      const access = new PrivateDynamoAccess(stack, CONSTRUCT);
      const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
      taskDefinition.addContainer('App', {
        image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'app')),
        logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
      });
      const service = new ecs.FargateService(stack, 'Service', {
        cluster: new ecs.Cluster(stack, 'Cluster', { vpc: access.vpc }),
        taskDefinition,
        vpcSubnets: { subnets: access.subnets },
      });
      access.allowFrom(service);
      access.addEndpointsFor(service);
    },
  },
];

/** A stack that fails each scanner at least once: an open SSH port, a bare Lambda function, an unknown property. */
function buildCanary(stack: Stack): void {
  new ec2.CfnSecurityGroup(stack, 'OpenSsh', {
    groupDescription: 'canary',
    securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }],
  });
  new lambda.CfnFunction(stack, 'BareFunction', {
    role: 'arn:aws:iam::111111111111:role/canary',
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    code: { zipFile: 'exports.handler = async () => {};' },
  });
  new CfnResource(stack, 'UnknownProperty', { type: 'AWS::SQS::Queue', properties: { NotAQueueProperty: true } });
}

// ---------------------------------------------------------------------------------------------------------
// Synthesis with every scanner, and the report

/** Synthesizes a stack with every scanner registered (or, with `withScanners: false`, those the stack's code registers). */
function scan(build: (stack: Stack) => void, withScanners = true): Finding[] {
  const outdir = mkdtempSync(join(tmpdir(), 'scanners-newest-'));
  try {
    const app = new App({
      outdir,
      context: {
        // the scanners' findings are read from the report, not thrown
        '@aws-cdk/core:failSynthOnValidationErrors': false,
        // aws-cdk-lib's own rules report errors as errors
        '@aws-cdk/core:validateAgainstDefaultRules': true,
      },
    });
    const stack = new Stack(app, STACK);
    build(stack);
    if (withScanners) {
      Validations.of(app).addPlugins(
        new AwsSolutionsChecks(app),
        new HIPAASecurityChecks(app),
        new NIST80053R5Checks(app),
        new PCIDSS321Checks(app),
        new ServerlessChecks(app),
        new CfnGuardValidator(),
      );
    }
    const exitCode = process.exitCode;
    const error = console.error;
    console.error = () => undefined; // aws-cdk-lib prints the whole report; it is summarized below
    try {
      app.synth();
    } finally {
      console.error = error;
      process.exitCode = exitCode; // aws-cdk-lib marks the process as failed when a scanner reports something
    }
    return readReport(outdir, stack);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function readReport(outdir: string, stack: Stack): Finding[] {
  let report: any;
  try {
    report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  } catch (error) {
    return []; // no report: nothing was found (the canary proves that the report is written when something is)
  }
  const template = JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8'));
  const pathOfLogicalId = (logicalId: string): string | undefined => template.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'];
  const findings: Finding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    const scanner: string = plugin.pluginName;
    if (!SCANNERS.includes(scanner)) {
      throw new Error(`the report names a scanner this check does not know, ${scanner}: add it to SCANNERS`);
    }
    for (const violation of plugin.violations ?? []) {
      const rule = scanner === CONTROL_TOWER ? controlOf(violation) : violation.ruleName as string;
      const places: Array<{ constructPath?: string; resourceLogicalId?: string }> = [
        ...violation.violatingConstructs ?? [], ...violation.violatingResources ?? []];
      if (places.length === 0) {
        throw new Error(`${scanner} ${rule} names no resource: ${JSON.stringify(violation)}`);
      }
      for (const place of places) {
        const fullPath = place.constructPath ?? (place.resourceLogicalId === undefined ? undefined : pathOfLogicalId(place.resourceLogicalId));
        if (fullPath === undefined) {
          throw new Error(`${scanner} ${rule}: no construct path for ${JSON.stringify(place)}`);
        }
        const path = fullPath.replace(new RegExp(`^/?${STACK}/`), '').replace(/\/(Resource|Default)$/, '');
        findings.push({
          scanner,
          rule,
          path,
          library: path.startsWith(`${CONSTRUCT}/`) || path.startsWith('Custom::VpcRestrictDefaultSG'),
          couldNotEvaluate: /threw an error during validation/i.test(violation.description ?? ''),
          severity: violation.severity ?? 'unknown',
        });
      }
    }
  }
  // one finding per scanner, rule and resource
  const unique = new Map(findings.map((finding) => [`${finding.scanner} ${finding.rule} ${finding.path}`, finding]));
  return [...unique.values()].sort((a, b) => `${a.scanner} ${a.rule} ${a.path}`.localeCompare(`${b.scanner} ${b.rule} ${b.path}`));
}

/** The Control Tower control id of a cfn-guard violation (`CT.LAMBDA.PR.3`), from its description. */
function controlOf(violation: { ruleName: string; description: string }): string {
  const control = /^\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(violation.description)?.[1];
  if (control === undefined) {
    throw new Error(`a Control Tower finding of rule ${violation.ruleName} does not start with its control id: ${violation.description}`);
  }
  return control;
}

// ---------------------------------------------------------------------------------------------------------
// docs/compliance.md: the findings left on the library's resources

/** Whether a rule id is one of the scanners run here (the table also lists checkov's, which test/checkov.test.ts checks). */
function isScannedHere(rule: string): boolean {
  return CDK_NAG_PACKS.some((pack) => rule.startsWith(`${pack}-`)) || rule.startsWith('CT.') || /^[EWIF]\d{4}$/.test(rule);
}

/**
 * The (rule, resource) pairs that docs/compliance.md lists: in its section TABLE_HEADING, each table row whose
 * first cell holds rule ids and whose second cell holds resource paths (under the construct, or under the stack
 * for aws-cdk-lib's singletons), each in backticks; a row stands for every pair.
 */
function listedFindings(): Set<string> {
  const listed = new Set<string>();
  const text = readFileSync(COMPLIANCE_DOC, 'utf8');
  const section = new RegExp(`^${TABLE_HEADING}$([\\s\\S]*?)(^## |(?![\\s\\S]))`, 'm').exec(text)?.[1];
  if (section === undefined) {
    throw new Error(`docs/compliance.md has no section "${TABLE_HEADING}"`);
  }
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 4 || !line.startsWith('|')) {
      continue;
    }
    const rules = [...cells[1].matchAll(/`([^`]+)`/g)].map((match) => match[1]).filter(isScannedHere);
    const paths = [...cells[2].matchAll(/`([^`]+)`/g)].map((match) => match[1]);
    for (const rule of rules) {
      for (const path of paths) {
        listed.add(`${rule} ${path}`);
      }
    }
  }
  return listed;
}

/** The key of a finding on the library's resources, as docs/compliance.md lists it (the path under the construct). */
const listingKey = (finding: Finding) => `${finding.rule} ${finding.path.replace(new RegExp(`^${CONSTRUCT}/`), '')}`;

// ---------------------------------------------------------------------------------------------------------
// The README's cdk-nag 3 example

/** The README's cdk-nag 3 example: the ```js block that calls `Validations.of(`. */
function readmeExample(): string {
  const blocks = [...readFileSync(README, 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1])
    .filter((block) => block.includes('Validations.of('));
  if (blocks.length !== 1) {
    throw new Error(`README.md: expected one \`\`\`js block with the cdk-nag 3 example (Validations.of(...)), found ${blocks.length}`);
  }
  return blocks[0];
}

/**
 * Compiles the README's cdk-nag 3 example in strict TypeScript against cdk-nag 3 and this aws-cdk-lib, with `app`
 * and `access` declared for it. Returns the compiler's errors.
 */
function compileReadmeExample(example: string): string[] {
  const fileName = join(__dirname, 'readme-example.ts'); // never written: served from memory, resolved from here
  const source = 'declare const app: import(\'aws-cdk-lib\').App;\n' +
    'declare const access: import(\'cdk-private-dynamo-access\').PrivateDynamoAccess;\n' +
    `${example}\nexport {};\n`;
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16,
    esModuleInterop: true, skipLibCheck: true, types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => name === fileName
    ? ts.createSourceFile(name, source, language)
    : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

/**
 * Runs the README's cdk-nag 3 example on the README's options (the options that leave only the default security
 * group's finding), with its acknowledgements, or with `Validations.of(x).acknowledge` made a no-op: the findings.
 */
function runReadmeExample(example: string, acknowledge: boolean): Finding[] {
  const js = ts.transpileModule(example, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const cdk: typeof import('aws-cdk-lib') = require('aws-cdk-lib');
  const withoutAcknowledgements = new Proxy(cdk, {
    get: (target, key) => key !== 'Validations' ? Reflect.get(target, key) : {
      of: (scope: IConstruct) => ({
        addPlugins: (...plugins: IPolicyValidationPlugin[]) => cdk.Validations.of(scope).addPlugins(...plugins),
        acknowledge: () => undefined,
      }),
    },
  });
  const load = (name: string): unknown => name === 'aws-cdk-lib' && !acknowledge ? withoutAcknowledgements : require(name);
  return scan((stack) => {
    const access = new PrivateDynamoAccess(stack, CONSTRUCT, {
      vpcOptions: { flowLogDestination: userFlowLogDestination(stack), restrictDefaultSecurityGroup: false },
    });
    new Function('exports', 'require', 'app', 'access', js)({}, load, stack.node.root, access);
  }, false);
}

/** Whether the README's cdk-nag 3 example compiles, and acknowledges what the README's options leave, no more. */
function checkReadmeExample(): string[] {
  let example: string;
  try {
    example = readmeExample();
  } catch (error) {
    return [(error as Error).message];
  }
  const errors = compileReadmeExample(example);
  if (errors.length > 0) {
    return errors.map((error) => `the README's cdk-nag 3 example does not compile: ${error}`);
  }
  const describe = (findings: Finding[]) => findings.map((finding) => `${finding.rule} on ${finding.path}`);
  const without = describe(runReadmeExample(example, false));
  const expected = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-VPCDefaultSecurityGroupClosed on ${CONSTRUCT}/Vpc`);
  const problems: string[] = [];
  if (JSON.stringify(without) !== JSON.stringify(expected)) {
    problems.push(`the README's cdk-nag 3 example, its acknowledgements taken away, reports ${JSON.stringify(without)}, not ${JSON.stringify(expected)}`);
  }
  const withAcknowledgements = describe(runReadmeExample(example, true));
  if (withAcknowledgements.length > 0) {
    problems.push(`the README's cdk-nag 3 example leaves findings on the README's options: ${JSON.stringify(withAcknowledgements)}`);
  }
  if (problems.length === 0) {
    console.log(`\nThe README's cdk-nag 3 example compiles; run on the README's options, its packs report ${without.length} findings, ` +
      'each acknowledged by it, and nothing else.');
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------

function versionOf(name: string): string {
  return JSON.parse(readFileSync(join(dirname(require.resolve(`${name}/package.json`)), 'package.json'), 'utf8')).version;
}

function main(): number {
  // The library must use this project's aws-cdk-lib, not the floor's of the repository's node_modules.
  const libraryCdk = require.resolve('aws-cdk-lib', { paths: [dirname(require.resolve('cdk-private-dynamo-access'))] });
  if (libraryCdk !== require.resolve('aws-cdk-lib')) {
    throw new Error(`the library resolves aws-cdk-lib at ${libraryCdk}, not this project's; copy lib/ into node_modules/cdk-private-dynamo-access`);
  }
  console.log(`aws-cdk-lib ${versionOf('aws-cdk-lib')}, constructs ${versionOf('constructs')}, cdk-nag ${versionOf('cdk-nag')}, ` +
    `@cdklabs/cdk-validator-cfnguard ${versionOf('@cdklabs/cdk-validator-cfnguard')}, cdk-private-dynamo-access ${versionOf('cdk-private-dynamo-access')} (lib/)`);
  const problems: string[] = [];

  // The canary: every scanner runs, and its findings are read.
  const canary = scan(buildCanary);
  for (const scanner of SCANNERS) {
    if (!canary.some((finding) => finding.scanner === scanner)) {
      problems.push(`the canary stack has no finding of ${scanner}: it did not run, or its report is not read`);
    }
  }

  // The subjects.
  const found = new Map<string, Finding[]>();
  const header = ['subject', ...SCANNERS.map((scanner) => scanner === CONTROL_TOWER ? 'Control Tower' : scanner)];
  const rows: string[][] = [];
  for (const subject of SUBJECTS) {
    const findings = scan(subject.build);
    found.set(subject.name, findings);
    rows.push([subject.name, ...SCANNERS.map((scanner) => {
      const ofScanner = findings.filter((finding) => finding.scanner === scanner);
      const library = ofScanner.filter((finding) => finding.library).length;
      return `${library}+${ofScanner.length - library}`;
    })]);
    const only = subject.onlyOnLibrary;
    if (only !== undefined) {
      for (const finding of findings.filter((candidate) => candidate.library && !only.test(candidate.rule))) {
        problems.push(`${subject.name}: ${finding.rule} on ${finding.path}, where only ${only} may be reported on the library's resources`);
      }
    }
  }
  console.log('\nFindings per scanner: on the library\'s resources + on the user\'s (nothing acknowledged)');
  printTable(header, rows);

  console.log('\nOn the library\'s resources:');
  const onLibrary = new Map<string, { finding: Finding; subjects: string[] }>();
  for (const [subject, findings] of found) {
    for (const finding of findings.filter((candidate) => candidate.library)) {
      const key = `${finding.scanner} ${listingKey(finding)}`;
      const entry = onLibrary.get(key) ?? { finding, subjects: [] };
      entry.subjects.push(subject);
      onLibrary.set(key, entry);
    }
  }
  for (const { finding, subjects } of onLibrary.values()) {
    console.log(`  ${finding.rule} on ${finding.path}${finding.couldNotEvaluate ? ' (the rule could not evaluate it)' : ''}: ${subjects.length} of ${SUBJECTS.length} subjects`);
  }
  if (onLibrary.size === 0) {
    console.log('  nothing');
  }

  // docs/compliance.md lists exactly what is left.
  const listed = listedFindings();
  const left = new Set([...onLibrary.values()].map(({ finding }) => listingKey(finding)));
  for (const key of left) {
    if (!listed.has(key)) {
      problems.push(`${key}: a finding on the library's resources that docs/compliance.md does not list (add a row with its option or its reason, or fix it)`);
    }
  }
  for (const key of listed) {
    if (!left.has(key)) {
      problems.push(`${key}: listed in docs/compliance.md, but no subject has it any more (remove the row)`);
    }
  }

  // The README's cdk-nag 3 example compiles, and acknowledges what it should.
  problems.push(...checkReadmeExample());

  if (problems.length > 0) {
    console.log(`\n${problems.length} problem(s):`);
    problems.forEach((problem) => console.log(`  - ${problem}`));
    return 1;
  }
  console.log(`\nEvery finding on the library's resources (${left.size} rule and resource pairs) is listed in docs/compliance.md; the canary fails every scanner.`);
  return 0;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  console.log(line(header));
  rows.forEach((row) => console.log(line(row)));
}

process.exitCode = main();
