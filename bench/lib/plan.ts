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

export interface BenchPlan {
  readonly quick: boolean;
  /** The apps timed and heap-measured, in the report's order. */
  readonly apps: AppPlan[];
  /** Fresh processes per variant for the cold synth of one access. */
  readonly coldSamples: number;
  /** Fresh processes of each kind for the `require()` time. */
  readonly requireSamples: number;
  /** Numbers of tables of the endpoint-policy measurements. */
  readonly policySizes: number[];
}

export function benchPlan(quick: boolean): BenchPlan {
  const apps: AppPlan[] = [
    { label: '1 access (default props)', shape: 'own', size: 1, warmup: 5, minRuns: 30, maxRuns: 30, budgetSeconds: 60 },
    { label: '10 accesses, each on its own VPC', shape: 'own', size: 10, warmup: 2, minRuns: 20, maxRuns: 20, budgetSeconds: 60 },
    { label: '100 accesses, each on its own VPC', shape: 'own', size: 100, warmup: 1, minRuns: 5, maxRuns: 20, budgetSeconds: 45 },
    { label: '100 accesses on one imported VPC', shape: 'shared', size: 100, warmup: 2, minRuns: 10, maxRuns: 20, budgetSeconds: 20 },
  ];
  return {
    quick,
    apps: quick ? apps.map((app) => ({ ...app, warmup: 1, minRuns: 3, maxRuns: 3 })) : apps,
    coldSamples: quick ? 2 : 7,
    requireSamples: quick ? 2 : 5,
    policySizes: [1, 10, 100, 500, 1_000, 2_000],
  };
}
