import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { listedInComplianceDoc } from './support/compliance-doc';
import { ControlTowerFinding, controlTowerFindings, controlTowerVpcOptions, describeFinding } from './support/control-tower';
import { exampleApp, exampleAppWith, exampleStackId } from './support/example-apps';
import { EXAMPLE_MODES } from '../examples/example-stack';
import { PrivateDynamoAccess } from '../src';

// AWS Control Tower's proactive controls (237 cfn-guard rules bundled with @cdklabs/cdk-validator-cfnguard)
// over the example app's stacks, each with a table locked to the VPC by restrictTable (what the stacks contain:
// test/support/example-apps.ts). None of the example's own resources (table, client function, role, and with
// the options the KMS key and log group) is flagged, so every finding below is on a resource of the library.

/** The two findings of every stack built with the default vpcOptions, as the README lists them. */
const DEFAULT_FINDINGS = (stack: string) => [
  `CT.CLOUDWATCH.PR.3 ${stack} DynamoAccessVpcFlowLogLogGroup2E43C9E8 (AWS::Logs::LogGroup)`,
  `CT.LAMBDA.PR.3 ${stack} CustomVpcRestrictDefaultSGCustomResourceProviderHandlerDC833E5E (AWS::Lambda::Function)`,
];

const lines = (findings: ControlTowerFinding[]) => findings.map(describeFinding).sort();

describe('Control Tower proactive controls', () => {
  test('with the defaults, each stack of the example app fails exactly CT.CLOUDWATCH.PR.3 (flow-log group) and CT.LAMBDA.PR.3 (default-SG custom resource)', () => {
    // GIVEN the example app, gateway, interface and gateway+interface, each with restrictTable
    const app = exampleApp();
    // WHEN the controls check it
    const findings = controlTowerFindings(app);
    // THEN these findings, and no other
    expect(lines(findings)).toEqual(EXAMPLE_MODES.flatMap((mode) => DEFAULT_FINDINGS(exampleStackId(mode))).sort());
  });

  test('with the defaults, a stack with nothing but PrivateDynamoAccess fails the same two controls', () => {
    // GIVEN
    const app = new App();
    new PrivateDynamoAccess(new Stack(app, 'Default'), 'DynamoAccess');
    // WHEN
    const findings = controlTowerFindings(app);
    // THEN
    expect(lines(findings)).toEqual(DEFAULT_FINDINGS('Default'));
  });

  test('with flowLogDestination (a KMS-encrypted log group) and restrictDefaultSecurityGroup: false, the example app has no finding', () => {
    // GIVEN the example app with the options the README's "Compliance" part shows
    const app = exampleAppWith(controlTowerVpcOptions);
    // WHEN
    const findings = controlTowerFindings(app);
    // THEN nothing fails
    expect(lines(findings)).toEqual([]);
    // AND the two controls had something to check: a log group (the user's, encrypted) and a Lambda function
    // (the client, in the VPC) in every stack, and no custom resource
    for (const mode of EXAMPLE_MODES) {
      const template = Template.fromStack(app.node.findChild(exampleStackId(mode)) as Stack);
      template.resourceCountIs('AWS::Logs::LogGroup', 1);
      template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FlowLogKey'), 'Arn'] } });
      template.resourceCountIs('AWS::Lambda::Function', 1);
      template.resourceCountIs('Custom::VpcRestrictDefaultSG', 0);
      template.resourceCountIs('AWS::EC2::FlowLog', 1);
    }
  });

  test('flowLogDestination alone clears CT.CLOUDWATCH.PR.3; CT.LAMBDA.PR.3 remains', () => {
    // GIVEN
    const app = exampleAppWith((scope) => ({ flowLogDestination: controlTowerVpcOptions(scope).flowLogDestination }));
    // WHEN
    const findings = controlTowerFindings(app);
    // THEN
    expect(lines(findings)).toEqual(EXAMPLE_MODES.map((mode) => DEFAULT_FINDINGS(exampleStackId(mode))[1]).sort());
  });

  test('restrictDefaultSecurityGroup: false alone clears CT.LAMBDA.PR.3; CT.CLOUDWATCH.PR.3 remains', () => {
    // GIVEN
    const app = exampleAppWith(() => ({ restrictDefaultSecurityGroup: false }));
    // WHEN
    const findings = controlTowerFindings(app);
    // THEN
    expect(lines(findings)).toEqual(EXAMPLE_MODES.map((mode) => DEFAULT_FINDINGS(exampleStackId(mode))[0]).sort());
  });

  test('the example rebuilt to take vpcOptions has, with the defaults, the example\'s resources under the same ids', () => {
    // GIVEN the example app and its rebuild with the default vpcOptions
    const example = exampleApp();
    const rebuilt = exampleAppWith(() => ({}));
    // WHEN their resources are listed, id and type
    const resources = (app: App, mode: typeof EXAMPLE_MODES[number]) => Object.entries<any>(
      Template.fromStack(app.node.findChild(exampleStackId(mode)) as Stack).toJSON().Resources).map(([id, resource]) => `${id} ${resource.Type}`).sort();
    // THEN they are the same
    for (const mode of EXAMPLE_MODES) {
      expect(resources(rebuilt, mode)).toEqual(resources(example, mode));
    }
  });

  test('docs/compliance.md lists exactly the controls the defaults fail', () => {
    // GIVEN the Control Tower ids of the table of findings left on the construct's resources
    const listed = listedInComplianceDoc(/^CT\.[A-Z0-9]+\.PR\.\d+$/);
    // WHEN the defaults are checked
    const found = [...new Set(controlTowerFindings(exampleApp()).map((finding) => finding.control))].sort();
    // THEN the two agree
    expect(listed).toEqual(found);
  });
});

describe('through the CDK policy-validation plugin, as an app would run it', () => {
  /** Synthesizes with the plugin registered on the app and returns the violations of its JSON report. */
  function synthWithPlugin(app: App): string[] {
    const exitCode = process.exitCode;
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const reportFile = join(app.outdir, 'policy-validation-report.json');
      try {
        app.synth();
      } catch (error) {
        // Newer aws-cdk-lib releases throw ("ValidationFailed") where 2.222 only marks the process as failed;
        // the report is written first either way.
        if (!existsSync(reportFile)) {
          throw error;
        }
      }
      const report = JSON.parse(readFileSync(reportFile, 'utf8'));
      return report.pluginReports.flatMap((plugin: any) => plugin.violations.flatMap((violation: any) =>
        violation.violatingResources.map((resource: any) => `${violation.description.split(':')[0]} ${resource.resourceLogicalId}`)));
    } finally {
      // aws-cdk-lib marks the process as failed when a plugin reports a violation (the CDK CLI then stops)
      process.exitCode = exitCode;
      log.mockRestore();
    }
  }

  const pluginApp = () => new App({
    policyValidationBeta1: [new CfnGuardValidator()],
    context: { '@aws-cdk/core:validationReportJson': true },
  });

  test('with the defaults, the plugin reports the same two findings', () => {
    // GIVEN an app with the plugin
    const app = pluginApp();
    new PrivateDynamoAccess(new Stack(app, 'Default'), 'DynamoAccess');
    // WHEN it synthesizes
    const violations = synthWithPlugin(app);
    // THEN
    expect([...new Set(violations)].sort()).toEqual([
      '[CT.CLOUDWATCH.PR.3] DynamoAccessVpcFlowLogLogGroup2E43C9E8',
      '[CT.LAMBDA.PR.3] CustomVpcRestrictDefaultSGCustomResourceProviderHandlerDC833E5E',
    ]);
  });

  test('with the options, the plugin reports nothing', () => {
    // GIVEN
    const app = pluginApp();
    const stack = new Stack(app, 'Compliant');
    new PrivateDynamoAccess(stack, 'DynamoAccess', { vpcOptions: controlTowerVpcOptions(stack) });
    // WHEN
    const violations = synthWithPlugin(app);
    // THEN
    expect(violations).toEqual([]);
  });
});
