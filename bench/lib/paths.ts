import * as path from 'path';

/**
 * Where the benchmark reads and writes, for the parent process and the workers alike. Loads nothing but
 * `path`, so that the parent (`run.ts`) never loads aws-cdk-lib or the library.
 */

/** The repository root (this file is in `bench/lib/`). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The compiled library the benchmark measures (the code users run). */
export const LIBRARY_DIR = path.join(REPO_ROOT, 'lib');
/** The compiled library's entry point. */
export const LIBRARY_ENTRY = path.join(LIBRARY_DIR, 'index.js');
/** Scratch output (git-ignored): result files of the workers, synth output, CPU profiles. */
export const WORK_DIR = path.join(REPO_ROOT, 'bench', '.work');
/** What a worker process runs. */
export const WORKER_SCRIPT = path.join(REPO_ROOT, 'bench', 'worker.ts');
/** The figures of the last run, as JSON. */
export const RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'results.json');
/** The figures of the last `--only-check` run, as JSON (scratch: the full run's are `RESULTS_FILE`). */
export const CHECK_RESULTS_FILE = path.join(WORK_DIR, 'check-results.json');
/** The network of the default props, written by hand in CloudFormation. */
export const HAND_WRITTEN_TEMPLATE = path.join(REPO_ROOT, 'bench', 'hand-written.template.json');
