import { execFileSync } from 'child_process';
import { accessSync, constants } from 'fs';
import { basename, delimiter, join } from 'path';
import { Stage } from 'aws-cdk-lib';
import { pythonTool } from './python-tools';

/**
 * checkov (PyPI), the static analyser many organisations run on CloudFormation templates. Its checks change
 * from release to release, and test/checkov.test.ts acknowledges its findings one by one: the version is pinned.
 */
export const CHECKOV_VERSION = '3.3.30';

/** How to install the pinned checkov (with the other Python tools, from requirements-dev.txt) where the tests look first. */
export const CHECKOV_INSTALL = 'npx projen python-tools';

/**
 * The checkov executable: the pinned one in `.venv/bin`, else the first `checkov` on the PATH.
 * Throws, with the install command, when there is none.
 */
export function findCheckov(): string {
  const tool = pythonTool('checkov');
  const candidates = [tool, ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'checkov'))];
  const found = candidates.find(isExecutable);
  if (found === undefined) {
    throw new Error(`checkov: not found in .venv/bin or on the PATH; install it with: ${CHECKOV_INSTALL}`);
  }
  return found;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The version the found checkov reports. */
export function checkovVersion(): string {
  return execFileSync(findCheckov(), ['--version'], { encoding: 'utf8' }).trim();
}

/** One failed checkov check on one resource. */
export interface CheckovFinding {
  /** The check id, e.g. `CKV_AWS_158`. */
  readonly check: string;
  /** The stack: the template file name without `.template.json`. */
  readonly stack: string;
  /** The resource's logical id. */
  readonly logicalId: string;
  /** The resource's CloudFormation type. */
  readonly resourceType: string;
  /** The check's title. */
  readonly name: string;
}

/**
 * Runs checkov's CloudFormation checks over the given templates and returns its failed checks, sorted.
 * Nothing is downloaded (`--skip-download`): the checks are those of the installed release.
 */
export function checkovFindingsOfTemplates(templatePaths: string[]): CheckovFinding[] {
  if (templatePaths.length === 0) {
    throw new Error('checkovFindingsOfTemplates: no template given; pass the paths of synthesized templates');
  }
  const args = ['--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact', '--skip-download', '--soft-fail',
    ...templatePaths.flatMap((file) => ['--file', file])];
  let output: string;
  try {
    // --soft-fail: exit 0 with failed checks, so a non-zero exit is checkov itself failing
    output = execFileSync(findCheckov(), args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failure = error as { status?: number; stderr?: string };
    throw new Error(`checkov did not run (exit ${failure.status}): ${failure.stderr}`);
  }
  const reports: any[] = [JSON.parse(output)].flat();
  const findings: CheckovFinding[] = [];
  for (const report of reports) {
    if (report.summary?.parsing_errors > 0) {
      throw new Error(`checkov could not parse ${report.summary.parsing_errors} template(s): ${JSON.stringify(report.results?.parsing_errors)}`);
    }
    for (const failed of report.results?.failed_checks ?? []) {
      const [resourceType, logicalId] = String(failed.resource).split(/\.(?=[^.]+$)/);
      findings.push({
        check: failed.check_id,
        stack: basename(failed.file_path).replace(/\.template\.json$/, ''),
        logicalId,
        resourceType,
        name: failed.check_name,
      });
    }
  }
  const line = (finding: CheckovFinding) => `${finding.check} ${finding.stack} ${finding.logicalId}`;
  return findings.sort((a, b) => line(a).localeCompare(line(b)));
}

/** Synthesizes an app (or any stage) and runs checkov over all its stacks, including nested stages'. */
export function checkovFindings(stage: Stage): CheckovFinding[] {
  return checkovFindingsOfTemplates(stage.synth().stacksRecursively.map((stack) => stack.templateFullPath));
}
