import type { BuildInfo } from './compile';
import { fixed, kb } from './format';
import type { MachineInfo } from './machine';
import type { PackInfo } from './pack';
import type { AppPlan, BenchPlan, CheckAppPlan } from './plan';
import type { RequireTimes } from './require-time';
import { median, medians, pairedRatios, quantile, ratioOfMedians } from './statistics';
import type { MeasuredHeap } from './workers';
import { PACKAGE_BUDGET_BYTES } from '../../projenrc/release';
import type { CheckTimeResult, CheckVariantName, ColdResult, PolicyResult, SynthTimeResult, TemplateResult, VariantName } from '../results';

/**
 * The figures of a run, derived from its raw measurements: each app's medians and ratios, the growth of
 * the construct's cost per access, the connectivity check's app, the cold synth, the goals judged, and
 * what makes the run invalid.
 * Both the Markdown report and `bench/results.json` show these. No I/O.
 */

/** An app shape with the result of its timing worker. */
export type TimedApp = AppPlan & { readonly result: SynthTimeResult };

/** The clients app of the connectivity check with the result of its timing worker. */
export type TimedCheckApp = CheckAppPlan & { readonly result: CheckTimeResult };

/** What every run records, whatever it measures: the plan, the machine, the build, the time taken. */
export interface RunInfo {
  readonly plan: BenchPlan;
  readonly machine: MachineInfo;
  readonly loadAverageAtEnd: number[];
  readonly build: BuildInfo;
  /** Seconds the whole run took. */
  readonly seconds: number;
}

/** Everything a run collected. */
export interface Measurements extends RunInfo {
  readonly synth: TimedApp[];
  readonly check: TimedCheckApp;
  readonly colds: ColdResult[];
  readonly heaps: MeasuredHeap[];
  readonly policy: PolicyResult;
  readonly template: TemplateResult;
  readonly pack: PackInfo;
  readonly requireTime: RequireTimes;
}

/**
 * What the construct should cost at most: CPU ratios to the hand-built equivalent, the connectivity check's
 * CPU ratio to the same app without it (issue 18), and the tarball's bytes (the package budget that the
 * build itself checks, projenrc/package-budget.ts).
 */
export const GOALS = { synthRatio: 1.10, scaleRatio: 1.10, checkRatio: 1.10, tarballBytes: PACKAGE_BUDGET_BYTES };

export interface AppFigures {
  readonly app: TimedApp;
  readonly medianCpuMs: Record<VariantName, number>;
  readonly medianWallMs: Record<VariantName, number>;
  /** Construct ÷ hand-built, of the median CPU times. */
  readonly cpuRatio: number;
  readonly wallRatio: number;
  /** The 25th and 75th percentiles of the CPU ratios of each alternating pair: the noise. */
  readonly pairedCpuRatioP25: number;
  readonly pairedCpuRatioP75: number;
  /** (construct − hand-built median CPU ms) ÷ accesses. */
  readonly extraCpuMsPerAccess: number;
}

export interface CheckFigures {
  readonly app: TimedCheckApp;
  readonly medianCpuMs: Record<CheckVariantName, number>;
  readonly medianWallMs: Record<CheckVariantName, number>;
  /** Check ÷ no-check, of the median CPU times. */
  readonly cpuRatio: number;
  readonly wallRatio: number;
  /** The 25th and 75th percentiles of the CPU ratios of each alternating pair: the noise. */
  readonly pairedCpuRatioP25: number;
  readonly pairedCpuRatioP75: number;
  /** (check − no-check median CPU ms) ÷ clients. */
  readonly extraCpuMsPerClient: number;
  /** The app with `addEndpointsFor` once per client (check on), for information; NaN when not measured. */
  readonly perClient: {
    readonly runs: number;
    readonly medianCpuMs: number;
    readonly medianWallMs: number;
    /** Its median CPU time ÷ the check-on app's (`addEndpointsFor` once). */
    readonly cpuRatioToOnce: number;
  };
}

export interface ColdFigures {
  /** Fresh processes per variant. */
  readonly samples: number;
  readonly medianCpuMs: Record<VariantName, number>;
  readonly medianWallMs: Record<VariantName, number>;
  readonly medianAwsCdkLibFilesLoaded: Record<VariantName, number>;
  readonly cpuRatio: number;
  readonly wallRatio: number;
}

export interface Goal {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface Figures {
  readonly apps: AppFigures[];
  readonly check: CheckFigures;
  /** The construct's extra CPU ms per access in the apps of 1, 10 and 100 accesses on their own VPCs (NaN when not measured). */
  readonly extraMsPerAccess: { readonly 1: number; readonly 10: number; readonly 100: number };
  /** The extra per access at 100 ÷ at 10: ×1 is linear growth, ×10 quadratic. */
  readonly growth: number;
  readonly cold: ColdFigures;
  readonly goals: Goal[];
  /** Why the figures are not valid (the two variants do not build the same templates); empty when they are. */
  readonly invalid: string[];
}

function appFigures(app: TimedApp): AppFigures {
  const { cpuTimes, times } = app.result;
  const paired = pairedRatios(cpuTimes.construct, cpuTimes['hand-built']);
  const medianCpuMs = medians(cpuTimes);
  return {
    app,
    medianCpuMs,
    medianWallMs: medians(times),
    cpuRatio: ratioOfMedians(cpuTimes.construct, cpuTimes['hand-built']),
    wallRatio: ratioOfMedians(times.construct, times['hand-built']),
    pairedCpuRatioP25: quantile(paired, 0.25),
    pairedCpuRatioP75: quantile(paired, 0.75),
    extraCpuMsPerAccess: (medianCpuMs.construct - medianCpuMs['hand-built']) / app.size,
  };
}

/** The figures of the connectivity check's app: check on against off, and the per-client `addEndpointsFor` app. */
export function checkFigures(app: TimedCheckApp): CheckFigures {
  const { cpuTimes, times, perClient } = app.result;
  const paired = pairedRatios(cpuTimes.check, cpuTimes['no-check']);
  const medianCpuMs = medians(cpuTimes);
  const perClientCpuMs = median(perClient?.cpuTimes ?? []);
  return {
    app,
    medianCpuMs,
    medianWallMs: medians(times),
    cpuRatio: ratioOfMedians(cpuTimes.check, cpuTimes['no-check']),
    wallRatio: ratioOfMedians(times.check, times['no-check']),
    pairedCpuRatioP25: quantile(paired, 0.25),
    pairedCpuRatioP75: quantile(paired, 0.75),
    extraCpuMsPerClient: (medianCpuMs.check - medianCpuMs['no-check']) / app.clients,
    perClient: {
      runs: perClient?.cpuTimes.length ?? 0,
      medianCpuMs: perClientCpuMs,
      medianWallMs: median(perClient?.times ?? []),
      cpuRatioToOnce: perClientCpuMs / medianCpuMs.check,
    },
  };
}

/** The connectivity check's goal, judged on the CPU ratio (NaN, not measured, is not met). */
export function checkGoal(check: CheckFigures): Goal {
  return {
    goal: `connectivity check at ${check.app.clients} clients with 5 granted services each ≤ ${GOALS.checkRatio.toFixed(2)}× the app without it (CPU)`,
    measured: `${fixed(check.cpuRatio, 3)}×`,
    met: check.cpuRatio <= GOALS.checkRatio,
  };
}

/**
 * Why the connectivity check's figures are not valid: the two variants build different templates, or the
 * check-on app carries warnings (it is meant to be clean, so that the check's cost is that of a clean app).
 */
export function checkInvalid(check: CheckFigures): string[] {
  const { app } = check;
  const invalid: string[] = [];
  if (app.result.equivalence.likeness === 'different') {
    invalid.push(`${app.label}: the app with and without the check do not build the same templates (${app.result.equivalence.differences.join('; ')})`);
  }
  if (app.result.warnings.length > 0) {
    invalid.push(`${app.label}: the check-on app is not clean, ${app.result.warnings.length} warnings (the first: ${app.result.warnings.slice(0, 3).join(' | ')})`);
  }
  return invalid;
}

function coldFigures(colds: ColdResult[]): ColdFigures {
  const of = (variant: VariantName) => colds.filter((cold) => cold.variant === variant);
  const byVariant = (value: (cold: ColdResult) => number): Record<VariantName, number> =>
    ({ 'construct': median(of('construct').map(value)), 'hand-built': median(of('hand-built').map(value)) });
  const medianCpuMs = byVariant((cold) => cold.cpuMs);
  const medianWallMs = byVariant((cold) => cold.ms);
  return {
    samples: of('construct').length,
    medianCpuMs,
    medianWallMs,
    medianAwsCdkLibFilesLoaded: byVariant((cold) => cold.awsCdkLibFilesLoaded),
    cpuRatio: medianCpuMs.construct / medianCpuMs['hand-built'],
    wallRatio: medianWallMs.construct / medianWallMs['hand-built'],
  };
}

function judgeGoals(apps: AppFigures[], check: CheckFigures, template: TemplateResult, pack: PackInfo): Goal[] {
  const ratio = (found: AppFigures | undefined) => found?.cpuRatio ?? NaN;
  const single = ratio(apps.find(({ app }) => app.shape === 'own' && app.size === 1));
  const hundred = ratio(apps.find(({ app }) => app.shape === 'own' && app.size === 100));
  const shared = ratio(apps.find(({ app }) => app.shape === 'shared'));
  const unexpected = template.construct.custom.filter((custom) => !custom.expected);
  return [
    { goal: `synth ≤ ${GOALS.synthRatio.toFixed(2)}× hand-built (1 access, CPU)`, measured: `${fixed(single, 3)}×`, met: single <= GOALS.synthRatio },
    { goal: `100 accesses ≤ ${GOALS.scaleRatio.toFixed(2)}× hand-built (own VPCs, CPU)`, measured: `${fixed(hundred, 3)}×`, met: hundred <= GOALS.scaleRatio },
    { goal: `100 accesses ≤ ${GOALS.scaleRatio.toFixed(2)}× hand-built (one imported VPC, CPU)`, measured: `${fixed(shared, 3)}×`, met: shared <= GOALS.scaleRatio },
    checkGoal(check),
    { goal: `tarball ≤ ${kb(GOALS.tarballBytes)} (clean build; the package budget)`, measured: kb(pack.clean.size), met: pack.clean.size <= GOALS.tarballBytes },
    {
      goal: 'no custom resource in the default template but aws-cdk-lib\'s default-security-group restriction',
      measured: template.construct.custom.map((custom) => custom.type).join(', ') || 'none',
      met: unexpected.length === 0,
    },
  ];
}

export function figuresOf(measurements: Measurements): Figures {
  const apps = measurements.synth.map(appFigures);
  const check = checkFigures(measurements.check);
  const extraPerAccess = (size: number) => apps.find(({ app }) => app.shape === 'own' && app.size === size)?.extraCpuMsPerAccess ?? NaN;
  const extraMsPerAccess = { 1: extraPerAccess(1), 10: extraPerAccess(10), 100: extraPerAccess(100) };
  const invalid = apps
    .filter(({ app }) => app.result.equivalence.likeness === 'different')
    .map(({ app }) => `${app.label}: the two variants do not build the same template (${app.result.equivalence.differences.join('; ')})`)
    .concat(checkInvalid(check));
  return {
    apps,
    check,
    extraMsPerAccess,
    growth: extraMsPerAccess[100] / extraMsPerAccess[10],
    cold: coldFigures(measurements.colds),
    goals: judgeGoals(apps, check, measurements.template, measurements.pack),
    invalid,
  };
}
