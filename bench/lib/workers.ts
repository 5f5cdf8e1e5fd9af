import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, WORKER_SCRIPT, WORK_DIR } from './paths';
import type { HeapResult, Task, WorkerResult } from '../results';

/**
 * Worker processes: each measurement runs in a fresh Node.js process (`bench/worker.ts`, TypeScript
 * through ts-node, as `cdk synth` runs a TypeScript app), one at a time, so that measurements never
 * share a process or compete for the CPU with each other. Used by `run.ts` and `profile.ts`.
 */

let workerCount = 0;

/**
 * Runs one task in a fresh process and returns its result (which the worker writes to a file) and its
 * stdout (where V8's GC trace goes). `nodeOptions` go to `node` (e.g. `--cpu-prof`). Throws when the
 * worker fails.
 */
export function runWorker<T extends WorkerResult>(task: Task, nodeOptions: string[] = []): { result: T; stdout: string } {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const resultFile = path.join(WORK_DIR, `result-${process.pid}-${workerCount++}.json`);
  const child = spawnSync(process.execPath, ['--expose-gc', ...nodeOptions, '-r', 'ts-node/register/transpile-only', WORKER_SCRIPT, JSON.stringify(task), resultFile], {
    cwd: REPO_ROOT,
    env: { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.dev.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf-8',
    maxBuffer: 512 * 2 ** 20,
  });
  if (child.status !== 0 || !fs.existsSync(resultFile)) {
    throw new Error(`bench: the worker for ${JSON.stringify(task)} failed (exit ${child.status}, signal ${child.signal})`);
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf-8')) as T;
  fs.rmSync(resultFile);
  return { result, stdout: child.stdout };
}

/** A heap measurement with its peak, read from the worker's GC trace. */
export type MeasuredHeap = HeapResult & { readonly peakHeapBytes: number };

/** Runs a `heap` task and reads its peak heap from the GC trace the worker prints. */
export function runHeapWorker(task: Extract<Task, { kind: 'heap' }>): MeasuredHeap {
  const { result, stdout } = runWorker<HeapResult>(task);
  return { ...result, peakHeapBytes: peakHeap(stdout, result) };
}

/**
 * The most heap in use at any moment of the build + synth: V8's GC trace prints the heap used before
 * each collection (a local maximum); the heap at the end counts too.
 */
function peakHeap(gcTrace: string, result: HeapResult): number {
  let peak = result.endHeapBytes;
  for (const match of gcTrace.matchAll(/ ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/g)) {
    peak = Math.max(peak, Number(match[1]) * 2 ** 20);
  }
  return peak;
}
