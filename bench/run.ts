import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ColdResult, HeapResult, PolicyResult, ShapeName, SynthTimeResult, Task, TemplateResult, VariantName, WorkerResult } from './results';

/**
 * The benchmark: `npx ts-node --project tsconfig.dev.json bench/run.ts [--quick]`.
 *
 * Compares `PrivateDynamoAccess` with the hand-built aws-cdk-lib equivalent (synth time, heap), measures
 * the endpoint policy against the number of tables, the default template against a hand-written one,
 * and the npm package. Prints Markdown tables and writes `bench/results.json`.
 *
 * It measures the compiled library in `lib/`, and compiles it first (`jsii`) when it is missing or older
 * than `src/`. Every measurement runs in a fresh worker process (`worker.ts`); timings alternate the
 * two variants in one process after warm-up, so that their ratio holds on a busy machine even when the
 * absolute times do not. Never an assertion: it reports figures against the goals and exits non-zero
 * only when a measurement could not be made or the two variants do not build the same resources.
 */

const ROOT = path.resolve(__dirname, '..');
const WORK_DIR = path.join(ROOT, 'bench', '.work');
const WORKER = path.join(ROOT, 'bench', 'worker.ts');
const RESULTS_FILE = path.join(ROOT, 'bench', 'results.json');
const HAND_WRITTEN_TEMPLATE = path.join(ROOT, 'bench', 'hand-written.template.json');
const LIB_ENTRY = path.join(ROOT, 'lib', 'index.js');

const GOALS = { synthRatio: 1.10, scaleRatio: 1.10, tarballBytes: 100_000 };
const POLICY_SIZES = [1, 10, 100, 500, 1_000, 2_000];

/**
 * Warm-up pairs and timed pairs of alternating runs, per app: at least `minRuns` pairs, then more while
 * the app's time budget lasts, at most `maxRuns`; that keeps the whole benchmark under five minutes on
 * 2 cores even when the construct is slow. `--quick` is for trying the script, not for figures.
 */
interface Plan {
  readonly label: string;
  readonly shape: ShapeName;
  readonly size: number;
  readonly warmup: number;
  readonly minRuns: number;
  readonly maxRuns: number;
  readonly budgetSeconds: number;
}

function plans(quick: boolean): Plan[] {
  const all: Plan[] = [
    { label: '1 access (default props)', shape: 'own', size: 1, warmup: 5, minRuns: 30, maxRuns: 30, budgetSeconds: 60 },
    { label: '10 accesses, each on its own VPC', shape: 'own', size: 10, warmup: 2, minRuns: 20, maxRuns: 20, budgetSeconds: 60 },
    { label: '100 accesses, each on its own VPC', shape: 'own', size: 100, warmup: 1, minRuns: 5, maxRuns: 20, budgetSeconds: 45 },
    { label: '100 accesses on one imported VPC', shape: 'shared', size: 100, warmup: 2, minRuns: 10, maxRuns: 20, budgetSeconds: 20 },
  ];
  return quick ? all.map((plan) => ({ ...plan, warmup: 1, minRuns: 3, maxRuns: 3 })) : all;
}

function main(): void {
  const started = performance.now();
  const quick = process.argv.includes('--quick');
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const machine = machineInfo();
  const build = ensureCompiled();

  const synth: Array<Plan & { result: SynthTimeResult }> = [];
  for (const plan of plans(quick)) {
    progress(`synth time: ${plan.label}, ${plan.warmup} warm-up + ${plan.minRuns}${plan.maxRuns > plan.minRuns ? ` to ${plan.maxRuns}` : ''} alternating pairs`);
    const task: Task = {
      kind: 'synth-time',
      shape: plan.shape,
      size: plan.size,
      warmup: plan.warmup,
      minRuns: plan.minRuns,
      maxRuns: plan.maxRuns,
      budgetMs: plan.budgetSeconds * 1000,
    };
    synth.push({ ...plan, result: runWorker<SynthTimeResult>(task).result });
  }

  const coldSamples = quick ? 2 : 7;
  progress(`cold synth of 1 access: ${coldSamples} fresh processes per variant, alternating`);
  const colds: ColdResult[] = [];
  for (let index = 0; index < coldSamples; index++) {
    for (const variant of (index % 2 === 0 ? ['construct', 'hand-built'] : ['hand-built', 'construct']) as VariantName[]) {
      colds.push(runWorker<ColdResult>({ kind: 'cold', variant }).result);
    }
  }

  const heaps: MeasuredHeap[] = [];
  for (const plan of plans(quick)) {
    for (const variant of ['construct', 'hand-built'] as VariantName[]) {
      progress(`peak heap: ${plan.label}, ${variant}, fresh process`);
      const { result, stdout } = runWorker<HeapResult>({ kind: 'heap', shape: plan.shape, size: plan.size, variant });
      heaps.push({ ...result, peakHeapBytes: peakHeap(stdout, result) });
    }
  }

  progress('endpoint policy against the number of tables');
  const policy = runWorker<PolicyResult>({ kind: 'policy', sizes: POLICY_SIZES }).result;
  progress('default template against the hand-written one');
  const template = runWorker<TemplateResult>({ kind: 'template', handWrittenPath: HAND_WRITTEN_TEMPLATE }).result;
  progress('npm pack --dry-run');
  const pack = packInfo();
  progress(`require() time, ${quick ? 2 : 5} fresh processes of each kind`);
  const requireTime = requireTimes(quick ? 2 : 5);

  const seconds = (performance.now() - started) / 1000;
  const report = buildReport({ machine, build, synth, colds, heaps, policy, template, pack, requireTime, seconds, quick });
  console.log(report.text);
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(report.json, null, 2) + '\n');
  progress(`wrote ${path.relative(ROOT, RESULTS_FILE)} (${seconds.toFixed(0)} s in all)`);
  if (report.invalid.length > 0) {
    console.error(`\nbench: the figures above are not valid: ${report.invalid.join('; ')}`);
    process.exitCode = 1;
  }
}

const STARTED = performance.now();

/** A progress line on stderr, with the seconds since the start (the table goes to stdout). */
function progress(message: string): void {
  process.stderr.write(`[bench +${((performance.now() - STARTED) / 1000).toFixed(0)}s] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------
// machine and build

interface MachineInfo {
  readonly date: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly awsCdkLib: string;
  readonly constructs: string;
  readonly commit: string;
  readonly uncommittedChanges: boolean;
  readonly loadAverageAtStart: number[];
}

function machineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf-8'))?.[1] ?? cpuModel;
  } catch {
    // not Linux: keep os.cpus()
  }
  const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf-8' }).stdout?.trim() ?? '';
  const version = (name: string) => (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf-8')) as { version: string }).version;
  return {
    date: new Date().toISOString(),
    cpuModel,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    awsCdkLib: version('aws-cdk-lib'),
    constructs: version('constructs'),
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    uncommittedChanges: git('status', '--porcelain', '--', 'src').length > 0,
    loadAverageAtStart: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

interface BuildInfo {
  /** Whether this run compiled `lib/` (it was missing or older than `src/`). */
  readonly compiled: boolean;
  readonly compileSeconds?: number;
  /** Whether `lib/` is still older than `src/` (the compile failed): the figures are of the older code. */
  readonly stale: boolean;
}

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

/** Compiles the library with jsii (as `npx projen compile` does) when `lib/` or `.jsii` is missing or older than `src/`. */
function ensureCompiled(): BuildInfo {
  const builtAt = () => {
    const outputs = [LIB_ENTRY, path.join(ROOT, '.jsii')];
    return outputs.every((file) => fs.existsSync(file)) ? Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs)) : 0;
  };
  const sourceAt = newestMtime(path.join(ROOT, 'src'), '.ts');
  if (builtAt() >= sourceAt) {
    return { compiled: false, stale: false };
  }
  progress('lib/ is missing or older than src/: compiling it with `npx jsii --silence-warnings=reserved-word` (about 30 s)');
  const started = performance.now();
  const result = spawnSync('npx', ['jsii', '--silence-warnings=reserved-word'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  const compileSeconds = Math.round((performance.now() - started) / 100) / 10;
  if (result.status !== 0) {
    if (!fs.existsSync(LIB_ENTRY)) {
      throw new Error('bench: jsii failed and there is no lib/ to measure; fix the compile errors above (or run `npx projen compile`) and run again');
    }
    progress('WARNING: jsii failed; measuring the lib/ left by an earlier compile, which is older than src/');
    return { compiled: false, compileSeconds, stale: true };
  }
  return { compiled: true, compileSeconds, stale: builtAt() < sourceAt };
}

// ---------------------------------------------------------------------------------------------------
// workers

let workerCount = 0;

/** Runs one task in a fresh Node.js process (TypeScript through ts-node, as `cdk synth` runs a TypeScript app). */
function runWorker<T extends WorkerResult>(task: Task, nodeOptions: string[] = []): { result: T; stdout: string } {
  const resultFile = path.join(WORK_DIR, `result-${process.pid}-${workerCount++}.json`);
  const child = spawnSync(process.execPath, ['--expose-gc', ...nodeOptions, '-r', 'ts-node/register/transpile-only', WORKER, JSON.stringify(task), resultFile], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json') },
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

/** Export a worker's task runner for `profile.ts`. */
export { packInfo, runWorker };

/** A heap measurement with its peak, read from the worker's GC trace. */
type MeasuredHeap = HeapResult & { readonly peakHeapBytes: number };

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

// ---------------------------------------------------------------------------------------------------
// package

interface PackFigures {
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
}

interface PackInfo {
  /** `npm pack` of this checkout as it is. */
  readonly asIs: PackFigures;
  /** `npm pack` of the same files without those a clean build does not produce (see `flagged`). */
  readonly clean: PackFigures;
  /** The clean build without inline source maps in lib/*.js (a what-if: tsconfig.json writes them). */
  readonly withoutInlineSourceMaps: PackFigures;
  readonly flagged: Array<{ readonly path: string; readonly size: number; readonly reason: string }>;
  readonly largest: Array<{ readonly path: string; readonly size: number }>;
  /** Bytes of the packed JavaScript that are inline source maps (with the TypeScript sources inlined). */
  readonly inlineSourceMapBytes: number;
  readonly javascriptBytes: number;
}

function npmPackDryRun(directory: string): PackFigures & { files: Array<{ path: string; size: number }> } {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: directory, encoding: 'utf-8', maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) {
    throw new Error(`bench: npm pack --dry-run failed in ${directory}: ${result.stderr}`);
  }
  const [packed] = JSON.parse(result.stdout) as Array<PackFigures & { files: Array<{ path: string; size: number }> }>;
  return packed;
}

/** Files a build produces that are not in git: the compiler's, jsii's and the docs generator's output. */
const BUILD_OUTPUTS = [/^lib\//, /^\.jsii$/, /^\.jsii\.tabl\.json$/, /^API\.md$/];

function packInfo(): PackInfo {
  const packed = npmPackDryRun(ROOT);
  const tracked = new Set(spawnSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf-8' }).stdout.split('\n'));
  const flagged: PackInfo['flagged'] = [];
  for (const file of packed.files) {
    const compiled = /^lib\/(.*?)(\.d\.ts|\.js)$/.exec(file.path);
    if (compiled !== null && !fs.existsSync(path.join(ROOT, 'src', `${compiled[1]}.ts`))) {
      flagged.push({ ...file, reason: `stale compiler output: src/${compiled[1]}.ts no longer exists` });
    } else if (tracked.size > 1 && !tracked.has(file.path) && !BUILD_OUTPUTS.some((pattern) => pattern.test(file.path))) {
      flagged.push({ ...file, reason: 'neither in git nor a build output (left by a local run), not in .npmignore' });
    }
  }
  const flaggedPaths = new Set(flagged.map((file) => file.path));
  const kept = packed.files.filter((file) => !flaggedPaths.has(file.path));
  // the clean build: the packed files but the flagged ones, packed again from a copy (outside the
  // repository, so that no type-check of tsconfig.dev.json's **/*.ts ever sees its .d.ts files)
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pack-'));
  for (const file of kept) {
    fs.mkdirSync(path.dirname(path.join(stage, file.path)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file.path), path.join(stage, file.path));
  }
  const clean: PackFigures = flagged.length > 0 ? npmPackDryRun(stage) : packed;
  // what-if: the same without the inline source maps that tsconfig.json's inlineSourceMap + inlineSources write
  let inlineSourceMapBytes = 0;
  let javascriptBytes = 0;
  for (const file of kept.filter((entry) => entry.path.endsWith('.js'))) {
    const text = fs.readFileSync(path.join(stage, file.path), 'utf-8');
    javascriptBytes += Buffer.byteLength(text);
    const lines = text.split('\n');
    const code = lines.filter((line) => !line.startsWith('//# sourceMappingURL=data:'));
    inlineSourceMapBytes += Buffer.byteLength(text) - Buffer.byteLength(code.join('\n'));
    fs.writeFileSync(path.join(stage, file.path), code.join('\n'));
  }
  const withoutInlineSourceMaps = npmPackDryRun(stage);
  fs.rmSync(stage, { recursive: true, force: true });
  return {
    asIs: { size: packed.size, unpackedSize: packed.unpackedSize, entryCount: packed.entryCount },
    clean: { size: clean.size, unpackedSize: clean.unpackedSize, entryCount: clean.entryCount },
    withoutInlineSourceMaps: {
      size: withoutInlineSourceMaps.size, unpackedSize: withoutInlineSourceMaps.unpackedSize, entryCount: withoutInlineSourceMaps.entryCount,
    },
    flagged,
    largest: [...kept].sort((a, b) => b.size - a.size).slice(0, 5).map(({ path: file, size }) => ({ path: file, size })),
    inlineSourceMapBytes,
    javascriptBytes,
  };
}

// ---------------------------------------------------------------------------------------------------
// require() time

interface RequireTimes {
  readonly samples: number;
  /** The modules lib/ requires (aws-cdk-lib's module entry points are lazy: they load code when a class is first used). */
  readonly dependencies: string[];
  /** `require('aws-cdk-lib')` in a fresh process. */
  readonly awsCdkLibMs: number;
  /** `require(lib/index.js)` right after `require('aws-cdk-lib')`: the library and the aws-cdk-lib code it loads. */
  readonly afterAwsCdkLibMs: number;
  readonly afterAwsCdkLibFiles: number;
  /**
   * `require(lib/index.js)` once the aws-cdk-lib classes that the hand-built equivalent uses are loaded
   * (App, Stack, ec2.Vpc, iam.PolicyStatement, ...): what the library adds to an app that builds a VPC.
   */
  readonly afterHandBuiltMs: number;
  readonly afterHandBuiltFiles: number;
}

function libraryDependencies(): string[] {
  const found = new Set<string>();
  const scan = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const file = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        scan(file);
      } else if (entry.name.endsWith('.js')) {
        for (const match of fs.readFileSync(file, 'utf-8').matchAll(/require\("([^".][^"]*)"\)/g)) {
          found.add(match[1]);
        }
      }
    }
  };
  scan(path.join(ROOT, 'lib'));
  return [...found].sort();
}

const REQUIRE_SCRIPT = `
const { performance } = require('perf_hooks');
const files = () => Object.keys(require.cache).filter((file) => file.includes('/aws-cdk-lib/')).length;
const t0 = performance.now();
const cdk = require('aws-cdk-lib');
const t1 = performance.now();
if (process.env.BENCH_AFTER === 'hand-built') {
  const ec2 = require('aws-cdk-lib/aws-ec2');
  const iam = require('aws-cdk-lib/aws-iam');
  void [cdk.App, cdk.Stack, ec2.Vpc, ec2.IpAddresses, ec2.SubnetType, ec2.FlowLogTrafficType, ec2.GatewayVpcEndpointAwsService, iam.PolicyStatement, iam.AnyPrincipal];
}
const before = files();
const t2 = performance.now();
require(process.env.BENCH_LIB);
const t3 = performance.now();
console.log(JSON.stringify({ cdk: t1 - t0, lib: t3 - t2, files: files() - before }));
`;

function requireTimes(samples: number): RequireTimes {
  const measure = (after: 'entry' | 'hand-built') => {
    const child = spawnSync(process.execPath, ['-e', REQUIRE_SCRIPT], {
      cwd: ROOT,
      encoding: 'utf-8',
      env: { ...process.env, BENCH_AFTER: after, BENCH_LIB: LIB_ENTRY },
    });
    if (child.status !== 0) {
      throw new Error(`bench: require() timing failed: ${child.stderr}`);
    }
    return JSON.parse(child.stdout) as { cdk: number; lib: number; files: number };
  };
  const entry: Array<{ cdk: number; lib: number; files: number }> = [];
  const handBuilt: Array<{ cdk: number; lib: number; files: number }> = [];
  for (let index = 0; index < samples; index++) {
    for (const after of (index % 2 === 0 ? ['entry', 'hand-built'] : ['hand-built', 'entry']) as Array<'entry' | 'hand-built'>) {
      (after === 'entry' ? entry : handBuilt).push(measure(after));
    }
  }
  return {
    samples,
    dependencies: libraryDependencies(),
    awsCdkLibMs: median([...entry, ...handBuilt].map((times) => times.cdk)),
    afterAwsCdkLibMs: median(entry.map((times) => times.lib)),
    afterAwsCdkLibFiles: median(entry.map((times) => times.files)),
    afterHandBuiltMs: median(handBuilt.map((times) => times.lib)),
    afterHandBuiltFiles: median(handBuilt.map((times) => times.files)),
  };
}

// ---------------------------------------------------------------------------------------------------
// statistics and formatting

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

function medians(times: Record<VariantName, number[]>): Record<VariantName, number> {
  return { 'construct': median(times.construct), 'hand-built': median(times['hand-built']) };
}

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

interface ReportInput {
  readonly machine: MachineInfo;
  readonly build: BuildInfo;
  readonly synth: Array<Plan & { result: SynthTimeResult }>;
  readonly colds: ColdResult[];
  readonly heaps: MeasuredHeap[];
  readonly policy: PolicyResult;
  readonly template: TemplateResult;
  readonly pack: PackInfo;
  readonly requireTime: RequireTimes;
  readonly seconds: number;
  readonly quick: boolean;
}

function likenessText(result: SynthTimeResult): string {
  const equivalence = result.equivalence;
  const resources = Object.values(equivalence.constructResources).reduce((sum, count) => sum + count, 0);
  const handResources = Object.values(equivalence.handBuiltResources).reduce((sum, count) => sum + count, 0);
  const counts = resources === handResources ? `${resources} resources each` : `${resources} against ${handResources} resources`;
  switch (equivalence.likeness) {
    case 'identical': return `identical (${counts})`;
    case 'identical-but-tags': return `identical but tags (${counts})`;
    default: return `DIFFERENT (${counts})`;
  }
}

function buildReport(input: ReportInput): { text: string; json: unknown; invalid: string[] } {
  const { machine, build, synth, colds, heaps, policy, template, pack, requireTime } = input;
  const invalid: string[] = [];
  const out: string[] = [];

  out.push(`# cdk-private-dynamo-access benchmark${input.quick ? ' (--quick: too few runs for figures)' : ''}`);
  out.push('');
  out.push(`\`npx ts-node --project tsconfig.dev.json bench/run.ts${input.quick ? ' --quick' : ''}\` (the \`bench\` task). ` +
    'Figures compare the construct with the hand-built equivalent on one machine in one run; absolute times vary between machines and with load.');
  out.push('');
  out.push(`${machine.date}: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node.js ${machine.node}, ${machine.platform}; ` +
    `aws-cdk-lib ${machine.awsCdkLib}, constructs ${machine.constructs}; commit ${machine.commit}${machine.uncommittedChanges ? ' with uncommitted changes in src/' : ''}; ` +
    `load average ${machine.loadAverageAtStart.join(' ')} at the start, ${os.loadavg().map((load) => load.toFixed(2)).join(' ')} at the end; ${input.seconds.toFixed(0)} s in all` +
    `${build.compiled ? ` (of which ${build.compileSeconds} s compiling lib/)` : ''}.`);
  if (build.stale) {
    out.push('');
    out.push('WARNING: jsii failed, so these figures are of the lib/ of an earlier compile, older than src/.');
  }

  // synth time
  out.push('');
  out.push('## Synth time');
  out.push('');
  out.push('Build the app and `app.synth()` it into a fresh output directory (analytics on, as `cdk synth` does), in one process after warm-up; ' +
    'the construct (compiled lib/) and the hand-built aws-cdk-lib equivalent alternate ABBA. Median milliseconds of CPU time ' +
    `(${synth[0]?.result.cpuClock === 'process' ? 'the process\'s user + system time' : 'the main thread\'s time on a CPU, from Linux\'s schedstat: the synth\'s critical path, ' +
    'without V8\'s background threads and without time spent waiting for a CPU'}), which other processes disturb far less than the wall clock, ` +
    'and of wall-clock time; ratio = construct ÷ hand-built; p25–p75 of the pairwise CPU ratios shows the noise. The goals are judged on the CPU ratio.');
  out.push('');
  const synthRows = synth.map(({ label, size, result }) => {
    const cpu = medians(result.cpuTimes);
    const wall = medians(result.times);
    const paired = result.cpuTimes.construct.map((time, index) => time / result.cpuTimes['hand-built'][index]);
    if (result.equivalence.likeness === 'different') {
      invalid.push(`${label}: the two variants do not build the same template (${result.equivalence.differences.join('; ')})`);
    }
    return [label, String(result.times.construct.length),
      fixed(cpu.construct, 1), fixed(cpu['hand-built'], 1), fixed(cpu.construct / cpu['hand-built'], 3),
      `${fixed(quantile(paired, 0.25), 2)}–${fixed(quantile(paired, 0.75), 2)}`,
      fixed(wall.construct, 1), fixed(wall['hand-built'], 1), fixed(wall.construct / wall['hand-built'], 3),
      fixed((cpu.construct - cpu['hand-built']) / size, 1), likenessText(result)];
  });
  out.push(table(['app', 'runs', 'construct CPU ms', 'hand-built CPU ms', 'CPU ratio', 'p25–p75', 'construct wall ms', 'hand-built wall ms', 'wall ratio',
    'extra CPU ms/access', 'templates'], synthRows));
  const tagNotes = new Set(synth.flatMap(({ result }) => (result.equivalence.likeness === 'identical-but-tags' ? result.equivalence.differences : [])));
  if (tagNotes.size > 0) {
    out.push('');
    out.push(`Templates compared modulo logical ids and the analytics resource; "but tags": ${[...tagNotes].join('; ')} ` +
      '(first = construct, second = hand-built: `vpc.addGatewayEndpoint` puts the endpoint under the VPC, which tags everything under it with its path).');
  }
  // the construct's extra cost per access: constant when it grows linearly, ×10 from 10 to 100 when quadratically
  const extraPerAccess = (size: number) => {
    const row = synth.find((entry) => entry.shape === 'own' && entry.size === size);
    return row === undefined ? NaN : (median(row.result.cpuTimes.construct) - median(row.result.cpuTimes['hand-built'])) / size;
  };
  const growth = extraPerAccess(100) / extraPerAccess(10);
  const growthText = extraPerAccess(10) > 1 && extraPerAccess(100) > 0
    ? `×${fixed(growth, 1)} from 10 to 100 (×1 is linear, ×10 quadratic)`
    : 'too small at 10 to tell growth from noise';
  out.push('');
  out.push(`Scaling: the construct's extra CPU ms per access (construct − hand-built, ÷ accesses; own VPCs) is ${fixed(extraPerAccess(1), 1)} at 1, ` +
    `${fixed(extraPerAccess(10), 1)} at 10, ${fixed(extraPerAccess(100), 1)} at 100: ${growthText}.`);
  const coldOf = (variant: VariantName) => colds.filter((cold) => cold.variant === variant);
  const coldOurs = median(coldOf('construct').map((cold) => cold.cpuMs));
  const coldTheirs = median(coldOf('hand-built').map((cold) => cold.cpuMs));
  const coldWall = { construct: median(coldOf('construct').map((cold) => cold.ms)), handBuilt: median(coldOf('hand-built').map((cold) => cold.ms)) };
  out.push('');
  out.push('Cold synth of 1 access (what one `cdk synth` pays once aws-cdk-lib\'s entry point is loaded: loading the code used, building, synthesizing), ' +
    `median of ${coldOf('construct').length} fresh processes each, alternating: construct ${fixed(coldOurs, 0)} CPU ms / ${fixed(coldWall.construct, 0)} wall ms ` +
    `(${median(coldOf('construct').map((cold) => cold.awsCdkLibFilesLoaded))} aws-cdk-lib files loaded), ` +
    `hand-built ${fixed(coldTheirs, 0)} CPU ms / ${fixed(coldWall.handBuilt, 0)} wall ms ` +
    `(${median(coldOf('hand-built').map((cold) => cold.awsCdkLibFilesLoaded))} files): CPU ratio ${fixed(coldOurs / coldTheirs, 2)}, ` +
    `wall ratio ${fixed(coldWall.construct / coldWall.handBuilt, 2)}.`);

  // heap
  out.push('');
  out.push('## Peak heap');
  out.push('');
  out.push('One cold build + synth in a fresh process per cell. Peak = most heap in use at any moment (V8 GC trace); live = heap after a full GC with the app still referenced, above the baseline of the loaded libraries; RSS = the process\'s peak resident set. MiB.');
  out.push('');
  const heapOf = (plan: Plan, variant: VariantName) =>
    heaps.find((heap) => heap.shape === plan.shape && heap.size === plan.size && heap.variant === variant) as MeasuredHeap;
  const heapRows = plans(input.quick).map((plan) => {
    const ours = heapOf(plan, 'construct');
    const theirs = heapOf(plan, 'hand-built');
    return [plan.label, mib(ours.peakHeapBytes), mib(theirs.peakHeapBytes), fixed(ours.peakHeapBytes / theirs.peakHeapBytes, 2),
      mib(ours.liveHeapBytes - ours.baselineHeapBytes), mib(theirs.liveHeapBytes - theirs.baselineHeapBytes),
      mib(ours.maxRssBytes), mib(theirs.maxRssBytes)];
  });
  out.push(table(['app', 'construct peak', 'hand-built peak', 'ratio', 'construct live', 'hand-built live', 'construct RSS', 'hand-built RSS'], heapRows));

  // policy
  out.push('');
  out.push('## Endpoint policy against the number of tables');
  out.push('');
  out.push(`\`tables\` from \`Table.fromTableName\` in a stack of ${policy.environment.account} / ${policy.environment.region}; characters of the policy as deployed (compact JSON, pseudo parameters resolved). ` +
    `AWS's limit is ${policy.limit.toLocaleString('en-US')}. exact = table, table/index/*, table/stream/* per table; compact = table, table/* per table.`);
  out.push('');
  const policyRows = POLICY_SIZES.map((size, index) => [size.toLocaleString('en-US'), ...(['random', 'prefixed'] as const).flatMap((shape) => {
    const point = policy.shapes[shape].points[index];
    return point.error !== undefined ? [`error: "${point.error} …"`, fixed(point.ms, 0)] : [`${point.characters?.toLocaleString('en-US')} (${point.form})`, fixed(point.ms, 0)];
  })]);
  out.push(table(['tables', 'random names: characters', 'ms', 'shared-prefix names: characters', 'ms'], policyRows));
  out.push('');
  for (const shape of ['random', 'prefixed'] as const) {
    const entry = policy.shapes[shape];
    out.push(`- ${shape === 'random' ? 'random names' : 'shared-prefix names'} (${entry.description}, ${entry.averageNameLength} characters on average): ` +
      `up to ${entry.maxTablesThatFit} tables fit (${entry.charactersAtMax?.toLocaleString('en-US')} characters); one more and the construct throws at synth.`);
  }

  // template
  out.push('');
  out.push('## Default template against the hand-written one');
  out.push('');
  const types = [...new Set([...Object.keys(template.construct.byType), ...Object.keys(template.handWritten.byType)])].sort();
  const templateRows = types.map((type) => [type, String(template.construct.byType[type] ?? 0), String(template.handWritten.byType[type] ?? 0)]);
  templateRows.push(['**resources**', String(template.construct.resources), String(template.handWritten.resources)]);
  templateRows.push(['**custom resources**', String(template.construct.customResources), String(template.handWritten.customResources)]);
  out.push(table(['resource type', 'PrivateDynamoAccess (default props)', 'bench/hand-written.template.json'], templateRows));
  out.push('');
  out.push('AWS::CDK::Metadata (the CLI\'s analytics) is not counted. Custom resources in the default template:');
  for (const custom of template.construct.custom) {
    out.push(`- ${custom.logicalId} (${custom.type}, ${custom.path ?? 'no path'}), backed by ${custom.backedBy.join(' and ') || 'nothing in the template'}: ${custom.why}.`);
  }
  out.push('- The hand-written template has none, and so leaves the default security group open: CloudFormation cannot remove its rules.');

  // package
  out.push('');
  out.push('## Package');
  out.push('');
  out.push(table(['npm pack --dry-run', 'tarball', 'unpacked', 'files'], [
    ['this checkout as it is', kb(pack.asIs.size), kb(pack.asIs.unpackedSize), String(pack.asIs.entryCount)],
    ['clean build (without the files below)', kb(pack.clean.size), kb(pack.clean.unpackedSize), String(pack.clean.entryCount)],
    ['what-if: clean build without inline source maps', kb(pack.withoutInlineSourceMaps.size), kb(pack.withoutInlineSourceMaps.unpackedSize),
      String(pack.withoutInlineSourceMaps.entryCount)],
  ]));
  out.push('');
  if (pack.flagged.length > 0) {
    out.push('Packed here but not by a clean build:');
    pack.flagged.forEach((file) => out.push(`- ${file.path} (${kb(file.size)}): ${file.reason}`));
    out.push('');
  }
  out.push(`Largest files: ${pack.largest.map((file) => `${file.path} ${kb(file.size)}`).join(', ')}. ` +
    `Inline source maps (with the TypeScript sources) are ${kb(pack.inlineSourceMapBytes)} of the ${kb(pack.javascriptBytes)} of JavaScript.`);
  out.push('');
  out.push(`require() in a fresh process, median of ${requireTime.samples}: \`require('aws-cdk-lib')\` ${fixed(requireTime.awsCdkLibMs, 1)} ms; then \`require('lib/index.js')\` ` +
    `${fixed(requireTime.afterAwsCdkLibMs, 1)} ms (${requireTime.afterAwsCdkLibFiles} aws-cdk-lib files loaded), ` +
    `or ${fixed(requireTime.afterHandBuiltMs, 1)} ms (${requireTime.afterHandBuiltFiles} files) once the aws-cdk-lib classes of the hand-built equivalent are loaded. ` +
    `lib/ requires ${requireTime.dependencies.join(', ')}.`);

  // goals
  const single = synth.find((entry) => entry.shape === 'own' && entry.size === 1);
  const hundred = synth.find((entry) => entry.shape === 'own' && entry.size === 100);
  const shared = synth.find((entry) => entry.shape === 'shared');
  const ratio = (entry: typeof single) => (entry === undefined ? NaN : median(entry.result.cpuTimes.construct) / median(entry.result.cpuTimes['hand-built']));
  const unexpected = template.construct.custom.filter((custom) => !custom.expected);
  const goals = [
    { goal: `synth ≤ ${GOALS.synthRatio.toFixed(2)}× hand-built (1 access, CPU)`, measured: `${fixed(ratio(single), 3)}×`, met: ratio(single) <= GOALS.synthRatio },
    { goal: `100 accesses ≤ ${GOALS.scaleRatio.toFixed(2)}× hand-built (own VPCs, CPU)`, measured: `${fixed(ratio(hundred), 3)}×`, met: ratio(hundred) <= GOALS.scaleRatio },
    { goal: `100 accesses ≤ ${GOALS.scaleRatio.toFixed(2)}× hand-built (one imported VPC, CPU)`, measured: `${fixed(ratio(shared), 3)}×`, met: ratio(shared) <= GOALS.scaleRatio },
    { goal: `tarball < ${kb(GOALS.tarballBytes)} (clean build)`, measured: kb(pack.clean.size), met: pack.clean.size < GOALS.tarballBytes },
    {
      goal: 'no custom resource in the default template but aws-cdk-lib\'s default-security-group restriction',
      measured: template.construct.custom.map((custom) => custom.type).join(', ') || 'none',
      met: unexpected.length === 0,
    },
  ];
  out.push('');
  out.push('## Goals');
  out.push('');
  out.push(table(['goal', 'measured', ''], goals.map((goal) => [goal.goal, goal.measured, goal.met ? 'met' : 'NOT MET'])));

  const json = {
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((load) => Math.round(load * 100) / 100) },
    build,
    seconds: Math.round(input.seconds),
    quick: input.quick,
    synth: synth.map(({ label, shape, size, warmup, budgetSeconds, result }) => ({
      label,
      shape,
      size,
      warmup,
      budgetSeconds,
      runs: result.times.construct.length,
      medianCpuMs: medians(result.cpuTimes),
      medianWallMs: medians(result.times),
      cpuRatio: median(result.cpuTimes.construct) / median(result.cpuTimes['hand-built']),
      wallRatio: median(result.times.construct) / median(result.times['hand-built']),
      cpuClock: result.cpuClock,
      cpuTimes: result.cpuTimes,
      wallTimes: result.times,
      equivalence: result.equivalence,
    })),
    extraMsPerAccess: { 1: extraPerAccess(1), 10: extraPerAccess(10), 100: extraPerAccess(100) },
    cold: {
      samples: coldOf('construct').length,
      medianCpuMs: { 'construct': coldOurs, 'hand-built': coldTheirs },
      medianWallMs: { 'construct': coldWall.construct, 'hand-built': coldWall.handBuilt },
      cpuRatio: coldOurs / coldTheirs,
      runs: colds,
    },
    heap: heaps,
    policy,
    template,
    pack,
    require: requireTime,
    goals,
  };
  return { text: out.join('\n'), json, invalid };
}

if (require.main === module) {
  main();
}
