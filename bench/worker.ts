import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as v8 from 'v8';
import type { App, cx_api } from 'aws-cdk-lib';
import { WORK_DIR } from './lib/paths';
import { abbaOrder } from './lib/statistics';
import type {
  CheckTimeResult, CheckVariantName, ColdResult, EndpointCalls, EquivalenceResult, HeapResult, Likeness, LoopResult, PolicyPoint, PolicyResult,
  SynthTimeResult, TagModePoint, Task, TemplateResult, TemplateSide, WorkerResult,
} from './results';
import {
  CHECK_VARIANTS, NAME_SHAPES, POLICY_ENV, Shape, VARIANTS, Variant, buildApp, buildClientsApp, buildPolicyApp, buildTagPolicyApp, libraryActions,
  libraryDynamodbService, libraryPolicyLength, loadLibrary, tableNames,
} from './scenarios';
import { Environment, Template, compareTemplates, countByType, customResources, resolvePseudo, total } from './templates';

/**
 * One measurement, in its own process: `worker.ts '<task as JSON>' <result file>`. Started by
 * `lib/workers.ts` (for `run.ts` and `profile.ts`); the result is written as JSON to the result file.
 */

function main(): void {
  const task = JSON.parse(process.argv[2]) as Task;
  const resultFile = process.argv[3];
  fs.mkdirSync(WORK_DIR, { recursive: true });
  if (task.kind !== 'cold') {
    // load the library before any measurement (a cold start is what 'cold' measures)
    loadLibrary();
  }
  let result: WorkerResult;
  switch (task.kind) {
    case 'synth-time': result = synthTime(task.shape, task.size, task.warmup, task); break;
    case 'check-time': result = checkTime(task.clients, task.warmup, task, task.perClientRuns); break;
    case 'cold': result = cold(task.variant); break;
    case 'heap': result = heap(task.shape, task.size, task.variant); break;
    case 'loop': result = loop(task.shape, task.size, task.variant, task.runs); break;
    case 'policy': result = policy(task.sizes); break;
    case 'template': result = defaultTemplate(task.handWrittenPath); break;
  }
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

/** A fresh output directory for one synth, like a clean `cdk.out`. */
function newOutdir(): string {
  return fs.mkdtempSync(path.join(WORK_DIR, 'synth-'));
}

function gc(): void {
  (global as { gc?: () => void }).gc?.();
}

/** Linux: the main thread's time on a CPU, in ns, first field of its schedstat. */
const MAIN_THREAD_SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
const HAS_SCHEDSTAT = fs.existsSync(MAIN_THREAD_SCHEDSTAT);

/**
 * A CPU clock in ms: the main thread's on-CPU time where Linux tells it (ns precision; the critical path of
 * a synth, without V8's background compiler and GC threads and without the time spent waiting for a CPU
 * that other processes hold), else the process's user + system time.
 */
function cpuClockMs(): number {
  if (HAS_SCHEDSTAT) {
    return Number(fs.readFileSync(MAIN_THREAD_SCHEDSTAT, 'utf-8').split(' ')[0]) / 1e6;
  }
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/**
 * Builds and synthesizes one app; returns the wall-clock and CPU milliseconds it took. Collects garbage
 * before, removes the output after, untimed.
 */
function timeOnce(shape: Shape, variant: Variant, size: number): { wall: number; cpu: number } {
  return timeBuild((outdir) => buildApp(shape, variant, size, outdir));
}

/** Builds (`build`) and synthesizes one app, timed as `timeOnce` says. */
function timeBuild(build: (outdir: string) => App): { wall: number; cpu: number } {
  const outdir = newOutdir();
  gc();
  const cpuStart = cpuClockMs();
  const start = performance.now();
  build(outdir).synth();
  const wall = performance.now() - start;
  const cpu = cpuClockMs() - cpuStart;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { wall, cpu };
}

/** How many timed pairs: at least `minRuns`, then more while under `budgetMs` (wall clock), at most `maxRuns`. */
interface Runs {
  readonly minRuns: number;
  readonly maxRuns: number;
  readonly budgetMs: number;
}

/**
 * `warmup` untimed pairs, then timed pairs of the two `variants` in ABBA order; the wall-clock and CPU
 * milliseconds of each variant's runs, in the order run.
 */
function alternate<V extends string>(variants: readonly [V, V], build: (variant: V, outdir: string) => App, warmup: number, runs: Runs):
{ times: Record<V, number[]>; cpuTimes: Record<V, number[]> } {
  for (let index = 0; index < warmup; index++) {
    abbaOrder(index, variants).forEach((variant) => timeBuild((outdir) => build(variant, outdir)));
  }
  const times = Object.fromEntries(variants.map((variant) => [variant, [] as number[]])) as Record<V, number[]>;
  const cpuTimes = Object.fromEntries(variants.map((variant) => [variant, [] as number[]])) as Record<V, number[]>;
  const start = performance.now();
  for (let index = 0; index < runs.maxRuns && (index < runs.minRuns || performance.now() - start < runs.budgetMs); index++) {
    abbaOrder(index, variants).forEach((variant) => {
      const { wall, cpu } = timeBuild((outdir) => build(variant, outdir));
      times[variant].push(wall);
      cpuTimes[variant].push(cpu);
    });
  }
  return { times, cpuTimes };
}

function synthTime(shape: Shape, size: number, warmup: number, runs: Runs): SynthTimeResult {
  const { times, cpuTimes } = alternate(VARIANTS, (variant, outdir) => buildApp(shape, variant, size, outdir), warmup, runs);
  return { kind: 'synth-time', shape, size, warmup, cpuClock: HAS_SCHEDSTAT ? 'main-thread' : 'process', times, cpuTimes, equivalence: equivalence(shape, size) };
}

/**
 * The clients app with the connectivity check on and off. First, untimed, each variant once: the
 * check-on app must carry no error (else this throws: `cdk synth` would refuse it), and both must build
 * the same templates; these come first so that a broken app fails before minutes of timing. Then warm-up and alternating pairs as for `synthTime`; then, for information,
 * `perClientRuns` runs of the check-on app that calls `addEndpointsFor` once per client.
 */
function checkTime(clients: number, warmup: number, runs: Runs, perClientRuns: number): CheckTimeResult {
  const outdirs = [newOutdir(), newOutdir(), newOutdir()];
  const checked = synthWithoutError('check', clients, outdirs[0], 'once');
  const compared = compareAssemblies(checked, buildClientsApp('no-check', clients, outdirs[1]).synth(), 'no-check');
  // the app with addEndpointsFor per client, against the one that calls it once
  const perClientCompared = perClientRuns > 0
    ? compareAssemblies(synthWithoutError('check', clients, outdirs[2], 'per-client'), checked, 'once')
    : undefined;
  outdirs.forEach((outdir) => fs.rmSync(outdir, { recursive: true, force: true }));

  const build = (variant: CheckVariantName, outdir: string) => buildClientsApp(variant, clients, outdir);
  const { times, cpuTimes } = alternate(CHECK_VARIANTS, build, warmup, runs);
  const perClientTimes = Array.from({ length: perClientRuns }, () => timeBuild((outdir) => buildClientsApp('check', clients, outdir, 'per-client')));
  return {
    kind: 'check-time',
    clients,
    warmup,
    cpuClock: HAS_SCHEDSTAT ? 'main-thread' : 'process',
    times,
    cpuTimes,
    equivalence: {
      likeness: compared.likeness,
      stacks: compared.stacks,
      checkResources: compared.firstResources,
      noCheckResources: compared.secondResources,
      differences: compared.differences,
    },
    warnings: messagesOf(checked, 'aws:cdk:warning'),
    perClient: perClientCompared && {
      times: perClientTimes.map((run) => run.wall),
      cpuTimes: perClientTimes.map((run) => run.cpu),
      likeness: perClientCompared.likeness,
      differences: perClientCompared.differences,
    },
  };
}

/** Synthesizes the clients app; throws when it carries an error (`cdk synth` would refuse it: not worth timing). */
function synthWithoutError(variant: CheckVariantName, clients: number, outdir: string, endpointCalls: EndpointCalls): cx_api.CloudAssembly {
  const assembly = buildClientsApp(variant, clients, outdir, endpointCalls).synth();
  const errors = messagesOf(assembly, 'aws:cdk:error');
  if (errors.length > 0) {
    throw new Error(`bench: the clients app (${clients} clients, ${variant}, addEndpointsFor ${endpointCalls}) has ${errors.length} errors, ` +
      `so \`cdk synth\` would fail; the first: ${errors.slice(0, 3).join(' | ')}`);
  }
  return assembly;
}

/** The annotations of `level` on every stack of an assembly, as `path: message`. */
function messagesOf(assembly: cx_api.CloudAssembly, level: 'aws:cdk:error' | 'aws:cdk:warning'): string[] {
  return assembly.stacks.flatMap((stack) => stack.messages
    .filter((message) => message.entry.type === level)
    .map((message) => `${message.id}: ${String(message.entry.data)}`));
}

/** Synthesizes both variants once and compares them stack by stack, modulo logical ids. */
function equivalence(shape: Shape, size: number): EquivalenceResult {
  const outdirs = VARIANTS.map(() => newOutdir());
  const [ours, theirs] = VARIANTS.map((variant, index) => buildApp(shape, variant, size, outdirs[index]).synth());
  const compared = compareAssemblies(ours, theirs, 'hand-built');
  outdirs.forEach((outdir) => fs.rmSync(outdir, { recursive: true, force: true }));
  return {
    likeness: compared.likeness,
    stacks: compared.stacks,
    constructResources: compared.firstResources,
    handBuiltResources: compared.secondResources,
    differences: compared.differences,
  };
}

interface Comparison {
  readonly likeness: Likeness;
  readonly stacks: number;
  readonly firstResources: Record<string, number>;
  readonly secondResources: Record<string, number>;
  readonly differences: string[];
}

/** Two apps compared stack by stack (by stack name), modulo logical ids; `secondName` names the second in the differences. */
function compareAssemblies(first: cx_api.CloudAssembly, second: cx_api.CloudAssembly, secondName: string): Comparison {
  const differences = new Set<string>();
  const likenesses = new Set<string>();
  const firstResources: Record<string, number> = {};
  const secondResources: Record<string, number> = {};
  const add = (into: Record<string, number>, counts: Record<string, number>) =>
    Object.entries(counts).forEach(([type, count]) => { into[type] = (into[type] ?? 0) + count; });
  for (const stack of first.stacks) {
    const other = second.stacks.find((candidate) => candidate.stackName === stack.stackName);
    add(firstResources, countByType(stack.template));
    if (other === undefined) {
      differences.add(`${stack.stackName}: no such stack in the ${secondName} app`);
      likenesses.add('different');
      continue;
    }
    add(secondResources, countByType(other.template));
    const comparison = compareTemplates(stack.template, other.template);
    likenesses.add(comparison.likeness);
    // the same difference in every stack is listed once, with the stack names generalized
    comparison.differences.forEach((difference) => differences.add(difference.replace(new RegExp(stack.stackName, 'g'), '<stack>')));
  }
  if (first.stacks.length !== second.stacks.length) {
    differences.add(`${first.stacks.length} stacks against ${second.stacks.length}`);
    likenesses.add('different');
  }
  return {
    likeness: likenesses.has('different') ? 'different' : likenesses.has('identical-but-tags') ? 'identical-but-tags' : 'identical',
    stacks: first.stacks.length,
    firstResources: sortKeys(firstResources),
    secondResources: sortKeys(secondResources),
    differences: [...differences].slice(0, 10),
  };
}

/**
 * One cold build + synth in this fresh process. The peak heap is read by the parent from V8's GC trace
 * (heap used before each collection), switched on here after the baseline so that loading the
 * libraries does not count.
 */
function heap(shape: Shape, size: number, variant: Variant): HeapResult {
  const outdir = newOutdir();
  gc();
  const baselineHeapBytes = process.memoryUsage().heapUsed;
  v8.setFlagsFromString('--trace-gc');
  const start = performance.now();
  const app = buildApp(shape, variant, size, outdir);
  app.synth();
  const ms = performance.now() - start;
  const endHeapBytes = process.memoryUsage().heapUsed;
  v8.setFlagsFromString('--no-trace-gc');
  gc();
  const liveHeapBytes = process.memoryUsage().heapUsed;
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  if (app.node.children.length === 0) {
    throw new Error('empty app'); // keeps the app referenced until the live heap is measured
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return { kind: 'heap', shape, size, variant, baselineHeapBytes, endHeapBytes, liveHeapBytes, maxRssBytes, ms };
}

/**
 * What one `cdk synth` of one access costs in a fresh process once aws-cdk-lib's entry point is loaded:
 * loading the modules the variant uses (the library itself and what it pulls in, or the aws-cdk-lib
 * modules the hand-built code uses), building the app and synthesizing it.
 */
function cold(variant: Variant): ColdResult {
  if (variant === 'hand-built') {
    libraryActions(); // the hand-built code's list of actions, part of its source (see dataPerimeterStatements)
  }
  const before = awsCdkLibFiles();
  const outdir = newOutdir();
  const cpuStart = cpuClockMs();
  const start = performance.now();
  if (variant === 'construct') {
    loadLibrary();
  }
  buildApp('own', variant, 1, outdir).synth();
  const ms = performance.now() - start;
  const cpuMs = cpuClockMs() - cpuStart;
  const awsCdkLibFilesLoaded = awsCdkLibFiles() - before;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { kind: 'cold', variant, ms, cpuMs, awsCdkLibFilesLoaded };
}

function awsCdkLibFiles(): number {
  return Object.keys(require.cache).filter((file) => file.includes(`${path.sep}aws-cdk-lib${path.sep}`)).length;
}

/** The same app over and over, for a CPU profile. */
function loop(shape: Shape, size: number, variant: Variant, runs: number): LoopResult {
  timeOnce(shape, variant, size);
  return { kind: 'loop', times: Array.from({ length: runs }, () => timeOnce(shape, variant, size).wall) };
}

function policy(sizes: number[]): PolicyResult {
  const env = { ...POLICY_ENV, partition: 'aws', urlSuffix: 'amazonaws.com' };
  const endpointType = libraryDynamodbService().VPC_ENDPOINT_TYPE;
  const largest = Math.max(...sizes);
  policyPoint(tableNames('random', 10), env, endpointType); // warm-up: the first synth of a process loads code
  const shapes = {} as PolicyResult['shapes'];
  for (const shape of NAME_SHAPES) {
    const names = tableNames(shape, largest);
    const measure = (count: number): PolicyPoint => policyPoint(names.slice(0, count), env, endpointType);
    const points = sizes.map(measure);
    // the most tables that fit: between the largest size that fit and the smallest that did not
    let fits = Math.max(0, ...points.filter((point) => point.error === undefined).map((point) => point.tables));
    let fails = Math.min(largest + 1, ...points.filter((point) => point.error !== undefined).map((point) => point.tables));
    let charactersAtMax = points.find((point) => point.tables === fits)?.characters;
    while (fails - fits > 1 && fails <= largest) {
      const middle = Math.floor((fits + fails) / 2);
      const point = measure(middle);
      if (point.error === undefined) {
        fits = middle;
        charactersAtMax = point.characters;
      } else {
        fails = middle;
      }
    }
    const sample = names.slice(0, largest);
    shapes[shape] = {
      description: shape === 'random'
        ? '16 to 34 random characters of [A-Za-z0-9_.-] (SHA-256 of the index)'
        : 'payments-prod-<ledger|orders|refunds|payouts|audit>-<nnnn>',
      averageNameLength: Math.round(10 * sample.reduce((sum, name) => sum + name.length, 0) / sample.length) / 10,
      points,
      maxTablesThatFit: fits,
      charactersAtMax,
    };
  }
  const tagPoints = [1, 10_000].map((count) => tagModePoint(count, env, endpointType));
  const tagMode = tagPoints.map((point) => ({ ...point.point, sameAsOneTable: point.text === tagPoints[0].text }));
  return { kind: 'policy', limit: libraryPolicyLength().ENDPOINT_POLICY_MAX_CHARACTERS, environment: POLICY_ENV, shapes, tagMode };
}

/** The policy of a tag-mode app with `count` tagged tables, and its text. */
function tagModePoint(count: number, env: Environment, endpointType: string): { point: Omit<TagModePoint, 'sameAsOneTable'>; text: string } {
  const outdir = newOutdir();
  const start = performance.now();
  try {
    const assembly = buildTagPolicyApp(count, outdir).synth();
    const ms = performance.now() - start;
    const template = assembly.getStackByName('BenchPolicy').template as Template;
    const endpoint = Object.values(template.Resources ?? {}).find((resource) => resource.Type === endpointType);
    const text = JSON.stringify(resolvePseudo((endpoint?.Properties ?? {}).PolicyDocument, env));
    return { point: { tables: count, characters: text.length, ms: round(ms) }, text };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The policy of the endpoint (a resource of `endpointType`) of one app with `names` as tables, pseudo parameters resolved in `env`. */
function policyPoint(names: string[], env: Environment, endpointType: string): PolicyPoint {
  const outdir = newOutdir();
  const start = performance.now();
  try {
    const assembly = buildPolicyApp(names, outdir).synth();
    const ms = performance.now() - start;
    const template = assembly.getStackByName('BenchPolicy').template as Template;
    const endpoint = Object.values(template.Resources ?? {}).find((resource) => resource.Type === endpointType);
    const document = resolvePseudo((endpoint?.Properties ?? {}).PolicyDocument, env);
    const text = JSON.stringify(document);
    const form = text.includes('/index/*') ? 'exact' : 'compact';
    return { tables: names.length, characters: text.length, form, ms: round(ms) };
  } catch (error) {
    const message = (error as Error).message;
    return { tables: names.length, error: message.split(/\s+/).slice(0, 12).join(' '), ms: round(performance.now() - start) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The default template (one access, default props) against the hand-written template of the same network. */
function defaultTemplate(handWrittenPath: string): TemplateResult {
  const outdir = newOutdir();
  const assembly = buildApp('own', 'construct', 1, outdir).synth();
  const ours = assembly.getStackByName('Bench0').template as Template;
  const handWritten = JSON.parse(fs.readFileSync(handWrittenPath, 'utf-8')) as Template;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { kind: 'template', construct: side(ours), handWritten: side(handWritten) };
}

function side(template: Template): TemplateSide {
  const byType = countByType(template);
  const custom = customResources(template);
  return { resources: total(byType), customResources: custom.length, byType, custom };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

main();
