import { performance } from 'perf_hooks';

/** Progress lines of the benchmark on stderr (the report goes to stdout). */

const STARTED = performance.now();

/** A progress line on stderr, with the seconds since the start. */
export function progress(message: string): void {
  process.stderr.write(`[bench +${((performance.now() - STARTED) / 1000).toFixed(0)}s] ${message}\n`);
}
