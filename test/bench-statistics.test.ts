import { abbaOrder, median, medians, pairedRatios, quantile, ratioOfMedians } from '../bench/lib/statistics';

/* The benchmark's statistics (bench/lib/statistics.ts): pure functions, tested on their own. */

describe('abbaOrder', () => {
  test('alternates the two variants pair by pair: A B, B A, A B, B A', () => {
    // GIVEN two variants WHEN the orders of four pairs are taken
    const orders = [0, 1, 2, 3].map((index) => abbaOrder(index, ['construct', 'hand-built']));
    // THEN the first goes first in even pairs and second in odd ones, so each runs first as often as the other
    expect(orders).toEqual([
      ['construct', 'hand-built'],
      ['hand-built', 'construct'],
      ['construct', 'hand-built'],
      ['hand-built', 'construct'],
    ]);
  });

  test('returns a new pair, never the one given', () => {
    // GIVEN a pair WHEN an even pair's order is taken and changed THEN the given pair is unchanged
    const pair: [string, string] = ['a', 'b'];
    abbaOrder(0, pair).reverse();
    expect(pair).toEqual(['a', 'b']);
  });
});

describe('quantile and median', () => {
  test('interpolate linearly between the nearest ranks, whatever the order of the samples', () => {
    // GIVEN unsorted samples 10, 20, 30, 40, 50 (sorted ranks 0 to 4)
    const samples = [40, 10, 50, 30, 20];
    // WHEN quantiles are taken THEN they fall on ranks (q × 4) and between them
    expect(quantile(samples, 0)).toBe(10);
    expect(quantile(samples, 0.25)).toBe(20);
    expect(quantile(samples, 0.5)).toBe(30);
    expect(quantile(samples, 0.75)).toBe(40);
    expect(quantile(samples, 1)).toBe(50);
    expect(quantile(samples, 0.1)).toBeCloseTo(14, 10);
    // AND the samples are not reordered
    expect(samples).toEqual([40, 10, 50, 30, 20]);
  });

  test('the median of an even count is the mean of the two middle samples', () => {
    // GIVEN four samples WHEN their median is taken THEN it lies halfway between the second and the third
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // AND one sample is its own median
    expect(median([7])).toBe(7);
  });

  test('no samples give NaN, which no goal can meet', () => {
    // GIVEN no samples WHEN their median is taken THEN it is NaN, and NaN <= 1.1 is false
    expect(median([])).toBeNaN();
    expect(median([]) <= 1.1).toBe(false);
  });
});

describe('medians and ratios', () => {
  test('medians keeps the keys and their order', () => {
    // GIVEN samples by variant WHEN their medians are taken THEN each key has its median, in the same order
    const result = medians({ 'construct': [3, 1, 2], 'hand-built': [10, 30] });
    expect(result).toEqual({ 'construct': 2, 'hand-built': 20 });
    expect(Object.keys(result)).toEqual(['construct', 'hand-built']);
  });

  test('the ratio of medians is not the median of the pairwise ratios', () => {
    // GIVEN paired samples where one pair is an outlier
    const construct = [10, 12, 100];
    const handBuilt = [10, 10, 10];
    // WHEN both ratios are computed
    // THEN the ratio of medians is 12 / 10, and the pairwise ratios are each pair's quotient, in order
    expect(ratioOfMedians(construct, handBuilt)).toBeCloseTo(1.2, 10);
    expect(pairedRatios(construct, handBuilt)).toEqual([1, 1.2, 10]);
  });
});
