import { App, Aspects, IAspect, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks, NagPackSuppression, NagSuppressions, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { controlTowerVpcOptions } from './support/control-tower';
import { EcsExampleStack } from '../examples/ecs-stack';
import { EXAMPLE_MODES, ExampleStack } from '../examples/example-stack';
import { NewVpcOptions, PrivateDynamoAccess } from '../src';

// The default stack and every mode of the example stack, checked with cdk-nag 2 (the release line for
// aws-cdk-lib below 2.257, so on the floor) and its AWS Solutions and NIST 800-53 rev 5 packs. Every finding is
// either fixed or acknowledged below, with its reason; the acknowledgements live here, not in the library.
// cdk-nag 3 with all five packs runs on the newest aws-cdk-lib in `npx projen scanners` (test/scanners-newest/).

/** A stack under check, and the constructs the acknowledgements point at. */
interface Subject {
  readonly stack: Stack;
  readonly access: PrivateDynamoAccess;
  readonly example?: ExampleStack;
  readonly ecsExample?: EcsExampleStack;
  /** The vpcOptions the construct was given. */
  readonly vpcOptions?: NewVpcOptions;
}

/** One acknowledged finding: which rule, on which construct (and its children), and why it is acceptable. */
interface Acknowledgement {
  /** The rule id, or `CdkNagValidationFailure` for a rule that could not evaluate a value. */
  readonly id: string;
  /** The findings of the rule it covers (`appliesTo`); all of the rule's findings on the construct without it. */
  readonly appliesTo?: string[];
  readonly reason: string;
  /** The construct the finding is on; `undefined` when it does not exist in this subject. */
  readonly on: (subject: Subject) => IConstruct | undefined;
}

/** The VPC flow log that PrivateDynamoAccess creates with its new VPC (through aws-cdk-lib's FlowLog). */
const flowLog = (subject: Subject) => subject.access.node.tryFindChild('Vpc')?.node.tryFindChild('FlowLog');
/** The same, when it writes to the log group it creates (no vpcOptions.flowLogDestination). */
const flowLogToDefaultLogGroup = (subject: Subject) => subject.vpcOptions?.flowLogDestination === undefined ? flowLog(subject) : undefined;
/** The new VPC, when its default security group is left to the user (vpcOptions.restrictDefaultSecurityGroup: false). */
const vpcWithDefaultSecurityGroupLeftOpen = (subject: Subject) =>
  subject.vpcOptions?.restrictDefaultSecurityGroup === false ? subject.access.node.tryFindChild('Vpc') : undefined;
/** The security group PrivateDynamoAccess creates for its interface endpoint(s). */
const interfaceSecurityGroup = (subject: Subject) => subject.access.node.tryFindChild('InterfaceEndpointSecurityGroup');
/** The security group of the interface endpoints that addEndpointsFor creates. */
const workloadEndpointSecurityGroup = (subject: Subject) => subject.access.node.tryFindChild('WorkloadEndpointSecurityGroup');
/** The ECS example's task definition, its roles' policies, and its log group. */
const ecsTaskDefinition = (subject: Subject) => subject.ecsExample?.service.taskDefinition;
const ecsExecutionRole = (subject: Subject) => subject.ecsExample?.service.taskDefinition.executionRole;
const ecsTaskRole = (subject: Subject) => subject.ecsExample?.service.taskDefinition.taskRole;
const ecsLogGroup = (subject: Subject) => subject.ecsExample?.logGroup;
/** The example's Lambda function and its role. */
const exampleFunction = (subject: Subject) => subject.example?.handler;
const exampleRole = (subject: Subject) => subject.example?.handler.role;

const ACKNOWLEDGEMENTS: Acknowledgement[] = [
  // --- what the library creates ---
  {
    id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
    on: flowLogToDefaultLogGroup,
    reason: 'CloudWatch Logs encrypts every log group at rest with AWS-owned keys; the default flow-log group does without a ' +
      'customer-managed KMS key (about $1 a month plus requests); vpcOptions.flowLogDestination takes a KMS-encrypted log group instead',
  },
  {
    id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
    on: vpcWithDefaultSecurityGroupLeftOpen,
    reason: 'vpcOptions.restrictDefaultSecurityGroup is false, so the default security group keeps the rules EC2 gives it; ' +
      'nothing in this app uses it, and its rules are closed outside this stack (where service control policies forbid ' +
      'the Lambda-backed custom resource that would close them)',
  },
  // --- what only the ECS example creates (its task definition, roles and log group) ---
  {
    id: 'AwsSolutions-ECS2',
    on: ecsTaskDefinition,
    reason: 'the ECS example\'s container gets the table\'s name and the region as environment variables: neither is a secret',
  },
  {
    id: 'AwsSolutions-IAM5',
    appliesTo: ['Resource::*'],
    on: ecsExecutionRole,
    reason: 'aws-cdk-lib grants the execution role ecr:GetAuthorizationToken to pull the image, an action IAM grants only on "*"',
  },
  {
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    on: ecsExecutionRole,
    reason: 'aws-cdk-lib writes the execution role\'s grants (the image\'s repository, the log group) as an inline policy scoped to them',
  },
  {
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    on: ecsTaskRole,
    reason: 'table.grantReadWriteData writes the ECS example task\'s grant as an inline policy scoped to the one table',
  },
  {
    id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
    on: ecsLogGroup,
    reason: 'the ECS example\'s log group holds one line per task start; CloudWatch Logs encrypts it at rest with AWS-owned keys',
  },
  // --- what only the example creates (its Lambda function) ---
  {
    id: 'AwsSolutions-IAM4',
    appliesTo: [
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
    ],
    on: exampleRole,
    reason: 'the example\'s function uses the AWS managed policies that aws-cdk-lib attaches for its logs and its network interfaces in the VPC',
  },
  {
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    on: exampleRole,
    reason: 'table.grantReadWriteData writes the example function\'s grant as an inline policy scoped to the one table',
  },
  {
    id: 'NIST.800.53.R5-LambdaConcurrency',
    on: exampleFunction,
    reason: 'the example function is invoked by hand to try the private path; it needs no reserved concurrency',
  },
  {
    id: 'NIST.800.53.R5-LambdaDLQ',
    on: exampleFunction,
    reason: 'the example function is invoked synchronously by hand; there are no asynchronous events to dead-letter',
  },
];

const SUBJECTS: Array<[string, () => Subject]> = [
  ['the default stack', () => {
    const stack = new Stack(new App(), 'Default');
    return { stack, access: new PrivateDynamoAccess(stack, 'DynamoAccess') };
  }],
  ['the default stack with restrictDefaultSecurityGroup: false', () => {
    const stack = new Stack(new App(), 'Default');
    const vpcOptions: NewVpcOptions = { restrictDefaultSecurityGroup: false };
    return { stack, access: new PrivateDynamoAccess(stack, 'DynamoAccess', { vpcOptions }), vpcOptions };
  }],
  ['the default stack with the Control Tower options (a KMS-encrypted flowLogDestination, restrictDefaultSecurityGroup: false)', () => {
    const stack = new Stack(new App(), 'Default');
    const vpcOptions = controlTowerVpcOptions(stack);
    return { stack, access: new PrivateDynamoAccess(stack, 'DynamoAccess', { vpcOptions }), vpcOptions };
  }],
  ...EXAMPLE_MODES.map((mode): [string, () => Subject] => [`the example stack in ${mode} mode`, () => {
    const example = new ExampleStack(new App(), 'Example', { mode });
    return { stack: example, access: example.access, example };
  }]),
  ['the ECS example stack (a Fargate service with addEndpointsFor)', () => {
    const ecsExample = new EcsExampleStack(new App(), 'EcsExample');
    return { stack: ecsExample, access: ecsExample.access, ecsExample };
  }],
];

const PACKS: Array<[string, () => IAspect]> = [
  ['AwsSolutions', () => new AwsSolutionsChecks({ reports: false })],
  ['NIST.800.53.R5', () => new NIST80053R5Checks({ reports: false })],
];

/** cdk-nag's findings (rule violations and rules that could not evaluate) of one pack, as "path rule-message". */
function findings(stack: Stack, pack: string): string[] {
  const pattern = Match.stringLikeRegexp(`^(CdkNagValidationFailure\\[)?${pack.replace(/\./g, '\\.')}-`);
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', pattern), ...annotations.findWarning('*', pattern)]
    .map((finding) => `${finding.id} ${String(finding.entry.data).split(':')[0]}`);
}

function acknowledge(subject: Subject): void {
  for (const acknowledgement of ACKNOWLEDGEMENTS) {
    const construct = acknowledgement.on(subject);
    if (construct !== undefined) {
      const suppression: NagPackSuppression = { id: acknowledgement.id, reason: acknowledgement.reason, appliesTo: acknowledgement.appliesTo };
      NagSuppressions.addResourceSuppressions(construct, [suppression], true);
    }
  }
}

describe.each(SUBJECTS)('%s', (_name, makeSubject) => {
  test.each(PACKS)('%s: no finding left unacknowledged', (pack, makeChecks) => {
    // GIVEN the stack with the acknowledgements above
    const subject = makeSubject();
    acknowledge(subject);
    // WHEN the pack checks it
    Aspects.of(subject.stack).add(makeChecks());
    // THEN it reports nothing
    expect(findings(subject.stack, pack)).toEqual([]);
  });

  test.each(PACKS)('%s: every acknowledgement that applies here is still needed', (pack, makeChecks) => {
    // GIVEN the stack without acknowledgements
    const subject = makeSubject();
    // WHEN the pack checks it
    Aspects.of(subject.stack).add(makeChecks());
    const reported = findings(subject.stack, pack);
    // THEN each acknowledgement of this pack whose construct exists here matches a finding on that construct,
    // so none outlives the finding it was written for
    for (const acknowledgement of ACKNOWLEDGEMENTS) {
      const construct = acknowledgement.on(subject);
      const rules = (acknowledgement.id === 'CdkNagValidationFailure' ? acknowledgement.appliesTo! : [acknowledgement.id]).filter((rule) => rule.startsWith(`${pack}-`));
      for (const rule of construct === undefined ? [] : rules) {
        const label = acknowledgement.id === 'CdkNagValidationFailure' ? `CdkNagValidationFailure[${rule}]` : rule;
        expect(reported.filter((finding) => finding.startsWith(`/${construct!.node.path}`) && finding.includes(` ${label}`))).not.toEqual([]);
      }
    }
  });
});

describe('restrictDefaultSecurityGroup: false', () => {
  /** The findings of one pack on PrivateDynamoAccess with these vpcOptions, without acknowledgements. */
  const findingsWith = (vpcOptions: NewVpcOptions, pack: string, makeChecks: () => IAspect) => {
    const stack = new Stack(new App(), 'Default');
    new PrivateDynamoAccess(stack, 'DynamoAccess', { vpcOptions });
    Aspects.of(stack).add(makeChecks());
    return findings(stack, pack);
  };

  test('NIST.800.53.R5 then reports VPCDefaultSecurityGroupClosed on the VPC, and nothing else new', () => {
    // GIVEN the findings with the default-security-group restriction on (the default)
    const before = findingsWith({}, PACKS[1][0], PACKS[1][1]);
    // WHEN it is off
    const after = findingsWith({ restrictDefaultSecurityGroup: false }, PACKS[1][0], PACKS[1][1]);
    // THEN exactly one finding is added, on the VPC resource
    expect(after.filter((finding) => !before.includes(finding))).toEqual([
      '/Default/DynamoAccess/Vpc/Resource NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
    ]);
    expect(before.filter((finding) => !after.includes(finding))).toEqual([]);
  });

  test('AwsSolutions reports nothing new', () => {
    // GIVEN / WHEN
    const before = findingsWith({}, PACKS[0][0], PACKS[0][1]);
    const after = findingsWith({ restrictDefaultSecurityGroup: false }, PACKS[0][0], PACKS[0][1]);
    // THEN
    expect(after).toEqual(before);
  });
});

describe('what the library creates, read by every rule', () => {
  /** Every finding of both packs on a construct and its children, without acknowledgements. */
  const findingsOn = (subject: Subject, construct: IConstruct | undefined) => {
    expect(construct).toBeDefined();
    PACKS.forEach(([, makeChecks]) => Aspects.of(subject.stack).add(makeChecks()));
    return PACKS.flatMap(([pack]) => findings(subject.stack, pack)).filter((finding) => finding.startsWith(`/${construct!.node.path}/`));
  };

  test.each(EXAMPLE_MODES.filter((mode) => mode !== 'gateway'))(
    'the interface endpoint\'s security group in %s mode: no rule fails to read it, none fails', (mode) => {
      // GIVEN the example stack with an interface endpoint, whose security group admits the VPC's CIDR block
      const example = new ExampleStack(new App(), 'Example', { mode });
      // WHEN both packs check it
      // THEN nothing is reported on the group: its CIDR is a literal that EC23 and EC2RestrictedCommonPorts/SSH evaluate
      expect(findingsOn({ stack: example, access: example.access }, interfaceSecurityGroup({ stack: example, access: example.access }))).toEqual([]);
    });

  test('the security group of the endpoints that addEndpointsFor adds: no rule fails to read it, none fails', () => {
    // GIVEN the ECS example (ECR, S3 and CloudWatch Logs endpoints for a Fargate service)
    const ecsExample = new EcsExampleStack(new App(), 'EcsExample');
    const subject = { stack: ecsExample, access: ecsExample.access, ecsExample };
    // WHEN both packs check it / THEN nothing is reported on the group
    expect(findingsOn(subject, workloadEndpointSecurityGroup(subject))).toEqual([]);
  });

  test('the flow log\'s role has no inline policy, and only its log group\'s encryption is reported', () => {
    // GIVEN PrivateDynamoAccess with the default vpcOptions
    const stack = new Stack(new App(), 'Default');
    const subject = { stack, access: new PrivateDynamoAccess(stack, 'DynamoAccess') };
    // WHEN both packs check the flow log (its role, policy and log group)
    // THEN NIST.800.53.R5-IAMNoInlinePolicy is not among the findings: its permissions are a customer-managed policy
    expect(findingsOn(subject, flowLog(subject))).toEqual([
      '/Default/DynamoAccess/Vpc/FlowLog/LogGroup/Resource NIST.800.53.R5-CloudWatchLogGroupEncrypted',
    ]);
  });
});

test('the interface endpoint\'s security group admits only TCP 443 from the VPC\'s CIDR block', () => {
  // GIVEN the example stack with an interface endpoint
  const example = new ExampleStack(new App(), 'Example', { mode: 'interface' });
  const group = example.access.node.findChild('InterfaceEndpointSecurityGroup') as ec2.SecurityGroup;
  const template = Template.fromStack(example);
  const groupId = example.getLogicalId(group.node.defaultChild as ec2.CfnSecurityGroup);
  const vpcId = example.getLogicalId(example.access.vpc.node.defaultChild as ec2.CfnVPC);
  // WHEN its rules are read, inline and as separate ingress resources
  const inline: any[] = template.toJSON().Resources[groupId].Properties.SecurityGroupIngress ?? [];
  const separate = Object.values<any>(template.findResources('AWS::EC2::SecurityGroupIngress'))
    .map((resource) => resource.Properties)
    .filter((rule) => JSON.stringify(rule.GroupId) === JSON.stringify({ 'Fn::GetAtt': [groupId, 'GroupId'] }));
  const rules = [...inline, ...separate];
  // THEN every rule is TCP 443, from the VPC's CIDR block (the literal the VPC is built with) or from the example function's security group
  expect(rules.length).toBeGreaterThan(0);
  expect(template.toJSON().Resources[vpcId].Properties.CidrBlock).toEqual('10.0.0.0/16');
  for (const rule of rules) {
    expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
    if (rule.CidrIp !== undefined) {
      expect(rule.CidrIp).toEqual('10.0.0.0/16');
    } else {
      expect(rule.SourceSecurityGroupId).toBeDefined();
    }
  }
  expect(rules.some((rule) => rule.CidrIp !== undefined)).toBe(true);
});
