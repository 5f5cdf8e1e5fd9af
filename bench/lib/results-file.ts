import type { CheckFigures, Figures, Measurements } from './figures';

/**
 * The content of `bench/results.json`: the machine, every run's raw time and every worker's result, with
 * the figures derived from them. NaN (a figure not measured) is written as null.
 */
export function resultsJson(measurements: Measurements, figures: Figures): unknown {
  const { machine, loadAverageAtEnd, build, seconds, plan, colds, heaps, policy, template, pack, requireTime } = measurements;
  return {
    machine: { ...machine, loadAverageAtEnd },
    build,
    seconds: Math.round(seconds),
    quick: plan.quick,
    synth: figures.apps.map(({ app, medianCpuMs, medianWallMs, cpuRatio, wallRatio }) => ({
      label: app.label,
      shape: app.shape,
      size: app.size,
      warmup: app.warmup,
      budgetSeconds: app.budgetSeconds,
      runs: app.result.times.construct.length,
      medianCpuMs,
      medianWallMs,
      cpuRatio,
      wallRatio,
      cpuClock: app.result.cpuClock,
      cpuTimes: app.result.cpuTimes,
      wallTimes: app.result.times,
      equivalence: app.result.equivalence,
    })),
    check: checkJson(figures.check),
    extraMsPerAccess: figures.extraMsPerAccess,
    cold: {
      samples: figures.cold.samples,
      medianCpuMs: figures.cold.medianCpuMs,
      medianWallMs: figures.cold.medianWallMs,
      cpuRatio: figures.cold.cpuRatio,
      runs: colds,
    },
    heap: heaps,
    policy,
    template,
    pack,
    require: requireTime,
    goals: figures.goals,
  };
}

/** The connectivity check's app: its figures and every run's time. */
export function checkJson(check: CheckFigures): unknown {
  const { app } = check;
  return {
    label: app.label,
    clients: app.clients,
    warmup: app.warmup,
    budgetSeconds: app.budgetSeconds,
    runs: app.result.times.check.length,
    medianCpuMs: check.medianCpuMs,
    medianWallMs: check.medianWallMs,
    cpuRatio: check.cpuRatio,
    wallRatio: check.wallRatio,
    pairedCpuRatioP25: check.pairedCpuRatioP25,
    pairedCpuRatioP75: check.pairedCpuRatioP75,
    extraCpuMsPerClient: check.extraCpuMsPerClient,
    cpuClock: app.result.cpuClock,
    cpuTimes: app.result.cpuTimes,
    wallTimes: app.result.times,
    equivalence: app.result.equivalence,
    warnings: app.result.warnings,
    perClient: { ...check.perClient, result: app.result.perClient },
  };
}
