import type { Clock } from './clock.js';

/** The start of a centre's life: when it began, and its incarnation. */
export interface Life {
  /** The clock's time when the life began: `since` in the centre's presence. */
  readonly since: number;
  /** Larger for every later life of the same centre (DESIGN.md §4). */
  readonly incarnation: number;
}

/**
 * Begins a centre's life: now, and the incarnation the embedder named or else the clock's time in
 * whole milliseconds — whole, because a clock may give fractions of a millisecond and every rev of
 * the life starts from it.
 *
 * @example
 * ```ts
 * beginLife(new VirtualClock(1_500.7)); // { since: 1500.7, incarnation: 1500 }
 * beginLife(new VirtualClock(1_500.7), 3); // { since: 1500.7, incarnation: 3 }
 * ```
 */
export function beginLife(clock: Clock, incarnation?: number): Life {
  const since = clock.now();
  return { since, incarnation: incarnation ?? Math.floor(since) };
}
