import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack, Stage, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cfnLintFiles } from './cfn-lint';
import { findDependencyCycle } from './cycles';

/*
 * cfn-lint over every template a test file synthesizes, in one batch after the file's tests (cfn-lint
 * takes seconds to start). Registered with `afterAll`, so it does not depend on the order of the tests,
 * runs whichever of them ran (also under `-t`), and fails the file, naming each test whose template has
 * findings. Each template is also checked for a dependency cycle among its resources.
 */

interface Entry {
  readonly test: string;
  readonly region: string;
  readonly template: unknown;
}

/** A collector of templates for cfn-lint; create one per test file, at the top level. */
export class LintedTemplates {
  private readonly entries: Entry[] = [];

  constructor() {
    afterAll(() => this.lint());
  }

  /** `Template.fromStack(stack)`, kept for cfn-lint. */
  public synth(stack: Stack): Template {
    const template = Template.fromStack(stack);
    this.add(template.toJSON(), stack);
    return template;
  }

  /** Every stack of a Stage (or App), synthesized and kept for cfn-lint; returns the templates by stack name. */
  public synthStage(stage: Stage): Record<string, any> {
    const assembly = stage.synth();
    const templates: Record<string, any> = {};
    for (const artifact of assembly.stacks) {
      templates[artifact.stackName] = artifact.template;
      this.entries.push({ test: currentTest(), region: artifact.environment.region === 'unknown-region' ? 'us-east-1' : artifact.environment.region, template: artifact.template });
    }
    return templates;
  }

  /** Keeps a template synthesized by other means. */
  public add(template: unknown, stack?: Stack): void {
    const region = stack === undefined || Token.isUnresolved(stack.region) ? 'us-east-1' : stack.region;
    this.entries.push({ test: currentTest(), region, template });
  }

  private lint(): void {
    if (this.entries.length === 0) {
      return;
    }
    const cycles = this.entries
      .map((entry) => ({ test: entry.test, cycle: findDependencyCycle(entry.template) }))
      .filter((entry) => entry.cycle !== undefined)
      .map((entry) => `${entry.test}: dependency cycle ${entry.cycle!.join(' -> ')}`);
    const dir = mkdtempSync(join(tmpdir(), 'linted-templates-'));
    try {
      const files = this.entries.map((entry, index) => {
        const file = join(dir, `template-${index}.json`);
        writeFileSync(file, JSON.stringify(entry.template, null, 1));
        return { ...entry, file };
      });
      // cfn-lint runs once per region over all templates; only a region with findings is looked at per file.
      const regions = [...new Set(files.map((entry) => entry.region))];
      const dirty = regions.filter((region) =>
        cfnLintFiles(files.filter((entry) => entry.region === region).map((entry) => entry.file), { regions: [region] }).length > 0);
      const findings = files
        .filter((entry) => dirty.includes(entry.region))
        .map((entry) => ({ test: entry.test, findings: cfnLintFiles([entry.file], { regions: [entry.region] }) }))
        .filter((entry) => entry.findings.length > 0)
        .map((entry) => `${entry.test}:\n${entry.findings.map((f) => `  ${f.rule} ${f.resource}: ${f.message}`).join('\n')}`);
      const problems = [...cycles, ...findings];
      if (problems.length > 0) {
        throw new Error(`cfn-lint or the cycle finder reported problems in ${problems.length} template(s):\n${problems.join('\n')}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function currentTest(): string {
  return expect.getState().currentTestName ?? 'unnamed test';
}
