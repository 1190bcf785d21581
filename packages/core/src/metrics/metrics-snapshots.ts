import { map, type OperatorFunction, scan } from 'rxjs';
import type { MetricsConfig } from './metrics-config.js';
import type { MetricsEvent } from './metrics-event.js';
import { type MetricsSnapshot, metricsSnapshot } from './metrics-snapshot.js';
import { createMetrics } from './metrics-state.js';
import { recordMetric } from './record-metric.js';

/**
 * An rxjs operator from metrics events to a snapshot after each event, taken at the latest event
 * time seen (no clock is read). The seed state is immutable, so every subscription starts afresh.
 * For figures that move while no events come (the window sliding, waits growing), sample the state
 * with a clock-driven stream and call {@link metricsSnapshot} yourself.
 *
 * @example
 * ```ts
 * events$.pipe(metricsSnapshots({ serviceLevelSeconds: 20 })).subscribe((s) => show(s.centre.window.serviceLevel));
 * ```
 */
export function metricsSnapshots(config: MetricsConfig = {}): OperatorFunction<MetricsEvent, MetricsSnapshot> {
  const seed = createMetrics(config);
  return (events$) =>
    events$.pipe(
      scan(recordMetric, seed),
      map((state) => metricsSnapshot(state, state.latestAt ?? 0)),
    );
}
