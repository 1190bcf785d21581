// Contact-centre metrics: a pure aggregator of events, read as snapshots.

export { createMetrics } from './metrics-state.js';
export type { MetricsState, QueueMetrics } from './metrics-state.js';
export { recordMetric } from './record-metric.js';
export { eventTime } from './metrics-event.js';
export type { MetricsEvent } from './metrics-event.js';
export { metricsSnapshot } from './metrics-snapshot.js';
export type { CentreFigures, CentreIntervalFigures, MetricsSnapshot, QueueFigures } from './metrics-snapshot.js';
export type { IntervalFigures } from './interval-figures.js';
export { metricsSnapshots } from './metrics-snapshots.js';

// Configuration
export { resolveMetricsConfig } from './metrics-config.js';
export type { AbandonedCount, MetricsConfig, QueueDefinition, QueueMetricsOptions, ResolvedMetricsConfig } from './metrics-config.js';
export type { AgentShift, AgentTime, AgentTimeline } from './agent-time.js';
export type { Bucket, Buckets } from './buckets.js';
export type { Tally } from './tally.js';
export type { WaitingContacts } from './waiting-contacts.js';
