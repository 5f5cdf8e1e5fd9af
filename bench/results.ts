/**
 * What the benchmark's worker processes report. Types only: at run time `require('./results')` finds
 * `results.json` (Node.js tries `.json` before ts-node's `.ts`), so a value exported here would be
 * undefined; importers use `import type` or type-only names, which the compiler removes.
 */

import type { CustomResourceInfo } from './templates';

export type VariantName = 'construct' | 'hand-built';
export type ShapeName = 'own' | 'shared';
export type NameShapeName = 'random' | 'prefixed';
/** The clients app with the connectivity check on (the default) and with `connectivityCheck: false`. */
export type CheckVariantName = 'check' | 'no-check';
/** How the clients app calls `addEndpointsFor`: once with every client, or once per client. */
export type EndpointCalls = 'once' | 'per-client';

/** A task for `worker.ts`, passed as JSON on the command line. */
export type Task =
  | {
    readonly kind: 'synth-time';
    readonly shape: ShapeName;
    readonly size: number;
    readonly warmup: number;
    /** Timed pairs: at least `minRuns`, then more while under `budgetMs`, at most `maxRuns`. */
    readonly minRuns: number;
    readonly maxRuns: number;
    readonly budgetMs: number;
  }
  | {
    /** The clients app (`buildClientsApp`), the connectivity check on and off: timed like `synth-time`. */
    readonly kind: 'check-time';
    readonly clients: number;
    readonly warmup: number;
    readonly minRuns: number;
    readonly maxRuns: number;
    readonly budgetMs: number;
    /** Timed runs of the app with `addEndpointsFor` called once per client (check on), after the pairs; 0 for none. */
    readonly perClientRuns: number;
  }
  | { readonly kind: 'cold'; readonly variant: VariantName }
  | { readonly kind: 'heap'; readonly shape: ShapeName; readonly size: number; readonly variant: VariantName }
  | { readonly kind: 'loop'; readonly shape: ShapeName; readonly size: number; readonly variant: VariantName; readonly runs: number }
  | { readonly kind: 'policy'; readonly sizes: number[] }
  | { readonly kind: 'template'; readonly handWrittenPath: string };

export interface EquivalenceResult {
  /**
   * `identical`: every stack's template is the same modulo logical ids (analytics resource aside);
   * `identical-but-tags`: the same once resource tags are set aside too (`differences` lists the tags);
   * `different`.
   */
  readonly likeness: 'identical' | 'identical-but-tags' | 'different';
  readonly stacks: number;
  /** Resource counts by type over the whole app, analytics resource aside. */
  readonly constructResources: Record<string, number>;
  readonly handBuiltResources: Record<string, number>;
  /** The first differences found, if any. */
  readonly differences: string[];
}

export interface SynthTimeResult {
  readonly kind: 'synth-time';
  readonly shape: ShapeName;
  readonly size: number;
  readonly warmup: number;
  /** Wall-clock milliseconds of each timed run (build the app + `app.synth()`), in the order run. */
  readonly times: Record<VariantName, number[]>;
  /**
   * CPU milliseconds of each timed run: of the main thread where Linux tells it (`cpuClock:
   * 'main-thread'`), else of the process (user + system). Other processes on the machine disturb it far
   * less than the wall clock.
   */
  readonly cpuTimes: Record<VariantName, number[]>;
  readonly cpuClock: 'main-thread' | 'process';
  readonly equivalence: EquivalenceResult;
}

/** How alike two apps' templates are, stack by stack, modulo logical ids (see `EquivalenceResult`). */
export type Likeness = EquivalenceResult['likeness'];

/** The clients app with the check on against the same app with the check off. */
export interface CheckEquivalenceResult {
  readonly likeness: Likeness;
  readonly stacks: number;
  /** Resource counts by type over the whole app, analytics resource aside. */
  readonly checkResources: Record<string, number>;
  readonly noCheckResources: Record<string, number>;
  readonly differences: string[];
}

export interface CheckTimeResult {
  readonly kind: 'check-time';
  readonly clients: number;
  readonly warmup: number;
  /** Wall-clock milliseconds of each timed run (build the app + `app.synth()`), in the order run. */
  readonly times: Record<CheckVariantName, number[]>;
  /** CPU milliseconds of each timed run, as in `SynthTimeResult`. */
  readonly cpuTimes: Record<CheckVariantName, number[]>;
  readonly cpuClock: 'main-thread' | 'process';
  readonly equivalence: CheckEquivalenceResult;
  /**
   * The warnings the check-on app carries (`cdk synth` shows them; the app is meant to have none). An
   * error fails the worker instead: an app `cdk synth` refuses is not worth timing.
   */
  readonly warnings: string[];
  /** `addEndpointsFor` once per client instead of once for all (check on): information, not a goal. */
  readonly perClient?: {
    readonly times: number[];
    readonly cpuTimes: number[];
    /** Its templates against the app that calls `addEndpointsFor` once. */
    readonly likeness: Likeness;
    readonly differences: string[];
  };
}

export interface HeapResult {
  readonly kind: 'heap';
  readonly shape: ShapeName;
  readonly size: number;
  readonly variant: VariantName;
  /** Heap used after loading the libraries and a full GC, before building anything. */
  readonly baselineHeapBytes: number;
  /** Heap used right after `app.synth()`, before any forced GC. */
  readonly endHeapBytes: number;
  /** Heap used after `app.synth()` and a full GC, with the app still referenced. */
  readonly liveHeapBytes: number;
  /** The process's peak resident set size. */
  readonly maxRssBytes: number;
  /** Milliseconds of the one cold build + synth. */
  readonly ms: number;
}

export interface PolicyPoint {
  readonly tables: number;
  /** Characters of the deployed policy (compact JSON, pseudo parameters resolved); absent on error. */
  readonly characters?: number;
  /** How tables are written: `exact` (table, index/*, stream/*) or `compact` (table, table/*). */
  readonly form?: string;
  /** The first words of the construct's error, when it refused. */
  readonly error?: string;
  /** Build + synth time of that one app, for spotting growth worse than linear (one run, noisy). */
  readonly ms: number;
}

export interface PolicyResult {
  readonly kind: 'policy';
  readonly limit: number;
  readonly environment: { readonly account: string; readonly region: string };
  readonly shapes: Record<NameShapeName, {
    readonly description: string;
    readonly averageNameLength: number;
    readonly points: PolicyPoint[];
    /** The most tables that still fit (binary search between the measured sizes). */
    readonly maxTablesThatFit: number;
    readonly charactersAtMax?: number;
  }>;
  /** `tableTag` instead of `tables`: the app's tables carry the tag, the policy names none of them. */
  readonly tagMode: TagModePoint[];
}

/** The endpoint policy of an app whose `tables` tables carry the construct's `tableTag`. */
export interface TagModePoint {
  readonly tables: number;
  readonly characters: number;
  /** The synth time of the whole app (its data stacks hold the tables). */
  readonly ms: number;
  /** Whether the policy text is the same as with one table. */
  readonly sameAsOneTable: boolean;
}

/** A custom resource of the default template (what backs it, why it is there): see bench/templates.ts. */
export type CustomResourceSummary = CustomResourceInfo;

export interface TemplateSide {
  readonly resources: number;
  readonly customResources: number;
  readonly byType: Record<string, number>;
  readonly custom: CustomResourceSummary[];
}

export interface TemplateResult {
  readonly kind: 'template';
  readonly construct: TemplateSide;
  readonly handWritten: TemplateSide;
}

export interface ColdResult {
  readonly kind: 'cold';
  readonly variant: VariantName;
  /** From `require('aws-cdk-lib')` done to the cloud assembly written: loading what the variant uses, building, synthesizing. */
  readonly ms: number;
  /** The CPU milliseconds of the same. */
  readonly cpuMs: number;
  /** aws-cdk-lib files loaded in that time. */
  readonly awsCdkLibFilesLoaded: number;
}

export interface LoopResult {
  readonly kind: 'loop';
  readonly times: number[];
}

export type WorkerResult = SynthTimeResult | CheckTimeResult | HeapResult | PolicyResult | TemplateResult | LoopResult | ColdResult;
