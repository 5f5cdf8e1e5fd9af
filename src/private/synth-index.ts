import { CfnResource, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isVpcEndpointResource } from './dynamodb-service';

/*
 * One walk of the app per validation pass, shared by every check of every access. Internal module, and
 * the only owner of the index's lifetime.
 *
 * Each access's validation needs the whole app (its endpoints, routes, rules, grants and clients).
 * Walking the tree in each of them makes synthesis quadratic in the number of accesses, so they share
 * one index per pass, built by the first validation that asks for it. CDK validates one Stage at a time,
 * after aspects and `prepare`, when the tree no longer changes; the index is kept per Stage (the App for
 * most apps), and a new pass is recognized without counting anything: an access that asks again (a
 * repeated `synth()`), or one that the index has not seen (added since), gets a fresh index.
 */

/** What one validation pass over a Stage knows of the app. */
export class SynthIndex {
  /** Every construct of the Stage, in tree order (nested stages included, as `findAll` gives them). */
  public readonly constructs: IConstruct[];
  private readonly known: Set<IConstruct>;
  private readonly served = new Set<IConstruct>();
  private readonly cache = new Map<string, unknown>();
  private appEndpoints?: CfnResource[];

  /** The Stage (or App) the pass validates. */
  constructor(public readonly scope: IConstruct) {
    this.constructs = scope.node.findAll();
    this.known = new Set(this.constructs);
  }

  /** Every `AWS::EC2::VPCEndpoint` resource of the whole app (from its root, across Stages). */
  public appVpcEndpoints(): CfnResource[] {
    if (this.appEndpoints === undefined) {
      const root = this.scope.node.root;
      const all = root === this.scope ? this.constructs : root.node.findAll();
      this.appEndpoints = all.filter(isVpcEndpointResource);
    }
    return this.appEndpoints;
  }

  /** A value derived from the index, computed once per pass (the connectivity check's facts, ...). */
  public derived<T>(name: string, compute: (index: SynthIndex) => T): T {
    if (!this.cache.has(name)) {
      this.cache.set(name, compute(this));
    }
    return this.cache.get(name) as T;
  }

  /** Whether the index belongs to the pass in which `asker` validates now. */
  public servesPassOf(asker: IConstruct): boolean {
    return this.known.has(asker) && !this.served.has(asker);
  }

  public markServed(asker: IConstruct): void {
    this.served.add(asker);
  }
}

const INDEXES = new WeakMap<IConstruct, SynthIndex>();

/** The index of the pass in which `asker` (an access construct) validates. */
export function synthIndexFor(asker: IConstruct): SynthIndex {
  const scope: IConstruct = Stage.of(asker) ?? asker.node.root;
  let index = INDEXES.get(scope);
  if (index === undefined || !index.servesPassOf(asker)) {
    index = new SynthIndex(scope);
    INDEXES.set(scope, index);
  }
  index.markServed(asker);
  return index;
}
