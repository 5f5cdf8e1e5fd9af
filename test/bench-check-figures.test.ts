import { GOALS, TimedCheckApp, checkFigures, checkGoal, checkInvalid } from '../bench/lib/figures';
import { benchPlan } from '../bench/lib/plan';
import type { CheckTimeResult } from '../bench/results';

/*
 * The connectivity check's row of the benchmark (bench/lib/figures.ts, bench/lib/plan.ts): the figures
 * made of a worker's result, the goal judged on them, what makes them invalid, and what a run measures.
 * Pure functions on numbers, tested on made-up results.
 */

/** A worker's result for `clients` clients: identical templates, no warning, no per-client runs, unless overridden. */
function timedCheckApp(result: Partial<CheckTimeResult>, clients = 400): TimedCheckApp {
  const plan = benchPlan(false).check;
  return {
    ...plan,
    clients,
    result: {
      kind: 'check-time',
      clients,
      warmup: plan.warmup,
      cpuClock: 'main-thread',
      times: { 'check': [], 'no-check': [] },
      cpuTimes: { 'check': [], 'no-check': [] },
      equivalence: { likeness: 'identical', stacks: 9, checkResources: { 'AWS::Lambda::Function': clients }, noCheckResources: { 'AWS::Lambda::Function': clients }, differences: [] },
      warnings: [],
      ...result,
    },
  };
}

describe('checkFigures and checkGoal', () => {
  test('the ratio is the check app\'s median CPU time over the app\'s without the check, and the goal is met up to 1.10', () => {
    // GIVEN three alternating pairs, the check 10 % slower in the median pair
    const app = timedCheckApp({
      cpuTimes: { 'check': [3300, 3200, 3400], 'no-check': [3000, 3100, 2900] },
      times: { 'check': [6600, 6400, 6800], 'no-check': [6000, 6200, 5800] },
    });
    // WHEN its figures are made
    const figures = checkFigures(app);
    // THEN the medians are per variant, the ratio is of the medians (3300 / 3000), the noise is of the pairwise ratios
    expect(figures.medianCpuMs).toEqual({ 'check': 3300, 'no-check': 3000 });
    expect(figures.cpuRatio).toBeCloseTo(1.1, 10);
    expect(figures.wallRatio).toBeCloseTo(1.1, 10);
    expect(figures.pairedCpuRatioP25).toBeCloseTo((3200 / 3100 + 3300 / 3000) / 2, 10);
    expect(figures.pairedCpuRatioP75).toBeCloseTo((3300 / 3000 + 3400 / 2900) / 2, 10);
    // AND the extra cost is spread over the 400 clients
    expect(figures.extraCpuMsPerClient).toBeCloseTo(300 / 400, 10);
    // AND 1.10 meets the goal of 1.10, named with the number of clients
    expect(GOALS.checkRatio).toBe(1.10);
    expect(checkGoal(figures)).toEqual({
      goal: 'connectivity check at 400 clients with 5 granted services each ≤ 1.10× the app without it (CPU)',
      measured: '1.100×',
      met: true,
    });
  });

  test('a ratio over 1.10 does not meet the goal, and neither does a run that timed nothing', () => {
    // GIVEN a check 20 % slower, and a result without runs
    const slow = checkFigures(timedCheckApp({ cpuTimes: { 'check': [1200], 'no-check': [1000] } }));
    const empty = checkFigures(timedCheckApp({}));
    // WHEN the goal is judged THEN neither meets it
    expect(checkGoal(slow)).toMatchObject({ measured: '1.200×', met: false });
    expect(empty.cpuRatio).toBeNaN();
    expect(checkGoal(empty).met).toBe(false);
  });

  test('the per-client app is compared with the check app that calls addEndpointsFor once, and is NaN when not measured', () => {
    // GIVEN a check app of median 3000 CPU ms and three runs of the per-client app
    const app = timedCheckApp({
      cpuTimes: { 'check': [3000], 'no-check': [2900] },
      perClient: { cpuTimes: [4600, 4400, 4500], times: [9000, 8000, 8500], likeness: 'identical', differences: [] },
    });
    // WHEN its figures are made THEN the per-client app's median is 4500, 1.5 times the check app's
    expect(checkFigures(app).perClient).toEqual({ runs: 3, medianCpuMs: 4500, medianWallMs: 8500, cpuRatioToOnce: 1.5 });
    // AND without per-client runs there are none, and no figure
    const without = checkFigures(timedCheckApp({ cpuTimes: { 'check': [3000], 'no-check': [2900] } })).perClient;
    expect(without.runs).toBe(0);
    expect(without.medianCpuMs).toBeNaN();
  });
});

describe('checkInvalid', () => {
  test('identical templates and a clean check-on app are valid', () => {
    // GIVEN the default made-up result WHEN judged THEN nothing makes it invalid
    expect(checkInvalid(checkFigures(timedCheckApp({ cpuTimes: { 'check': [1], 'no-check': [1] } })))).toEqual([]);
  });

  test('different templates, or warnings on the check-on app, make the figures invalid and say why', () => {
    // GIVEN a result whose variants differ and whose check-on app carries a warning
    const app = timedCheckApp({
      equivalence: { likeness: 'different', stacks: 9, checkResources: {}, noCheckResources: {}, differences: ['BenchClients0: 451 against 450 resources'] },
      warnings: ['/BenchClients0/Fn0/Resource: sqs: no endpoint'],
    });
    // WHEN judged THEN both are named, with what was found
    expect(checkInvalid(checkFigures(app))).toEqual([
      expect.stringContaining('do not build the same templates (BenchClients0: 451 against 450 resources)'),
      expect.stringContaining('1 warnings (the first: /BenchClients0/Fn0/Resource: sqs: no endpoint)'),
    ]);
  });
});

describe('benchPlan: the connectivity check\'s app', () => {
  test('a full run measures 400 clients, --quick 40, and --only-check nothing else', () => {
    // GIVEN the three kinds of run WHEN planned
    const full = benchPlan(false);
    const quick = benchPlan(true);
    const onlyCheck = benchPlan(false, true);
    // THEN the full run measures 400 clients (issue 18) besides the other apps, with per-client runs for information
    expect(full.check).toMatchObject({ clients: 400, label: '400 clients, 5 granted services each' });
    expect(full.check.perClientRuns).toBeGreaterThan(0);
    expect(full.apps.length).toBeGreaterThan(0);
    // AND --quick 40, in 3 pairs
    expect(quick.check).toMatchObject({ clients: 40, minRuns: 3, maxRuns: 3, label: '40 clients, 5 granted services each' });
    // AND --only-check the same 400 clients and no other app
    expect(onlyCheck.check).toEqual(full.check);
    expect(onlyCheck.apps).toEqual([]);
    expect(onlyCheck.onlyCheck).toBe(true);
  });
});
