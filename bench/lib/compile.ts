import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { LIBRARY_ENTRY, REPO_ROOT } from './paths';
import { progress } from './progress';

/**
 * The freshness of the compiled library: the benchmark measures `lib/`, and compiles it with jsii (as
 * `npx projen compile` does) when `lib/` or `.jsii` is missing or older than `src/`.
 */

export interface BuildInfo {
  /** Whether this run compiled `lib/` (it was missing or older than `src/`). */
  readonly compiled: boolean;
  readonly compileSeconds?: number;
  /** Whether `lib/` is still older than `src/` (the compile failed): the figures are of the older code. */
  readonly stale: boolean;
}

/** The newest modification time (ms) of the files ending in `extension` under `directory`, 0 for none. */
function newestMtime(directory: string, extension: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestMtime(file, extension));
    } else if (entry.name.endsWith(extension)) {
      newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  }
  return newest;
}

/** Compiles the library with jsii when `lib/` or `.jsii` is missing or older than `src/`. */
export function ensureCompiled(): BuildInfo {
  const builtAt = () => {
    const outputs = [LIBRARY_ENTRY, path.join(REPO_ROOT, '.jsii')];
    return outputs.every((file) => fs.existsSync(file)) ? Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs)) : 0;
  };
  const sourceAt = newestMtime(path.join(REPO_ROOT, 'src'), '.ts');
  if (builtAt() >= sourceAt) {
    return { compiled: false, stale: false };
  }
  progress('lib/ is missing or older than src/: compiling it with `npx jsii --silence-warnings=reserved-word` (about 30 s)');
  const started = performance.now();
  const result = spawnSync('npx', ['jsii', '--silence-warnings=reserved-word'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
  const compileSeconds = Math.round((performance.now() - started) / 100) / 10;
  if (result.status !== 0) {
    if (!fs.existsSync(LIBRARY_ENTRY)) {
      throw new Error('bench: jsii failed and there is no lib/ to measure; fix the compile errors above (or run `npx projen compile`) and run again');
    }
    progress('WARNING: jsii failed; measuring the lib/ left by an earlier compile, which is older than src/');
    return { compiled: false, compileSeconds, stale: true };
  }
  return { compiled: true, compileSeconds, stale: builtAt() < sourceAt };
}
