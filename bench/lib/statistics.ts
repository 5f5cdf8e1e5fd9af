/**
 * The statistics of the benchmark: the order in which two variants are measured, and the summaries of
 * their samples. Pure functions on numbers: no I/O, no knowledge of what was measured.
 */

/**
 * The order of the two variants in pair `index`: as given when `index` is even, swapped when odd (ABBA),
 * so that a drift of the machine over the run (load, heat, JIT) hits both variants alike.
 */
export function abbaOrder<T>(index: number, pair: readonly [T, T]): [T, T] {
  return index % 2 === 0 ? [pair[0], pair[1]] : [pair[1], pair[0]];
}

/**
 * The `q` quantile (0 to 1) of `values`, interpolated linearly between the two nearest ranks (as
 * spreadsheets' PERCENTILE.INC and numpy's default do). NaN for no values.
 */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** The median of `values` (the mean of the two middle ones for an even count). NaN for no values. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The median of each list of samples, by key. */
export function medians<K extends string>(samples: Readonly<Record<K, readonly number[]>>): Record<K, number> {
  const entries = Object.entries(samples) as Array<[K, readonly number[]]>;
  return Object.fromEntries(entries.map(([key, values]) => [key, median(values)])) as Record<K, number>;
}

/** The ratio of the medians of two lists of samples: `median(numerators) / median(denominators)`. */
export function ratioOfMedians(numerators: readonly number[], denominators: readonly number[]): number {
  return median(numerators) / median(denominators);
}

/** The ratio of each pair of samples, `numerators[i] / denominators[i]` (samples taken in pairs). */
export function pairedRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  return numerators.map((value, index) => value / denominators[index]);
}
