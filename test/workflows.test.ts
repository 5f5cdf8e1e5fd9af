import { spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { NPM_TRUSTED_PUBLISHING_MIN, PUBLIB_VERSION } from '../projenrc/release';
import { PYTHON_TOOLS_SETUP_STEPS } from '../projenrc/workflow-setup';

const WORKFLOWS = join(__dirname, '..', '.github', 'workflows');

interface Step {
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

/**
 * A command that runs the test suite (directly, or through the build or release task that spawns it); not
 * tasks that merely start with those names (release:rehearse).
 */
const RUNS_TESTS = /\b(projen|npm run) (build|test|release)(?![:\w-])|\bjest\b/;

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

describe('release workflow: publishing', () => {
  const jobs = readJobs();
  const publishing = [...jobs.entries()].flatMap(([id, steps]) => steps
    .filter((step) => step.run?.includes('publib'))
    .map((step) => ({ id, run: step.run! })));

  test('every publish job runs publib pinned to one exact version', () => {
    // GIVEN every step of every workflow that runs a publib command
    // THEN there is one per registry, each `npx -p publib@<PUBLIB_VERSION> publib-<registry>`, none @latest
    expect(publishing.map(({ id }) => id).sort()).toEqual([
      'release.yml/release_golang', 'release.yml/release_maven', 'release.yml/release_npm', 'release.yml/release_nuget', 'release.yml/release_pypi',
    ]);
    for (const { id, run } of publishing) {
      const registry = id.replace('release.yml/release_', '');
      expect(run).toBe(`npx '-p' 'publib@${PUBLIB_VERSION}' 'publib-${registry}'`);
    }
    expect(PUBLIB_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  describe('npm version check before publishing to npm', () => {
    const steps = jobs.get('release.yml/release_npm')!;
    const guardAt = steps.findIndex((step) => step.name?.startsWith('Check that npm supports trusted publishing'));
    const guard = steps[guardAt];
    let bin: string;
    beforeAll(() => {
      bin = mkdtempSync(join(tmpdir(), 'fake-npm-'));
    });
    afterAll(() => {
      rmSync(bin, { recursive: true, force: true });
    });

    /** Runs the check's script with an `npm` on the PATH that says it is `version`. */
    function checkWith(version: string): { status: number | null; output: string } {
      writeFileSync(join(bin, 'npm'), `#!/bin/sh\necho ${version}\n`);
      chmodSync(join(bin, 'npm'), 0o755);
      const result = spawnSync('bash', ['-e', '-c', guard.run!], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    }

    test('runs right before publib-npm, unconditionally', () => {
      // GIVEN the npm publish job
      // THEN the check is the step just before the Release step (publib-npm), after the artifact is in place, and always runs
      expect(guardAt).toBeGreaterThan(0);
      expect(steps[guardAt + 1].run).toBe(`npx '-p' 'publib@${PUBLIB_VERSION}' 'publib-npm'`);
      expect(steps.slice(0, guardAt).map((step) => step.name)).toContain('Collect js artifact');
      expect(guard.if).toBeUndefined();
      expect(NPM_TRUSTED_PUBLISHING_MIN).toBe('11.5.1');
    });

    test.each(['11.5.1', '11.5.2', '11.10.0', '12.0.0'])('passes with npm %s', (version) => {
      // GIVEN npm at or above 11.5.1 WHEN the check runs THEN it passes and says so
      const { status, output } = checkWith(version);
      expect(output).toContain(`npm ${version} >= 11.5.1: trusted publishing supported`);
      expect(status).toBe(0);
    });

    test.each(['11.5.0', '11.3.0', '10.9.2', '9.99.99'])('fails with npm %s, naming the fix', (version) => {
      // GIVEN npm below 11.5.1 (Node.js 24.0 bundled 11.3.0) WHEN the check runs THEN it fails the job before publishing
      const { status, output } = checkWith(version);
      expect(output).toContain(`::error::npm ${version} is older than 11.5.1`);
      expect(output).toContain('workflowNodeVersion');
      expect(status).toBe(1);
    });
  });
});

describe('build workflow: release rehearsal', () => {
  const jobs = readJobs();

  test('a job rehearses the release after building, with every toolchain the registries need', () => {
    // GIVEN the build workflow's release-rehearsal job
    const steps = jobs.get('build.yml/release-rehearsal')!;
    const runs = steps.map((step) => step.run ?? step.uses ?? '');
    // THEN it builds the assembly and the npm tarball first, then runs the rehearsal task, with Python, Java and Go set up
    const build = runs.findIndex((run) => run.includes('npx projen compile') && run.includes('package:js'));
    const rehearse = runs.indexOf('npx projen release:rehearse');
    expect(build).toBeGreaterThan(0);
    expect(rehearse).toBeGreaterThan(build);
    for (const tool of ['actions/setup-node@', 'actions/setup-python@', 'actions/setup-java@', 'actions/setup-go@']) {
      expect(runs.some((run) => run.startsWith(tool))).toBe(true);
    }
  });

  test('the rehearsal task runs the script that publishes with release.yml\'s own commands', () => {
    // GIVEN the projen task and the script it runs
    const tasks = JSON.parse(readFileSync(join(__dirname, '..', '.projen', 'tasks.json'), 'utf8')).tasks;
    expect(tasks['release:rehearse'].steps).toEqual([{ exec: 'bash test/consumers/rehearse-release.sh' }]);
    const script = readFileSync(join(__dirname, 'consumers', 'rehearse-release.sh'), 'utf8');
    // THEN the script reads each job's Release command from release.yml and publishes to each registry with it
    expect(script).toContain('WORKFLOW=.github/workflows/release.yml');
    for (const job of ['release_npm', 'release_pypi', 'release_maven', 'release_golang']) {
      expect(script).toMatch(new RegExp(`^publish ${job} `, 'm'));
    }
  });
});
