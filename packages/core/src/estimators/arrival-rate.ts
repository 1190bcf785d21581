/**
 * An exponentially weighted arrival count: every arrival adds 1 and the total decays with a time
 * constant `tau`, so old arrivals fade out without keeping any of them. Times are milliseconds.
 */
export interface ArrivalRate {
  /** The decayed count as of `at`. */
  readonly weight: number;
  /** The time `weight` is valid at (the latest arrival seen). */
  readonly at: number;
  /** How many arrivals went in (undecayed). */
  readonly count: number;
}

/**
 * Adds one arrival at `at`. Arrivals may come slightly out of order; an older one is decayed to the
 * current `at` instead of moving time backwards.
 *
 * @example
 * ```ts
 * const rate = addArrival(addArrival(undefined, 0, 60_000), 1_000, 60_000);
 * ```
 */
export function addArrival(rate: ArrivalRate | undefined, at: number, tauMs: number): ArrivalRate {
  if (rate === undefined) return { weight: 1, at, count: 1 };
  if (at >= rate.at) return { weight: rate.weight * Math.exp(-(at - rate.at) / tauMs) + 1, at, count: rate.count + 1 };
  return { weight: rate.weight + Math.exp(-(rate.at - at) / tauMs), at: rate.at, count: rate.count + 1 };
}

/**
 * Arrivals per second at `now`, observed since `since`. Dividing the decayed count by the decayed
 * length of the observation (`tau·(1 − e^(−T/tau))`) makes the estimate unbiased for a steady
 * Poisson stream however long it has been watched. `undefined` before any time has passed.
 *
 * @example
 * ```ts
 * arrivalsPerSecond(rate, { since: 0, now: 60_000, tauMs: 600_000 });
 * ```
 */
export function arrivalsPerSecond(rate: ArrivalRate, window: { since: number; now: number; tauMs: number }): number | undefined {
  const { since, now, tauMs } = window;
  const exposureMs = tauMs * -Math.expm1(-Math.max(0, now - since) / tauMs);
  if (!(exposureMs > 0)) return undefined;
  const weight = rate.weight * Math.exp(-Math.max(0, now - rate.at) / tauMs);
  return weight / (exposureMs / 1_000);
}
