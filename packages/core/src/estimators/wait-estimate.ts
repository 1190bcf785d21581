import { checkOption } from './check-option.js';
import type { WaitObservations } from './wait-observations.js';

/** An expected wait in seconds with a range around it, and the method that produced it. */
export interface WaitEstimate {
  /** The estimator's name (`ema`, `positional`, `erlangC`, …), shown to customers next to the figure. */
  readonly method: string;
  readonly seconds: number;
  /** `low <= seconds <= high`, all finite and non-negative. */
  readonly low: number;
  readonly high: number;
  /**
   * Set by `erlangC` only: `false` when contacts arrive at least as fast as the staffed agents can
   * handle them, so the queue grows and every new contact waits longer than the last.
   */
  readonly stable?: boolean;
}

/** What an estimator is asked about: one contact's place in the queue, and who can serve it now. */
export interface EstimateInput {
  /** The contact's 1-based position in the queue (1 = next to be served). */
  readonly position: number;
  /** Agents logged in and able to take this skillset (busy or not). */
  readonly staffed: number;
  /** The time of the question (ms). */
  readonly now: number;
}

/** One way of estimating a wait. `undefined` means too little data (or nobody staffed), never a guess. */
export interface WaitEstimator {
  readonly method: string;
  estimate(observations: WaitObservations, input: EstimateInput): WaitEstimate | undefined;
}

/**
 * Throws `CM_ERR_INVALID_OPTION` unless the position is at least 1 and `staffed` is a non-negative
 * integer: those come from the caller's queue, so a bad one is a bug to surface.
 *
 * @example
 * ```ts
 * checkEstimateInput({ position: 3, staffed: 5, now: 0 });
 * ```
 */
export function checkEstimateInput(input: EstimateInput): void {
  checkOption('position', input.position, (p) => p >= 1, 'a 1-based queue position');
  checkOption('staffed', input.staffed, (n) => Number.isInteger(n) && n >= 0, 'a non-negative whole number of agents');
  checkOption('now', input.now, () => true, 'a time in milliseconds');
}

/**
 * An estimate of `seconds` with the range `seconds ± halfWidth`, cut off at zero.
 *
 * @example
 * ```ts
 * around('ema', 60, 15); // { method: 'ema', seconds: 60, low: 45, high: 75 }
 * ```
 */
export function around(method: string, seconds: number, halfWidth: number): WaitEstimate {
  return { method, seconds, low: Math.max(0, seconds - halfWidth), high: seconds + halfWidth };
}
