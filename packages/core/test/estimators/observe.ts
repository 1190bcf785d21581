import {
  createWaitObservations,
  recordAnswered,
  recordArrival,
  recordHandled,
  type WaitObservationOptions,
  type WaitObservations,
} from '../../src/estimators/index.js';

/** What a test queue has seen: arrival times (ms), answered waits and handle times (s). */
export interface Seen {
  readonly arrivals?: readonly number[];
  readonly waits?: readonly number[];
  readonly handles?: readonly number[];
}

/** Observations of a queue that saw `seen`; the options default to a plain average start (alpha 0.5, 3 samples). */
export function observe(seen: Seen, options: Partial<WaitObservationOptions> = {}): WaitObservations {
  let observations = createWaitObservations({ startedAt: 0, alpha: 0.5, minSamples: 3, ...options });
  for (const at of seen.arrivals ?? []) observations = recordArrival(observations, at);
  for (const wait of seen.waits ?? []) observations = recordAnswered(observations, wait, 0);
  for (const handle of seen.handles ?? []) observations = recordHandled(observations, handle, 0);
  return observations;
}

/** Arrival times every `everyMs` from `everyMs` to `untilMs`. */
export function steadyArrivals(everyMs: number, untilMs: number): number[] {
  return Array.from({ length: Math.floor(untilMs / everyMs) }, (_, i) => (i + 1) * everyMs);
}
