import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/*
 * One scratch directory per Jest run, in which every temporary file of the tests lands: Jest's
 * globalSetup (./global-setup.ts) creates it and points the temporary directory at it (TMPDIR, and TEMP
 * and TMP for Windows), before the workers start, so that they and the tools the tests spawn (cfn-lint,
 * checkov, moto) inherit it; globalTeardown (./global-teardown.ts) removes it.
 *
 * What lands there: the cloud assembly `cdk.outXXXXXX` that aws-cdk-lib makes in os.tmpdir() at every
 * synth of an App without `outdir` (thousands per run), the `cdk-test-app-XXXXXX` of a Stack without a
 * scope, and whatever a test or a tool makes with mkdtemp and does not remove itself.
 */

/** The environment variable that names the run's scratch directory, for the tests and the teardown. */
export const SCRATCH_DIR_ENV = 'PRIVATE_DYNAMO_ACCESS_TEST_SCRATCH_DIR';

/** The prefix of the scratch directory's name, in the temporary directory the run started with. */
export const SCRATCH_DIR_PREFIX = 'cdk-private-dynamo-access-tests-';

/** The variables Node.js's os.tmpdir() reads (TMPDIR on Linux and macOS, TEMP and TMP on Windows). */
const TMPDIR_VARIABLES = ['TMPDIR', 'TEMP', 'TMP'];

/**
 * aws-cdk-lib's App writes into CDK_OUTDIR when it is set (and then synthesizes itself when the process
 * exits): set from outside, every App of a worker would share one directory. The tests never set it.
 */
const CDK_OUTDIR = 'CDK_OUTDIR';

type Environment = Record<string, string | undefined>;

/** The variables as they were before the scratch directory, to put back afterwards (Jest's watch mode runs setup and teardown again). */
export type SavedEnvironment = Record<string, string | undefined>;

/**
 * Creates the scratch directory in `parent` (the current temporary directory) and makes it the temporary
 * directory of this process and of every process it starts from now on. Returns the variables it changed, as they were.
 */
export function enterScratchDir(env: Environment = process.env, parent: string = tmpdir()): { dir: string; saved: SavedEnvironment } {
  const saved: SavedEnvironment = {};
  for (const name of [...TMPDIR_VARIABLES, CDK_OUTDIR, SCRATCH_DIR_ENV]) {
    saved[name] = env[name];
  }
  const dir = mkdtempSync(join(parent, SCRATCH_DIR_PREFIX));
  for (const name of TMPDIR_VARIABLES) {
    env[name] = dir;
  }
  delete env[CDK_OUTDIR];
  env[SCRATCH_DIR_ENV] = dir;
  return { dir, saved };
}

/** Removes the scratch directory with everything in it and puts the variables back as they were. */
export function leaveScratchDir(dir: string, saved: SavedEnvironment, env: Environment = process.env): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) {
      delete env[name];
    } else {
      env[name] = value;
    }
  }
}
