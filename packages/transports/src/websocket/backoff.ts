import type { Random } from '@contactmesh/core';

/** How a client waits between reconnection attempts. */
export interface BackoffOptions {
  /** Delay ceiling of the first attempt, in ms. Default 100. */
  readonly initialDelayMs?: number;
  /** The ceiling never grows past this, in ms. Default 10,000. */
  readonly maxDelayMs?: number;
}

/** The reconnection defaults: 100 ms, doubling, capped at 10 s. */
export const defaultBackoff = { initialDelayMs: 100, maxDelayMs: 10_000 } as const;

/**
 * The delay before reconnection attempt `attempt` (0 for the first): the ceiling doubles per attempt
 * up to `maxDelayMs`, and the delay is drawn from [ceiling / 2, ceiling] so that clients cut off
 * together do not all come back in the same millisecond.
 *
 * @example
 * ```ts
 * backoffDelay(3, { initialDelayMs: 100, maxDelayMs: 10_000 }, createRandom(1)); // in [400, 800]
 * ```
 */
export function backoffDelay(attempt: number, options: Required<BackoffOptions>, random: Random): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(attempt, 52));
  return Math.round(ceiling / 2 + random.next() * (ceiling / 2));
}
