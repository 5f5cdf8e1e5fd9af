import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { pythonTool } from './python-tools';

/** One finding of cfn-lint, as its JSON output reports it. */
export interface CfnLintFinding {
  readonly rule: string;
  readonly level: string;
  readonly message: string;
  readonly resource: string;
}

/**
 * Findings that come from what aws-cdk-lib itself emits, not from this library, each with its reason.
 * A finding is excused only when its rule matches and the excuse's test accepts it.
 */
export const EXCUSED_FINDINGS: ReadonlyArray<{ rule: string; accepts: (finding: CfnLintFinding) => boolean; reason: string }> = [
  {
    rule: 'W3005',
    accepts: (finding) => /dependency already enforced by a 'GetAtt' at 'Resources\/[^/]+\/Properties\/Role'$/.test(finding.message),
    reason: 'aws-cdk-lib makes a Lambda function (its own custom-resource providers, and functions in a VPC) DependsOn its role as well as GetAtt-ing it: redundant, harmless',
  },
  {
    rule: 'W3005',
    accepts: (finding) => /NestedStackResource[0-9A-F]{8}' dependency already enforced by a 'GetAtt'/.test(finding.message),
    reason: 'aws-cdk-lib turns a dependency on constructs inside a NestedStack (a VPC function depends on its subnets) into DependsOn on the nested stack resource, next to the GetAtt of its outputs: redundant, harmless',
  },
  {
    rule: 'W3005',
    accepts: (finding) => /^'[^']*Listener[^']*' dependency already enforced by a 'Ref' at 'Resources\/[^/]+\/Properties\/LoadBalancers\/0\/TargetGroupArn'$/.test(finding.message),
    reason: 'aws-cdk-lib makes an ECS service behind a load balancer (ecs_patterns) DependsOn the listener as well as Ref-ing its target group: redundant, harmless',
  },
  {
    rule: 'W3010',
    accepts: (finding) => /^Avoid hardcoding availability zones/.test(finding.message),
    reason: 'in a stack with a concrete env, aws-cdk-lib writes the Availability Zone names it looked up into the subnets: that is how CDK pins subnets to zones',
  },
];

/** Runs cfn-lint over one template and returns the findings that are not excused. */
export function cfnLint(template: unknown, options: { regions?: string[] } = {}): CfnLintFinding[] {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  const file = join(dir, 'template.json');
  try {
    writeFileSync(file, JSON.stringify(template, null, 1));
    return cfnLintFiles([file], options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs cfn-lint over template files and returns the findings that are not excused. */
export function cfnLintFiles(files: string[], options: { regions?: string[] } = {}): CfnLintFinding[] {
  const args = ['--format', 'json', ...(options.regions ? ['--regions', ...options.regions] : []), '--', ...files];
  let output: string;
  try {
    output = execFileSync(pythonTool('cfn-lint'), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // cfn-lint exits non-zero when it reports anything; its JSON is still on stdout.
    const failure = error as { stdout?: string; stderr?: string; status?: number };
    if (!failure.stdout) {
      throw new Error(`cfn-lint did not run (exit ${failure.status}): ${failure.stderr}`);
    }
    output = failure.stdout;
  }
  const findings = (JSON.parse(output) as any[]).map((match) => ({
    rule: match.Rule.Id as string,
    level: match.Level as string,
    message: match.Message as string,
    resource: (match.Location?.Path?.[1] ?? '') as string,
  }));
  return findings.filter((finding) => finding.level !== 'Informational' &&
    !EXCUSED_FINDINGS.some((excuse) => excuse.rule === finding.rule && excuse.accepts(finding)));
}

/** Fails the calling test when cfn-lint reports any error or warning that is not excused. */
export function expectCfnLintClean(template: unknown, options: { regions?: string[] } = {}): void {
  const findings = cfnLint(template, options);
  if (findings.length > 0) {
    throw new Error(`cfn-lint reported ${findings.length} finding(s):\n${findings.map((f) => `${f.rule} ${f.resource}: ${f.message}`).join('\n')}`);
  }
}
