import { enterScratchDir, SavedEnvironment } from './scratch-dir';

/*
 * Jest's globalSetup (.projenrc.ts, jestOptions): runs once per run, in Jest's own process, before the
 * workers start. Every temporary directory of the run goes into one scratch directory (./scratch-dir.ts),
 * which ./global-teardown.ts removes.
 */

/** What globalTeardown needs, on the global object of Jest's process (shared by globalSetup and globalTeardown). */
export interface ScratchRun {
  readonly dir: string;
  readonly saved: SavedEnvironment;
}

export const SCRATCH_RUN = Symbol.for('cdk-private-dynamo-access.tests.scratch-run');

export default function globalSetup(): void {
  (globalThis as Record<symbol, ScratchRun | undefined>)[SCRATCH_RUN] = enterScratchDir();
}
