import type { ShapeName } from '../results';

/**
 * What a run measures and how often: the app shapes timed (and heap-measured), the fresh processes of the
 * cold synth and of `require()`, the table counts of the endpoint policy. `--quick` is for trying the
 * script, not for figures.
 */

/**
 * One app shape, timed in one worker process: warm-up pairs, then pairs of alternating runs, at least
 * `minRuns`, then more while the app's time budget lasts, at most `maxRuns`; that keeps the whole
 * benchmark under five minutes on 2 cores even when the construct is slow.
 */
export interface AppPlan {
  readonly label: string;
  readonly shape: ShapeName;
  readonly size: number;
  readonly warmup: number;
  readonly minRuns: number;
  readonly maxRuns: number;
  readonly budgetSeconds: number;
}

/**
 * The connectivity check's cost: the clients app (`buildClientsApp` in scenarios.ts) with the check on
 * against the same app with the check off, timed in one worker process like an `AppPlan`.
 */
export interface CheckAppPlan {
  readonly label: string;
  /** Lambda functions, each granted the table and 5 other services, in application stacks of 50. */
  readonly clients: number;
  readonly warmup: number;
  readonly minRuns: number;
  readonly maxRuns: number;
  readonly budgetSeconds: number;
  /** Timed runs of the same app with `addEndpointsFor` called once per client (information only). */
  readonly perClientRuns: number;
}

export interface BenchPlan {
  readonly quick: boolean;
  /** `--only-check`: only the connectivity check's app is measured (no results.json is written). */
  readonly onlyCheck: boolean;
  /** The apps timed and heap-measured, in the report's order (none with `onlyCheck`). */
  readonly apps: AppPlan[];
  /** The clients app of the connectivity check. */
  readonly check: CheckAppPlan;
  /** Fresh processes per variant for the cold synth of one access. */
  readonly coldSamples: number;
  /** Fresh processes of each kind for the `require()` time. */
  readonly requireSamples: number;
  /** Numbers of tables of the endpoint-policy measurements. */
  readonly policySizes: number[];
}

/** The plan of a run: `--quick` (few runs, 40 clients), `--only-check` (only the connectivity check's app). */
export function benchPlan(quick: boolean, onlyCheck = false): BenchPlan {
  const apps: AppPlan[] = [
    { label: '1 access (default props)', shape: 'own', size: 1, warmup: 5, minRuns: 30, maxRuns: 30, budgetSeconds: 60 },
    { label: '10 accesses, each on its own VPC', shape: 'own', size: 10, warmup: 2, minRuns: 20, maxRuns: 20, budgetSeconds: 60 },
    { label: '100 accesses, each on its own VPC', shape: 'own', size: 100, warmup: 1, minRuns: 5, maxRuns: 20, budgetSeconds: 45 },
    { label: '100 accesses on one imported VPC', shape: 'shared', size: 100, warmup: 2, minRuns: 10, maxRuns: 20, budgetSeconds: 20 },
  ];
  // 400 clients: about 3 s of CPU per synth of either variant, so 5 to 10 pairs
  const check: CheckAppPlan = {
    label: '400 clients, 5 granted services each', clients: 400, warmup: 1, minRuns: 5, maxRuns: 10, budgetSeconds: 60, perClientRuns: 3,
  };
  const quickApps = apps.map((app) => ({ ...app, warmup: 1, minRuns: 3, maxRuns: 3 }));
  return {
    quick,
    onlyCheck,
    apps: onlyCheck ? [] : quick ? quickApps : apps,
    check: quick ? { ...check, label: '40 clients, 5 granted services each', clients: 40, minRuns: 3, maxRuns: 3, perClientRuns: 1 } : check,
    coldSamples: quick ? 2 : 7,
    requireSamples: quick ? 2 : 5,
    policySizes: [1, 10, 100, 500, 1_000, 2_000],
  };
}
