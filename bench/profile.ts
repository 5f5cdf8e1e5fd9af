import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, WORK_DIR } from './lib/paths';
import { abbaOrder } from './lib/statistics';
import { VARIANT_NAMES } from './lib/variants';
import { runWorker } from './lib/workers';
import type { ColdResult, LoopResult, ShapeName, VariantName } from './results';

/**
 * CPU profile of one app shape, construct against hand-built:
 * `npx ts-node --project tsconfig.dev.json bench/profile.ts [own|shared] [size] [runs]`, or
 * `... bench/profile.ts cold [processes]` for cold synths of one access (module loading included), summed
 * over fresh processes (default 5 per variant).
 *
 * Runs each variant `runs` times in its own process under `node --cpu-prof`, then prints the functions
 * with the most self time in each, and the functions whose self time differs most between the two
 * (per run). The profiles stay in bench/.work/profiles/ for Chrome DevTools or speedscope.
 */

const PROFILE_DIR = path.join(WORK_DIR, 'profiles');

interface ProfileNode {
  readonly id: number;
  readonly children?: number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

interface Summary {
  /** Self time by function. */
  readonly byFunction: Map<string, number>;
  /** Self time by area (package, aws-cdk-lib module, file of this library). */
  readonly byArea: Map<string, number>;
  /** Inclusive time (self and callees) of this library's functions, each call counted once under recursion. */
  readonly libraryInclusive: Map<string, number>;
  readonly total: number;
}

function frameName(node: ProfileNode): string {
  const frame = node.callFrame;
  const where = shorten(frame.url);
  return `${frame.functionName || '(anonymous)'} ${where}${where ? `:${frame.lineNumber + 1}` : ''}`;
}

/** Self and inclusive times in ms, from a `.cpuprofile`. */
function summarize(file: string): Summary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf-8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const node = nodes.get(id) as ProfileNode;
    self.set(id, (self.get(id) ?? 0) + ms);
    byFunction.set(frameName(node), (byFunction.get(frameName(node)) ?? 0) + ms);
    const where = area(node.callFrame.url, node.callFrame.functionName);
    byArea.set(where, (byArea.get(where) ?? 0) + ms);
    total += ms;
  });
  // inclusive time of this library's frames, walking the call tree from the root (the first node)
  const libraryInclusive = new Map<string, number>();
  const walk = (id: number, open: Set<string>): number => {
    const node = nodes.get(id) as ProfileNode;
    const name = frameName(node);
    const isLibrary = shorten(node.callFrame.url).startsWith('lib/') && !open.has(name);
    const inner = isLibrary ? new Set([...open, name]) : open;
    const inclusive = (node.children ?? []).reduce((sum, child) => sum + walk(child, inner), self.get(id) ?? 0);
    if (isLibrary) {
      libraryInclusive.set(name, (libraryInclusive.get(name) ?? 0) + inclusive);
    }
    return inclusive;
  };
  walk(profile.nodes[0].id, new Set());
  return { byFunction, byArea, libraryInclusive, total };
}

function shorten(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '').replace(`${REPO_ROOT}/`, '');
}

function area(url: string, functionName: string): string {
  const file = shorten(url);
  if (file === '') {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  if (file.startsWith('aws-cdk-lib/')) {
    return file.split('/').slice(0, 2).join('/');
  }
  if (file.startsWith('lib/') || file.startsWith('src/')) {
    return `this library: ${file}`;
  }
  if (file.startsWith('node:')) {
    return 'node internals';
  }
  return file.split('/')[0];
}

function top(map: Map<string, number>, count: number, runs: number): string[] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, ms]) => `${(ms / runs).toFixed(1).padStart(8)} ms/run  ${name}`);
}

function merge(into: Summary | undefined, summary: Summary): Summary {
  if (into === undefined) {
    return summary;
  }
  const add = (left: Map<string, number>, right: Map<string, number>) =>
    new Map([...new Set([...left.keys(), ...right.keys()])].map((key) => [key, (left.get(key) ?? 0) + (right.get(key) ?? 0)]));
  return {
    byFunction: add(into.byFunction, summary.byFunction),
    byArea: add(into.byArea, summary.byArea),
    libraryInclusive: add(into.libraryInclusive, summary.libraryInclusive),
    total: into.total + summary.total,
  };
}

function main(): void {
  const cold = process.argv[2] === 'cold';
  const shape = (cold ? 'own' : process.argv[2] ?? 'own') as ShapeName;
  const size = cold ? 1 : Number(process.argv[3] ?? 100);
  // warm: one process per variant, 1 warm-up + `runs` runs; cold: `processes` fresh processes per variant,
  // alternating, each one cold synth sampled every 100 µs, summed
  const runs = cold ? 0 : Number(process.argv[4] ?? 5);
  const processes = cold ? Number(process.argv[3] ?? 5) : 1;
  const perRun = cold ? processes : runs + 1;
  const summaries = new Map<VariantName, Summary>();
  const times = new Map<VariantName, number[]>();
  const files = new Map<VariantName, string[]>();
  for (let index = 0; index < processes; index++) {
    for (const variant of abbaOrder(index, VARIANT_NAMES)) {
      const directory = path.join(PROFILE_DIR, cold ? `cold-${variant}-${index}` : `${shape}-${size}-${variant}`);
      fs.rmSync(directory, { recursive: true, force: true });
      process.stderr.write(`[profile] ${cold ? `cold synth of 1 access #${index + 1}` : `${shape} × ${size}`}, ${variant}: ` +
        `${cold ? 'one run' : `1 warm-up + ${runs} runs`} under --cpu-prof\n`);
      const profiling = ['--cpu-prof', `--cpu-prof-dir=${directory}`, ...(cold ? ['--cpu-prof-interval=100'] : [])];
      const { result } = cold
        ? runWorker<ColdResult>({ kind: 'cold', variant }, profiling)
        : runWorker<LoopResult>({ kind: 'loop', shape, size, variant, runs }, profiling);
      const [file] = fs.readdirSync(directory).filter((name) => name.endsWith('.cpuprofile'));
      summaries.set(variant, merge(summaries.get(variant), summarize(path.join(directory, file))));
      times.set(variant, [...(times.get(variant) ?? []), ...(result.kind === 'cold' ? [result.ms] : result.times)]);
      files.set(variant, [...(files.get(variant) ?? []), path.relative(REPO_ROOT, path.join(directory, file))]);
    }
  }
  const what = cold ? `cold synth of 1 access, ${processes} fresh processes` : `${shape} × ${size}`;
  for (const variant of VARIANT_NAMES) {
    const summary = summaries.get(variant) as Summary;
    const sorted = [...(times.get(variant) ?? [])].sort((a, b) => a - b);
    console.log(`\n## ${variant}: ${what}, median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms a run; ` +
      `whole process ${(summary.total / processes).toFixed(0)} ms (incl. module loading); profiles ${(files.get(variant) ?? []).join(', ')}`);
    console.log(`\nSelf time by area (per run: whole ${cold ? 'processes / processes' : 'process / (runs + 1)'}):`);
    top(summary.byArea, 12, perRun).forEach((line) => console.log(line));
    console.log('\nTop self-time functions:');
    top(summary.byFunction, 20, perRun).forEach((line) => console.log(line));
    if (summary.libraryInclusive.size > 0) {
      console.log('\nThis library\'s functions, inclusive time (self and callees):');
      top(summary.libraryInclusive, 15, perRun).forEach((line) => console.log(line));
    }
  }
  const ours = summaries.get('construct') as Summary;
  const theirs = summaries.get('hand-built') as Summary;
  const difference = (left: Map<string, number>, right: Map<string, number>) =>
    new Map([...new Set([...left.keys(), ...right.keys()])].map((key) => [key, (left.get(key) ?? 0) - (right.get(key) ?? 0)]));
  console.log(`\n## construct minus hand-built (per run; total ${((ours.total - theirs.total) / perRun).toFixed(1)} ms)`);
  console.log('\nBy area:');
  top(difference(ours.byArea, theirs.byArea), 10, perRun).forEach((line) => console.log(line));
  console.log('\nBy function:');
  top(difference(ours.byFunction, theirs.byFunction), 20, perRun).forEach((line) => console.log(line));
}

main();
