import { readFileSync } from 'fs';
import { basename } from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { Stack, Stage } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { NewVpcOptions } from '../../src';

/**
 * AWS Control Tower's proactive controls, run as cfn-guard rules by the CDK policy-validation plugin
 * `@cdklabs/cdk-validator-cfnguard` (a dev dependency pinned in .projenrc.ts). The plugin bundles both the
 * rules (rules/control-tower/cfn-guard, one file per control) and the cfn-guard binary for Linux and macOS on
 * x64 and arm64, so nothing is fetched at run time.
 *
 * A CDK app gets the same checks with `new App({ policyValidationBeta1: [new CfnGuardValidator()] })`;
 * these helpers call the plugin's `validate()` on synthesized templates instead, to return the findings as
 * data that tests can compare.
 */

/** One resource that fails one Control Tower control. */
export interface ControlTowerFinding {
  /** The control id, e.g. `CT.LAMBDA.PR.3`. */
  readonly control: string;
  /** The stack: the template file name without `.template.json` (the artifact id). */
  readonly stack: string;
  /** The resource's logical id in that template. */
  readonly logicalId: string;
  /** The resource's CloudFormation type, e.g. `AWS::Lambda::Function`. */
  readonly resourceType: string;
  /** The control's title, as the rule states it. */
  readonly title: string;
  /** The rule's suggested fix. */
  readonly fix: string;
}

/** The plugin's version, for messages. */
export const CONTROL_TOWER_PLUGIN_VERSION: string = new CfnGuardValidator().version ?? 'unknown';

/**
 * Runs every bundled Control Tower control over the given CloudFormation templates (JSON files) and
 * returns one finding per (control, template, resource), sorted. Throws when cfn-guard cannot run or a
 * finding does not name its control.
 */
export function controlTowerFindingsOfTemplates(templatePaths: string[]): ControlTowerFinding[] {
  if (templatePaths.length === 0) {
    throw new Error('controlTowerFindingsOfTemplates: no template given; pass the paths of synthesized templates');
  }
  // cfn-guard prints every rule's result for every template: give it room for many templates.
  const validator = new CfnGuardValidator({ maxBuffer: 256 * 1024 * 1024 });
  const report = validator.validate({ templatePaths });
  const templates = new Map<string, any>();
  const findings = new Map<string, ControlTowerFinding>();
  for (const violation of report.violations) {
    const control = /^\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(violation.description)?.[1];
    if (control === undefined) {
      throw new Error(`a finding of rule ${violation.ruleName} does not start with its control id: ${violation.description}`);
    }
    for (const resource of violation.violatingResources) {
      if (resource.resourceLogicalId === undefined) {
        throw new Error(`a finding of ${control} names no resource: ${JSON.stringify(resource)}`);
      }
      if (!templates.has(resource.templatePath)) {
        templates.set(resource.templatePath, JSON.parse(readFileSync(resource.templatePath, 'utf8')));
      }
      const finding: ControlTowerFinding = {
        control,
        stack: basename(resource.templatePath).replace(/\.template\.json$/, ''),
        logicalId: resource.resourceLogicalId,
        resourceType: templates.get(resource.templatePath).Resources?.[resource.resourceLogicalId]?.Type ?? 'unknown',
        title: violation.description.replace(/^\[[^\]]+\]:\s*/, ''),
        fix: violation.fix ?? '',
      };
      findings.set(`${finding.control} ${finding.stack} ${finding.logicalId}`, finding);
    }
  }
  if (!report.success && findings.size === 0) {
    throw new Error(`the Control Tower rules failed without naming a resource: ${JSON.stringify(report)}`);
  }
  return [...findings.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, finding]) => finding);
}

/**
 * Synthesizes an app (or any stage) and runs every bundled Control Tower control over all its stacks,
 * including those of nested stages.
 */
export function controlTowerFindings(stage: Stage): ControlTowerFinding[] {
  const assembly = stage.synth();
  return controlTowerFindingsOfTemplates(assembly.stacksRecursively.map((stack) => stack.templateFullPath));
}

/** A finding as one line, `CONTROL STACK LOGICALID (TYPE)`, for readable expectations and messages. */
export function describeFinding(finding: ControlTowerFinding): string {
  return `${finding.control} ${finding.stack} ${finding.logicalId} (${finding.resourceType})`;
}

/**
 * The `vpcOptions` that clear the two Control Tower findings of the default VPC, as the README's
 * "Compliance" part shows them: the flow log writes to a log group encrypted with a customer-managed KMS key
 * (created here, under `scope`, with the key policy CloudWatch Logs needs and the grant restriction that
 * `CT.KMS.PR.3` asks of every key), through a role whose permissions are a customer-managed policy (given
 * `withoutPolicyUpdates()`, so that aws-cdk-lib adds no inline policy to it, which cdk-nag's HIPAA, NIST and
 * PCI packs flag), and the default security group is left to the user.
 */
export function controlTowerVpcOptions(scope: Construct): NewVpcOptions {
  const key = new kms.Key(scope, 'FlowLogKey', { enableKeyRotation: true });
  key.grant(new iam.ServicePrincipal(`logs.${Stack.of(scope).region}.amazonaws.com`),
    'kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*');
  key.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  const logGroup = new logs.LogGroup(scope, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
  const role = new iam.Role(scope, 'FlowLogRole', {
    assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
    managedPolicies: [new iam.ManagedPolicy(scope, 'FlowLogPolicy', {
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [logGroup.logGroupArn],
      })],
    })],
  });
  return {
    flowLogDestination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role.withoutPolicyUpdates()),
    restrictDefaultSecurityGroup: false,
  };
}
