import { createMetrics, type MetricsConfig, type MetricsEvent, type MetricsState, recordMetric } from '../../src/metrics/index.js';

/** Milliseconds in a second: event times are milliseconds, durations seconds. */
export const s = 1_000;

/** The metrics after `events`, in order, from empty metrics under `config`. */
export function recordAll(events: readonly MetricsEvent[], config: MetricsConfig = {}): MetricsState {
  return events.reduce(recordMetric, createMetrics(config));
}
