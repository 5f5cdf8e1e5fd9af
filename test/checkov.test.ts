import { App } from 'aws-cdk-lib';
import { CHECKOV_INSTALL, CHECKOV_VERSION, CheckovFinding, checkovFindings, checkovVersion } from './support/checkov';
import { listedInComplianceDoc } from './support/compliance-doc';
import { controlTowerVpcOptions } from './support/control-tower';
import { exampleApp, exampleAppWith, exampleStackId } from './support/example-apps';
import { EXAMPLE_MODES } from '../examples/example-stack';

// checkov's CloudFormation checks over the example app's stacks (each with restrictTable; what they contain:
// test/support/example-apps.ts), with the defaults and with the options that clear the Control Tower findings.
// Every finding is acknowledged below with its reason, for the apps where it is expected; a finding without an
// acknowledgement fails, and so does an acknowledgement that no longer matches a finding in every stack.

type AppName = 'defaults' | 'options';

interface Acknowledgement {
  readonly check: string;
  /** The logical id of the resource, the same in every stack of the app. */
  readonly logicalId: string;
  /** The apps in which the finding is expected. */
  readonly apps: AppName[];
  readonly reason: string;
}

const FLOW_LOG_GROUP = 'DynamoAccessVpcFlowLogLogGroup2E43C9E8';
const DEFAULT_SG_PROVIDER = 'CustomVpcRestrictDefaultSGCustomResourceProviderHandlerDC833E5E';
const EXAMPLE_FUNCTION = 'PutGetItemA5F4A078';

const ACKNOWLEDGEMENTS: Acknowledgement[] = [
  // --- what the library creates, with the defaults only ---
  {
    check: 'CKV_AWS_158', // CloudWatch Log Group encrypted by KMS
    logicalId: FLOW_LOG_GROUP,
    apps: ['defaults'],
    reason: 'the default flow-log group is encrypted by CloudWatch Logs with an AWS-owned key, which costs nothing; ' +
      'vpcOptions.flowLogDestination takes a log group encrypted with your KMS key (about $1 a month plus requests)',
  },
  {
    check: 'CKV_AWS_117', // Lambda function inside a VPC
    logicalId: DEFAULT_SG_PROVIDER,
    apps: ['defaults'],
    reason: 'aws-cdk-lib\'s provider function for restrictDefaultSecurityGroup calls the EC2 API, which the isolated VPC has no ' +
      'route to, and aws-cdk-lib does not place it in a VPC; vpcOptions.restrictDefaultSecurityGroup: false removes it',
  },
  {
    check: 'CKV_AWS_116', // Lambda function with a dead-letter queue
    logicalId: DEFAULT_SG_PROVIDER,
    apps: ['defaults'],
    reason: 'the provider function is invoked synchronously by CloudFormation, once per deployment that changes the VPC; ' +
      'there is no asynchronous event to dead-letter, and a failure fails the deployment',
  },
  {
    check: 'CKV_AWS_115', // Lambda function with reserved concurrency
    logicalId: DEFAULT_SG_PROVIDER,
    apps: ['defaults'],
    reason: 'the provider function runs once per deployment that changes the VPC; reserved concurrency would only take ' +
      'capacity from the account\'s other functions',
  },
  // --- what only the example creates (its client function), with the defaults and the options ---
  {
    check: 'CKV_AWS_116',
    logicalId: EXAMPLE_FUNCTION,
    apps: ['defaults', 'options'],
    reason: 'the example function is invoked synchronously by hand to try the private path; there are no asynchronous events to dead-letter',
  },
  {
    check: 'CKV_AWS_115',
    logicalId: EXAMPLE_FUNCTION,
    apps: ['defaults', 'options'],
    reason: 'the example function is invoked by hand; it needs no reserved concurrency',
  },
  {
    check: 'CKV_AWS_173', // Lambda environment variables encrypted with a customer-managed key
    logicalId: EXAMPLE_FUNCTION,
    apps: ['defaults', 'options'],
    reason: 'the example function\'s environment holds the table name and, in interface mode, the endpoint URL: no secret; ' +
      'Lambda encrypts it at rest with an AWS-managed key',
  },
];

/** Each app, and the resources that have findings in it: with the options, none of the library's. */
const APPS: Array<[AppName, () => App, string[]]> = [
  ['defaults', exampleApp, [DEFAULT_SG_PROVIDER, FLOW_LOG_GROUP, EXAMPLE_FUNCTION]],
  ['options', () => exampleAppWith(controlTowerVpcOptions), [EXAMPLE_FUNCTION]],
];

const matches = (acknowledgement: Acknowledgement, finding: CheckovFinding) =>
  acknowledgement.check === finding.check && acknowledgement.logicalId === finding.logicalId;

test(`checkov is the pinned ${CHECKOV_VERSION} (install: ${CHECKOV_INSTALL})`, () => {
  // GIVEN / WHEN the checkov the tests find
  const version = checkovVersion();
  // THEN it is the version the acknowledgements were written for
  expect(version).toEqual(CHECKOV_VERSION);
});

describe.each(APPS)('the example app with the %s', (name, makeApp, flagged) => {
  let findings: CheckovFinding[];
  beforeAll(() => {
    findings = checkovFindings(makeApp());
  });

  test('the findings are on these resources only', () => {
    // GIVEN / WHEN the findings of every stack
    // THEN they are on these resources, and no other
    expect([...new Set(findings.map((finding) => finding.logicalId))].sort()).toEqual([...flagged].sort());
  });

  test('every finding is acknowledged', () => {
    // GIVEN the acknowledgements for this app
    const acknowledgements = ACKNOWLEDGEMENTS.filter((acknowledgement) => acknowledgement.apps.includes(name));
    // WHEN the findings are matched against them
    const unacknowledged = findings.filter((finding) => !acknowledgements.some((acknowledgement) => matches(acknowledgement, finding)));
    // THEN none is left
    expect(unacknowledged.map((finding) => `${finding.check} ${finding.stack} ${finding.resourceType} ${finding.logicalId}: ${finding.name}`)).toEqual([]);
  });

  test('every acknowledgement for this app still matches a finding, in every stack', () => {
    for (const acknowledgement of ACKNOWLEDGEMENTS.filter((candidate) => candidate.apps.includes(name))) {
      for (const mode of EXAMPLE_MODES) {
        const stack = exampleStackId(mode);
        // THEN the finding it was written for is still reported (the label says which, when it is not)
        const label = `${acknowledgement.check} ${acknowledgement.logicalId} in ${stack}`;
        const matched = findings.some((finding) => finding.stack === stack && matches(acknowledgement, finding));
        expect({ label, matched }).toEqual({ label, matched: true });
      }
    }
  });
});

test('docs/compliance.md lists exactly the checks acknowledged on the library\'s resources', () => {
  // GIVEN the checkov ids of the table of findings left on the construct's resources
  const listed = listedInComplianceDoc(/^CKV_/);
  // WHEN the acknowledgements on the library's resources are collected (each matched to a finding by the tests above)
  const onLibrary = ACKNOWLEDGEMENTS.filter((acknowledgement) => [FLOW_LOG_GROUP, DEFAULT_SG_PROVIDER].includes(acknowledgement.logicalId))
    .map((acknowledgement) => acknowledgement.check);
  // THEN the two agree
  expect(listed).toEqual([...new Set(onLibrary)].sort());
});
