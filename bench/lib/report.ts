import { checkGoal } from './figures';
import type { AppFigures, CheckFigures, Figures, Goal, Measurements, RunInfo } from './figures';
import { fixed, kb, mib, table } from './format';
import type { AppPlan } from './plan';
import type { MeasuredHeap } from './workers';
import type { CheckEquivalenceResult, SynthTimeResult, VariantName } from '../results';

/**
 * The report printed at the end of a run: Markdown sections with the method in a sentence or two and
 * the figures in tables (the same sections as BENCHMARKS.md).
 */

export function markdownReport(measurements: Measurements, figures: Figures): string {
  return [
    ...header(measurements),
    ...synthSection(figures),
    ...checkSection(figures.check),
    ...heapSection(measurements),
    ...policySection(measurements),
    ...templateSection(measurements),
    ...packageSection(measurements),
    ...goalsSection(figures.goals),
  ].join('\n');
}

/** The report of `--only-check`: the header, the connectivity check's section and its goal. */
export function markdownCheckReport(run: RunInfo, check: CheckFigures): string {
  return [...header(run), ...checkSection(check), ...goalsSection([checkGoal(check)])].join('\n');
}

function runFlags({ quick, onlyCheck }: RunInfo['plan']): string {
  return `${quick ? ' --quick' : ''}${onlyCheck ? ' --only-check' : ''}`;
}

function header({ plan, machine, loadAverageAtEnd, build, seconds }: RunInfo): string[] {
  const out: string[] = [];
  out.push(`# cdk-private-dynamo-access benchmark${plan.quick ? ' (--quick: too few runs for figures)' : ''}`);
  out.push('');
  out.push(`\`npx ts-node --project tsconfig.dev.json bench/run.ts${runFlags(plan)}\` (the \`bench\` task). ` +
    `Figures compare ${plan.onlyCheck ? 'the app with the connectivity check and without it' : 'the construct with the hand-built equivalent'} on one machine in one run; ` +
    'absolute times vary between machines and with load.');
  out.push('');
  out.push(`${machine.date}: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node.js ${machine.node}, ${machine.platform}; ` +
    `aws-cdk-lib ${machine.awsCdkLib}, constructs ${machine.constructs}; commit ${machine.commit}${machine.uncommittedChanges ? ' with uncommitted changes in src/' : ''}; ` +
    `load average ${machine.loadAverageAtStart.join(' ')} at the start, ${loadAverageAtEnd.map((load) => load.toFixed(2)).join(' ')} at the end; ${seconds.toFixed(0)} s in all` +
    `${build.compiled ? ` (of which ${build.compileSeconds} s compiling lib/)` : ''}.`);
  if (build.stale) {
    out.push('');
    out.push('WARNING: jsii failed, so these figures are of the lib/ of an earlier compile, older than src/.');
  }
  return out;
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

function synthRow(figures: AppFigures): string[] {
  const { app, medianCpuMs: cpu, medianWallMs: wall } = figures;
  return [app.label, String(app.result.times.construct.length),
    fixed(cpu.construct, 1), fixed(cpu['hand-built'], 1), fixed(figures.cpuRatio, 3),
    `${fixed(figures.pairedCpuRatioP25, 2)}–${fixed(figures.pairedCpuRatioP75, 2)}`,
    fixed(wall.construct, 1), fixed(wall['hand-built'], 1), fixed(figures.wallRatio, 3),
    fixed(figures.extraCpuMsPerAccess, 1), likenessText(app.result)];
}

function synthSection({ apps, extraMsPerAccess, growth, cold }: Figures): string[] {
  const out: string[] = [];
  out.push('');
  out.push('## Synth time');
  out.push('');
  out.push('Build the app and `app.synth()` it into a fresh output directory (analytics on, as `cdk synth` does), in one process after warm-up; ' +
    'the construct (compiled lib/) and the hand-built aws-cdk-lib equivalent alternate ABBA. Median milliseconds of CPU time ' +
    `(${apps[0]?.app.result.cpuClock === 'process' ? 'the process\'s user + system time' : 'the main thread\'s time on a CPU, from Linux\'s schedstat: the synth\'s critical path, ' +
    'without V8\'s background threads and without time spent waiting for a CPU'}), which other processes disturb far less than the wall clock, ` +
    'and of wall-clock time; ratio = construct ÷ hand-built; p25–p75 of the pairwise CPU ratios shows the noise. The goals are judged on the CPU ratio.');
  out.push('');
  out.push(table(['app', 'runs', 'construct CPU ms', 'hand-built CPU ms', 'CPU ratio', 'p25–p75', 'construct wall ms', 'hand-built wall ms', 'wall ratio',
    'extra CPU ms/access', 'templates'], apps.map(synthRow)));
  const tagNotes = new Set(apps.flatMap(({ app }) => (app.result.equivalence.likeness === 'identical-but-tags' ? app.result.equivalence.differences : [])));
  if (tagNotes.size > 0) {
    out.push('');
    out.push(`Templates compared modulo logical ids and the analytics resource; "but tags": ${[...tagNotes].join('; ')} ` +
      '(first = construct, second = hand-built: `vpc.addGatewayEndpoint` puts the endpoint under the VPC, which tags everything under it with its path).');
  }
  // the construct's extra cost per access: constant when it grows linearly, ×10 from 10 to 100 when quadratically
  const growthText = extraMsPerAccess[10] > 1 && extraMsPerAccess[100] > 0
    ? `×${fixed(growth, 1)} from 10 to 100 (×1 is linear, ×10 quadratic)`
    : 'too small at 10 to tell growth from noise';
  out.push('');
  out.push(`Scaling: the construct's extra CPU ms per access (construct − hand-built, ÷ accesses; own VPCs) is ${fixed(extraMsPerAccess[1], 1)} at 1, ` +
    `${fixed(extraMsPerAccess[10], 1)} at 10, ${fixed(extraMsPerAccess[100], 1)} at 100: ${growthText}.`);
  out.push('');
  out.push('Cold synth of 1 access (what one `cdk synth` pays once aws-cdk-lib\'s entry point is loaded: loading the code used, building, synthesizing), ' +
    `median of ${cold.samples} fresh processes each, alternating: construct ${fixed(cold.medianCpuMs.construct, 0)} CPU ms / ${fixed(cold.medianWallMs.construct, 0)} wall ms ` +
    `(${cold.medianAwsCdkLibFilesLoaded.construct} aws-cdk-lib files loaded), ` +
    `hand-built ${fixed(cold.medianCpuMs['hand-built'], 0)} CPU ms / ${fixed(cold.medianWallMs['hand-built'], 0)} wall ms ` +
    `(${cold.medianAwsCdkLibFilesLoaded['hand-built']} files): CPU ratio ${fixed(cold.cpuRatio, 2)}, ` +
    `wall ratio ${fixed(cold.wallRatio, 2)}.`);
  return out;
}

function checkLikenessText(equivalence: CheckEquivalenceResult): string {
  const resources = Object.values(equivalence.checkResources).reduce((sum, count) => sum + count, 0);
  const without = Object.values(equivalence.noCheckResources).reduce((sum, count) => sum + count, 0);
  const counts = resources === without ? `${resources} resources each in ${equivalence.stacks} stacks` : `${resources} against ${without} resources`;
  switch (equivalence.likeness) {
    case 'identical': return `identical (${counts})`;
    case 'identical-but-tags': return `identical but tags (${counts})`;
    default: return `DIFFERENT (${counts})`;
  }
}

function checkSection(check: CheckFigures): string[] {
  const { app, medianCpuMs: cpu, medianWallMs: wall, perClient } = check;
  const out: string[] = [];
  out.push('');
  out.push('## Connectivity check');
  out.push('');
  out.push(`The connectivity check's cost in an app of ${app.clients} Lambda functions (\`bench/scenarios.ts\`, \`buildClientsApp\`): a network stack with a ` +
    '`PrivateDynamoAccess` (its own VPC, one table admitted) and application stacks of 50 functions in `access.subnets`, each granted the table ' +
    '(`grantReadWriteData`) and its own queue, topic, bucket, secret and parameter, passed to `access.allowFrom`; `access.addEndpointsFor` called once ' +
    'with all of them. check = the check on (the default); no-check = `connectivityCheck: false`, the same app without the check. Timed as the synth time ' +
    'is (build + `app.synth()` into a fresh output directory, the two variants alternating ABBA in one process after warm-up, median CPU ms of the main ' +
    'thread, p25–p75 of the pairwise ratios); ratio = check ÷ no-check.');
  out.push('');
  out.push(table(['app', 'runs', 'check CPU ms', 'no-check CPU ms', 'CPU ratio', 'p25–p75', 'check wall ms', 'no-check wall ms', 'wall ratio',
    'extra CPU ms/client', 'templates'], [[app.label, String(app.result.times.check.length),
    fixed(cpu.check, 1), fixed(cpu['no-check'], 1), fixed(check.cpuRatio, 3),
    `${fixed(check.pairedCpuRatioP25, 2)}–${fixed(check.pairedCpuRatioP75, 2)}`,
    fixed(wall.check, 1), fixed(wall['no-check'], 1), fixed(check.wallRatio, 3),
    fixed(check.extraCpuMsPerClient, 2), checkLikenessText(app.result.equivalence)]]));
  out.push('');
  const warnings = app.result.warnings;
  out.push(`The check-on app carries no error (the worker refuses to time one that does) and ${warnings.length === 0 ? 'no warning' : `${warnings.length} WARNINGS (${warnings.slice(0, 3).join(' | ')})`}.`);
  if (perClient.runs > 0) {
    const result = app.result.perClient;
    const likeness = result?.likeness === 'different' ? `DIFFERENT templates (${result.differences.join('; ')})` : 'the same templates';
    out.push('');
    out.push('Information, not a goal: the same app (check on) with `addEndpointsFor(fn)` called once per function after its grants instead of once for all: ' +
      `median ${fixed(perClient.medianCpuMs, 0)} CPU ms / ${fixed(perClient.medianWallMs, 0)} wall ms per synth (${perClient.runs} ${perClient.runs === 1 ? 'run' : 'runs'} after the pairs), ` +
      `${fixed(perClient.cpuRatioToOnce, 2)}× the check app above; ${likeness} as the app that calls it once.`);
  }
  return out;
}

function heapSection({ plan, heaps }: Measurements): string[] {
  const out: string[] = [];
  out.push('');
  out.push('## Peak heap');
  out.push('');
  out.push('One cold build + synth in a fresh process per cell. Peak = most heap in use at any moment (V8 GC trace); live = heap after a full GC with the app still referenced, above the baseline of the loaded libraries; RSS = the process\'s peak resident set. MiB.');
  out.push('');
  const heapOf = (app: AppPlan, variant: VariantName) =>
    heaps.find((heap) => heap.shape === app.shape && heap.size === app.size && heap.variant === variant) as MeasuredHeap;
  const rows = plan.apps.map((app) => {
    const ours = heapOf(app, 'construct');
    const theirs = heapOf(app, 'hand-built');
    return [app.label, mib(ours.peakHeapBytes), mib(theirs.peakHeapBytes), fixed(ours.peakHeapBytes / theirs.peakHeapBytes, 2),
      mib(ours.liveHeapBytes - ours.baselineHeapBytes), mib(theirs.liveHeapBytes - theirs.baselineHeapBytes),
      mib(ours.maxRssBytes), mib(theirs.maxRssBytes)];
  });
  out.push(table(['app', 'construct peak', 'hand-built peak', 'ratio', 'construct live', 'hand-built live', 'construct RSS', 'hand-built RSS'], rows));
  return out;
}

function policySection({ plan, policy }: Measurements): string[] {
  const out: string[] = [];
  out.push('');
  out.push('## Endpoint policy against the number of tables');
  out.push('');
  out.push(`\`tables\` from \`Table.fromTableName\` in a stack of ${policy.environment.account} / ${policy.environment.region}; characters of the policy as deployed (compact JSON, pseudo parameters resolved). ` +
    `AWS's limit is ${policy.limit.toLocaleString('en-US')}. exact = table, table/index/*, table/stream/* per table; compact = table, table/* per table.`);
  out.push('');
  const rows = plan.policySizes.map((size, index) => [size.toLocaleString('en-US'), ...(['random', 'prefixed'] as const).flatMap((shape) => {
    const point = policy.shapes[shape].points[index];
    return point.error !== undefined ? [`error: "${point.error} …"`, fixed(point.ms, 0)] : [`${point.characters?.toLocaleString('en-US')} (${point.form})`, fixed(point.ms, 0)];
  })]);
  out.push(table(['tables', 'random names: characters', 'ms', 'shared-prefix names: characters', 'ms'], rows));
  out.push('');
  for (const shape of ['random', 'prefixed'] as const) {
    const entry = policy.shapes[shape];
    out.push(`- ${shape === 'random' ? 'random names' : 'shared-prefix names'} (${entry.description}, ${entry.averageNameLength} characters on average): ` +
      `up to ${entry.maxTablesThatFit} tables fit (${entry.charactersAtMax?.toLocaleString('en-US')} characters); one more and the construct throws at synth.`);
  }
  out.push('');
  out.push('Tag mode (`tableTag` instead of `tables`): the tables carry the tag in data stacks of 400 (`Tags.of(table).add`), the policy names none of them.');
  out.push('');
  out.push(table(['tables admitted by one policy: tag mode', 'policy characters', 'same policy as with 1 table', 'synth ms (whole app)'],
    policy.tagMode.map((point) => [point.tables.toLocaleString('en-US'), point.characters.toLocaleString('en-US'), point.sameAsOneTable ? 'yes' : 'NO', fixed(point.ms, 0)])));
  return out;
}

function templateSection({ template }: Measurements): string[] {
  const out: string[] = [];
  out.push('');
  out.push('## Default template against the hand-written one');
  out.push('');
  const types = [...new Set([...Object.keys(template.construct.byType), ...Object.keys(template.handWritten.byType)])].sort();
  const rows = types.map((type) => [type, String(template.construct.byType[type] ?? 0), String(template.handWritten.byType[type] ?? 0)]);
  rows.push(['**resources**', String(template.construct.resources), String(template.handWritten.resources)]);
  rows.push(['**custom resources**', String(template.construct.customResources), String(template.handWritten.customResources)]);
  out.push(table(['resource type', 'PrivateDynamoAccess (default props)', 'bench/hand-written.template.json'], rows));
  out.push('');
  out.push('AWS::CDK::Metadata (the CLI\'s analytics) is not counted. Custom resources in the default template:');
  for (const custom of template.construct.custom) {
    out.push(`- ${custom.logicalId} (${custom.type}, ${custom.path ?? 'no path'}), backed by ${custom.backedBy.join(' and ') || 'nothing in the template'}: ${custom.why}.`);
  }
  out.push('- The hand-written template has none, and so leaves the default security group open: CloudFormation cannot remove its rules.');
  return out;
}

function packageSection({ pack, requireTime }: Measurements): string[] {
  const out: string[] = [];
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
  return out;
}

function goalsSection(goals: Goal[]): string[] {
  return ['', '## Goals', '', table(['goal', 'measured', ''], goals.map((goal) => [goal.goal, goal.measured, goal.met ? 'met' : 'NOT MET']))];
}
