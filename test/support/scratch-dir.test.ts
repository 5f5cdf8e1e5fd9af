import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative, resolve, sep } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { enterScratchDir, leaveScratchDir, SCRATCH_DIR_ENV, SCRATCH_DIR_PREFIX } from './scratch-dir';

/* Tests leave the temporary directory as they found it: the run's scratch directory (./scratch-dir.ts). */

const ROOT = resolve(__dirname, '..', '..');

/** The run's scratch directory, as globalSetup named it. */
function scratchDir(): string {
  const dir = process.env[SCRATCH_DIR_ENV];
  if (dir === undefined) {
    throw new Error(`${SCRATCH_DIR_ENV} is not set: Jest ran without test/support/global-setup.ts`);
  }
  return realpathSync(dir);
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, realpathSync(path));
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

describe('the run\'s scratch directory', () => {
  test('the Jest config sets it up before the run and removes it after', () => {
    // GIVEN the Jest config projen writes into package.json
    const jest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).jest;

    // THEN its global setup and teardown are these modules, and they exist
    expect(jest.globalSetup).toEqual('<rootDir>/test/support/global-setup.ts');
    expect(jest.globalTeardown).toEqual('<rootDir>/test/support/global-teardown.ts');
    for (const file of [jest.globalSetup, jest.globalTeardown]) {
      expect(existsSync(file.replace('<rootDir>', ROOT))).toBe(true);
    }
  });

  test('is the temporary directory of the tests, a fresh one in the temporary directory the run started with', () => {
    // GIVEN the directory globalSetup created
    const dir = scratchDir();

    // THEN os.tmpdir() is it, for the tests and for the tools they spawn (TMPDIR)
    expect(realpathSync(tmpdir())).toEqual(dir);
    expect(realpathSync(process.env.TMPDIR!)).toEqual(dir);
    expect(dir.split(sep).pop()).toMatch(new RegExp(`^${SCRATCH_DIR_PREFIX}`));
    expect(process.env.CDK_OUTDIR).toBeUndefined();
  });

  test('an App without outdir synthesizes its cloud assembly into it', () => {
    // GIVEN an App as most tests make it: no outdir
    const app = new App();
    new sqs.Queue(new Stack(app, 'Stack'), 'Queue');

    // WHEN it is synthesized
    const assembly = app.synth();

    // THEN the assembly (cdk.outXXXXXX) is in the scratch directory, which the teardown removes
    expect(isInside(assembly.directory, scratchDir())).toBe(true);
    expect(assembly.directory.split(sep).pop()).toMatch(/^cdk\.out/);
  });

  test('a temporary directory a test makes with mkdtemp lands in it', () => {
    // WHEN a test makes a temporary directory the usual way
    const dir = mkdtempSync(join(tmpdir(), 'some-test-'));

    // THEN it is in the scratch directory
    expect(isInside(dir, scratchDir())).toBe(true);
  });

  test('leaving it removes it with everything inside and puts the temporary directory back', () => {
    // GIVEN an environment whose temporary directory is a directory of this test, and a scratch directory entered from it
    const outer = mkdtempSync(join(tmpdir(), 'outer-'));
    const env: Record<string, string | undefined> = { TMPDIR: outer, CDK_OUTDIR: '/somewhere/cdk.out' };
    const entered = enterScratchDir(env, outer);
    expect(entered.dir.startsWith(join(outer, SCRATCH_DIR_PREFIX))).toBe(true);
    expect(env).toEqual({ TMPDIR: entered.dir, TEMP: entered.dir, TMP: entered.dir, [SCRATCH_DIR_ENV]: entered.dir });
    mkdirSync(join(entered.dir, 'cdk.outABCDEF'));
    writeFileSync(join(entered.dir, 'cdk.outABCDEF', 'manifest.json'), '{}');

    // WHEN it is left
    leaveScratchDir(entered.dir, entered.saved, env);

    // THEN nothing of it is left, and the variables are as they were
    expect(existsSync(entered.dir)).toBe(false);
    expect(env).toEqual({ TMPDIR: outer, CDK_OUTDIR: '/somewhere/cdk.out' });
    expect(readdirSync(outer)).toEqual([]);
    rmSync(outer, { recursive: true });
  });
});
