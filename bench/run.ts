import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ensureCompiled } from './lib/compile';
import { Measurements, RunInfo, TimedApp, TimedCheckApp, checkFigures, checkGoal, checkInvalid, figuresOf } from './lib/figures';
import { loadAverage, machineInfo } from './lib/machine';
import { packInfo } from './lib/pack';
import { CHECK_RESULTS_FILE, HAND_WRITTEN_TEMPLATE, REPO_ROOT, RESULTS_FILE } from './lib/paths';
import { CheckAppPlan, benchPlan } from './lib/plan';
import { progress } from './lib/progress';
import { markdownCheckReport, markdownReport } from './lib/report';
import { requireTimes } from './lib/require-time';
import { checkJson, resultsJson } from './lib/results-file';
import { abbaOrder } from './lib/statistics';
import { VARIANT_NAMES } from './lib/variants';
import { MeasuredHeap, runHeapWorker, runWorker } from './lib/workers';
import type { CheckTimeResult, ColdResult, PolicyResult, SynthTimeResult, TemplateResult } from './results';

/**
 * The benchmark: `npx ts-node --project tsconfig.dev.json bench/run.ts [--quick] [--only-check]`.
 *
 * Compares `PrivateDynamoAccess` with the hand-built aws-cdk-lib equivalent (synth time, heap), an app of
 * 400 clients with the connectivity check on and off (synth time), measures the endpoint policy against
 * the number of tables, the default template against a hand-written one, and the npm package. Prints
 * Markdown tables and writes `bench/results.json`. `--only-check` measures the connectivity check's app
 * alone (on a busy machine, a shorter run) and writes its figures to `bench/.work/check-results.json`.
 *
 * It measures the compiled library in `lib/`, and compiles it first (`jsii`) when it is missing or older
 * than `src/`. Every measurement runs in a fresh worker process (`worker.ts`); timings alternate the
 * two variants in one process after warm-up, so that their ratio holds on a busy machine even when the
 * absolute times do not. Never an assertion: it reports figures against the goals and exits non-zero
 * only when a measurement could not be made or the two variants do not build the same resources.
 *
 * This file is the order of the run; what is measured is in `lib/plan.ts`, how in `worker.ts` and
 * `lib/`, and what is made of it in `lib/figures.ts`, `lib/report.ts` and `lib/results-file.ts`.
 */

function main(): void {
  const started = performance.now();
  const plan = benchPlan(process.argv.includes('--quick'), process.argv.includes('--only-check'));
  const machine = machineInfo();
  const build = ensureCompiled();

  if (plan.onlyCheck) {
    runCheckOnly({ plan, machine, build, started });
    return;
  }

  const synth: TimedApp[] = [];
  for (const app of plan.apps) {
    progress(`synth time: ${app.label}, ${app.warmup} warm-up + ${app.minRuns}${app.maxRuns > app.minRuns ? ` to ${app.maxRuns}` : ''} alternating pairs`);
    const { result } = runWorker<SynthTimeResult>({
      kind: 'synth-time',
      shape: app.shape,
      size: app.size,
      warmup: app.warmup,
      minRuns: app.minRuns,
      maxRuns: app.maxRuns,
      budgetMs: app.budgetSeconds * 1000,
    });
    synth.push({ ...app, result });
  }
  const check = timeCheck(plan.check);

  progress(`cold synth of 1 access: ${plan.coldSamples} fresh processes per variant, alternating`);
  const colds: ColdResult[] = [];
  for (let index = 0; index < plan.coldSamples; index++) {
    for (const variant of abbaOrder(index, VARIANT_NAMES)) {
      colds.push(runWorker<ColdResult>({ kind: 'cold', variant }).result);
    }
  }

  const heaps: MeasuredHeap[] = [];
  for (const app of plan.apps) {
    for (const variant of VARIANT_NAMES) {
      progress(`peak heap: ${app.label}, ${variant}, fresh process`);
      heaps.push(runHeapWorker({ kind: 'heap', shape: app.shape, size: app.size, variant }));
    }
  }

  progress('endpoint policy against the number of tables');
  const policy = runWorker<PolicyResult>({ kind: 'policy', sizes: plan.policySizes }).result;
  progress('default template against the hand-written one');
  const template = runWorker<TemplateResult>({ kind: 'template', handWrittenPath: HAND_WRITTEN_TEMPLATE }).result;
  progress('npm pack --dry-run');
  const pack = packInfo();
  progress(`require() time, ${plan.requireSamples} fresh processes of each kind`);
  const requireTime = requireTimes(plan.requireSamples);

  const seconds = (performance.now() - started) / 1000;
  const measurements: Measurements = {
    plan, machine, loadAverageAtEnd: loadAverage(), build, synth, check, colds, heaps, policy, template, pack, requireTime, seconds,
  };
  const figures = figuresOf(measurements);
  console.log(markdownReport(measurements, figures));
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(resultsJson(measurements, figures), null, 2) + '\n');
  progress(`wrote ${path.relative(REPO_ROOT, RESULTS_FILE)} (${seconds.toFixed(0)} s in all)`);
  reportInvalid(figures.invalid);
}

/** `--only-check`: the connectivity check's app alone; its figures go to `bench/.work/check-results.json`, not `bench/results.json`. */
function runCheckOnly({ plan, machine, build, started }: Pick<RunInfo, 'plan' | 'machine' | 'build'> & { started: number }): void {
  const check = checkFigures(timeCheck(plan.check));
  const seconds = (performance.now() - started) / 1000;
  const run: RunInfo = { plan, machine, loadAverageAtEnd: loadAverage(), build, seconds };
  console.log(markdownCheckReport(run, check));
  const results = {
    machine: { ...machine, loadAverageAtEnd: run.loadAverageAtEnd },
    build,
    seconds: Math.round(seconds),
    quick: plan.quick,
    check: checkJson(check),
    goals: [checkGoal(check)],
  };
  fs.writeFileSync(CHECK_RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
  progress(`wrote ${path.relative(REPO_ROOT, CHECK_RESULTS_FILE)} (${seconds.toFixed(0)} s in all)`);
  reportInvalid(checkInvalid(check));
}

/** The connectivity check's app, check on against off, in one worker. */
function timeCheck(app: CheckAppPlan): TimedCheckApp {
  progress(`synth time: ${app.label}, connectivity check on against off, ${app.warmup} warm-up + ${app.minRuns}` +
    `${app.maxRuns > app.minRuns ? ` to ${app.maxRuns}` : ''} alternating pairs, then ${app.perClientRuns} ${app.perClientRuns === 1 ? 'run' : 'runs'} with addEndpointsFor per client`);
  const { result } = runWorker<CheckTimeResult>({
    kind: 'check-time',
    clients: app.clients,
    warmup: app.warmup,
    minRuns: app.minRuns,
    maxRuns: app.maxRuns,
    budgetMs: app.budgetSeconds * 1000,
    perClientRuns: app.perClientRuns,
  });
  return { ...app, result };
}

function reportInvalid(invalid: string[]): void {
  if (invalid.length > 0) {
    console.error(`\nbench: the figures above are not valid: ${invalid.join('; ')}`);
    process.exitCode = 1;
  }
}

main();
