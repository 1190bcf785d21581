/** The contract's reconnection schedule: 1 s, doubling, capped at 30 s. */
export const reconnectBackoff = { initialDelayMs: 1_000, maxDelayMs: 30_000 } as const;

/**
 * The delay before reconnection attempt `attempt` (0 for the first): the ceiling doubles per
 * attempt up to 30 s, and the delay is drawn from [ceiling / 2, ceiling] so that widgets cut off
 * together do not all come back in the same millisecond.
 *
 * @example
 * ```ts
 * reconnectDelay(2, () => 1); // 4000
 * reconnectDelay(9, () => 0); // 15000
 * ```
 */
export function reconnectDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(reconnectBackoff.maxDelayMs, reconnectBackoff.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
