import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { PYTHON_TOOLS_SETUP_STEPS } from '../projenrc/workflow-setup';

const WORKFLOWS = join(__dirname, '..', '.github', 'workflows');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

/** A command that runs the test suite (directly, or through the build or release task that spawns it). */
const RUNS_TESTS = /\b(projen|npm run) (build|test|release)\b|\bjest\b/;

/** The jobs of every generated workflow, by `<file>/<job>`. */
function readJobs(): Map<string, Step[]> {
  const jobs = new Map<string, Step[]>();
  for (const file of readdirSync(WORKFLOWS).filter((name) => name.endsWith('.yml'))) {
    const workflow = parse(readFileSync(join(WORKFLOWS, file), 'utf8'));
    for (const [id, job] of Object.entries<any>(workflow.jobs ?? {})) {
      jobs.set(`${file}/${id}`, job.steps ?? []);
    }
  }
  return jobs;
}

function sameStep(actual: Step, expected: Step): boolean {
  return actual.uses === expected.uses && actual.run === expected.run &&
    JSON.stringify(actual.with ?? {}) === JSON.stringify(expected.with ?? {});
}

/**
 * What is wrong with a job's steps: a step that runs the tests without every setup step of
 * PYTHON_TOOLS_SETUP_STEPS before it, in that order.
 */
export function missingSetup(steps: Step[]): string[] {
  const problems: string[] = [];
  steps.forEach((step, index) => {
    if (!step.run || !RUNS_TESTS.test(step.run)) {
      return;
    }
    let from = 0;
    for (const expected of PYTHON_TOOLS_SETUP_STEPS as Step[]) {
      const found = steps.findIndex((candidate, at) => at >= from && at < index && sameStep(candidate, expected));
      if (found < 0) {
        problems.push(`step ${index} (${step.run}) runs the tests without "${expected.name}" before it`);
        return;
      }
      from = found + 1;
    }
  });
  return problems;
}

describe('generated GitHub workflows', () => {
  const jobs = readJobs();
  const testing = [...jobs.entries()].filter(([, steps]) => steps.some((step) => step.run && RUNS_TESTS.test(step.run)));

  test('the jobs that run the tests are the build, the newest-aws-cdk-lib and the release jobs', () => {
    // GIVEN the workflows .projenrc.ts generated
    // WHEN the jobs whose steps run the test suite are picked
    // THEN they are exactly these (a new one must be checked too, not silently skipped)
    expect(testing.map(([id]) => id).sort()).toEqual([
      'build.yml/build',
      'build.yml/test-newest-aws-cdk-lib',
      'release.yml/release',
    ]);
  });

  test.each(['build.yml/build', 'build.yml/test-newest-aws-cdk-lib', 'release.yml/release'])(
    '%s installs the pinned Python tools before it runs the tests', (id) => {
      // GIVEN a job that runs the tests
      const steps = jobs.get(id)!;
      // WHEN its steps are checked against the one setup list of projenrc/workflow-setup.ts
      // THEN Python and `npx projen python-tools` come before the step that runs the tests
      expect(missingSetup(steps)).toEqual([]);
      expect(steps.some((step) => step.run === 'npx projen python-tools')).toBe(true);
    });

  test('every job that runs the tests has the setup steps', () => {
    // GIVEN every job of every workflow that runs the tests
    // WHEN each is checked
    // THEN none lacks the setup steps
    const problems = testing.flatMap(([id, steps]) => missingSetup(steps).map((problem) => `${id}: ${problem}`));
    expect(problems).toEqual([]);
  });

  test('the check catches a job without the setup steps, or with them after the tests', () => {
    // GIVEN a release job as projen generated it before the setup steps were shared
    const bare: Step[] = [
      { name: 'Checkout', uses: 'actions/checkout@v4' },
      { name: 'Install dependencies', run: 'npm ci' },
      { name: 'release', run: 'npx projen release' },
    ];
    // WHEN it, and one with the setup after the tests, are checked
    const late: Step[] = [...bare, ...(PYTHON_TOOLS_SETUP_STEPS as Step[])];
    // THEN both are reported
    expect(missingSetup(bare)).toEqual(['step 2 (npx projen release) runs the tests without "Setup Python" before it']);
    expect(missingSetup(late)).toEqual(['step 2 (npx projen release) runs the tests without "Setup Python" before it']);
  });

  test('the build workflow runs the scanners on the newest aws-cdk-lib, after installing the dependencies', () => {
    // GIVEN the build workflow's scanners job
    const steps = jobs.get('build.yml/scanners');
    // WHEN its commands are listed
    const commands = (steps ?? []).map((step) => step.run).filter((run): run is string => run !== undefined);
    // THEN it installs, then runs `npx projen scanners` (which installs the pinned scanners' project itself)
    expect(commands).toEqual(['npm ci', 'npx projen scanners']);
  });

  test('every workflow runs on the same LTS Node.js', () => {
    // GIVEN every setup-node step of every job
    const versions = new Set([...jobs.values()].flat()
      .filter((step) => step.uses?.startsWith('actions/setup-node@'))
      .map((step) => String(step.with?.['node-version'])));
    // THEN there is one version, Node.js 24 (jsii needs >= 20.16, the release bump tool >= 22)
    expect([...versions]).toEqual(['24.x']);
  });
});
