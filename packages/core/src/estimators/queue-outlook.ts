import { arrivalsPerSecond } from './arrival-rate.js';
import { type ErlangCFigures, erlangC } from './erlang-c.js';
import type { WaitObservations } from './wait-observations.js';

/** Erlang C figures for the queue as observed, with the rate and handle time they were computed from. */
export interface QueueOutlook extends ErlangCFigures {
  readonly arrivalsPerSecond: number;
  readonly handleSeconds: number;
  readonly agents: number;
}

/**
 * Erlang C applied to what the queue has seen: the recent arrival rate, the recent mean handle time
 * and the agents staffed now. This is the outlook for a contact that has not joined yet (will it
 * wait, and how long on average) — the figure for routing thresholds ("go to the network when the
 * expected wait exceeds N s") and for staffing. `undefined` until `minSamples` arrivals and handle
 * times have been seen, or while nobody is staffed.
 *
 * @example
 * ```ts
 * const outlook = queueOutlook(observations, { staffed: 12, now });
 * if (outlook !== undefined && (!outlook.stable || (outlook.meanWaitSeconds ?? 0) > 60)) goToNetwork();
 * ```
 */
export function queueOutlook(
  observations: WaitObservations,
  at: { readonly staffed: number; readonly now: number },
): QueueOutlook | undefined {
  const { arrivals, handleTimes, settings } = observations;
  if (arrivals === undefined || handleTimes === undefined || at.staffed < 1) return undefined;
  if (arrivals.count < settings.minSamples || handleTimes.count < settings.minSamples) return undefined;
  const rate = arrivalsPerSecond(arrivals, { since: settings.startedAt, now: at.now, tauMs: settings.arrivalTauMs });
  if (rate === undefined) return undefined;
  const load = { arrivalsPerSecond: rate, handleSeconds: handleTimes.mean, agents: at.staffed };
  return { ...load, ...erlangC(load) };
}
