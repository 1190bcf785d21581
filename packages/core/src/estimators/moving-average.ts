/**
 * An exponential moving average of a series of samples and of their absolute deviations from it:
 * the typical value and how far a sample typically strays from it.
 */
export interface MovingAverage {
  /** The smoothed value. */
  readonly mean: number;
  /** The smoothed absolute deviation of a sample from the mean before it (same unit as `mean`). */
  readonly deviation: number;
  /** How many samples went in. */
  readonly count: number;
}

/**
 * The weight of the newest sample when the weight of a sample should halve after `halfLife` newer ones.
 *
 * @example
 * ```ts
 * alphaForHalfLife(1); // 0.5
 * ```
 */
export function alphaForHalfLife(halfLife: number): number {
  return 1 - 2 ** (-1 / halfLife);
}

/**
 * Adds one sample. The first samples are averaged plainly (weight `1/count`) until that weight falls
 * to `alpha`: a plain EMA seeded with its first sample would keep a deviation near zero for a long
 * while and so show a falsely narrow range.
 *
 * @example
 * ```ts
 * const avg = addSample(addSample(undefined, 10, 0.1), 20, 0.1); // { mean: 15, deviation: 5, count: 2 }
 * ```
 */
export function addSample(average: MovingAverage | undefined, sample: number, alpha: number): MovingAverage {
  if (average === undefined) return { mean: sample, deviation: 0, count: 1 };
  const count = average.count + 1;
  const weight = Math.max(alpha, 1 / count);
  return {
    mean: average.mean + weight * (sample - average.mean),
    deviation: average.deviation + weight * (Math.abs(sample - average.mean) - average.deviation),
    count,
  };
}
