import { SCRATCH_RUN, ScratchRun } from './global-setup';
import { leaveScratchDir } from './scratch-dir';

/* Jest's globalTeardown (.projenrc.ts, jestOptions): removes the run's scratch directory (./scratch-dir.ts). */

export default function globalTeardown(): void {
  const store = globalThis as Record<symbol, ScratchRun | undefined>;
  const run = store[SCRATCH_RUN];
  if (run === undefined) {
    throw new Error('globalTeardown: no scratch directory to remove; is test/support/global-setup.ts the globalSetup of the Jest config?');
  }
  leaveScratchDir(run.dir, run.saved);
  delete store[SCRATCH_RUN];
}
