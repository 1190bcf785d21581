import type { Random } from '@contactmesh/core';

/**
 * A draw from the exponential distribution with the given mean (by inverse transform), the law of
 * Poisson inter-arrival times and of the simple handle-time and patience models.
 *
 * @example
 * ```ts
 * const gapMs = exponential(random, 3_600_000 / arrivalsPerHour);
 * ```
 */
export function exponential(random: Random, mean: number): number {
  return -mean * Math.log(1 - random.next());
}

/**
 * A draw spread evenly over [min, max).
 *
 * @example
 * ```ts
 * const answerDelayMs = uniform(random, 1_000, 4_000);
 * ```
 */
export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random.next();
}
