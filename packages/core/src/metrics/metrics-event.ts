import type { AgentState } from '../protocol/index.js';

/**
 * What the metrics aggregator is told. Times (`at`, `since`) are milliseconds from the centre's
 * Clock; durations are seconds. `answered` and `abandoned` may name the contact, which then also
 * leaves the waiting list (as with `leftQueue`).
 */
export type MetricsEvent =
  | { readonly kind: 'offered'; readonly queue: string; readonly at: number }
  | { readonly kind: 'answered'; readonly queue: string; readonly waitSeconds: number; readonly at: number; readonly contact?: string }
  | { readonly kind: 'abandoned'; readonly queue: string; readonly waitSeconds: number; readonly at: number; readonly contact?: string }
  | { readonly kind: 'handled'; readonly queue: string; readonly handleSeconds: number; readonly at: number }
  | { readonly kind: 'agentState'; readonly agent: string; readonly state: AgentState; readonly at: number }
  | { readonly kind: 'waiting'; readonly queue: string; readonly contact: string; readonly since: number }
  | { readonly kind: 'leftQueue'; readonly queue: string; readonly contact: string; readonly at: number };

/**
 * The time an event happened at.
 *
 * @example
 * ```ts
 * eventTime({ kind: 'waiting', queue: 'billing', contact: 'c1', since: 1_000 }); // 1000
 * ```
 */
export function eventTime(event: MetricsEvent): number {
  return event.kind === 'waiting' ? event.since : event.at;
}
