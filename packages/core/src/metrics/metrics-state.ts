import { BTreeEx } from 'sorted-btree/extended/index.js';
import type { AgentShift, AgentTimeline } from './agent-time.js';
import type { Buckets } from './buckets.js';
import { type MetricsConfig, type ResolvedMetricsConfig, resolveMetricsConfig } from './metrics-config.js';
import type { Tally } from './tally.js';
import type { WaitingContacts } from './waiting-contacts.js';

/** One queue's counts since the start, per window bucket, and its waiting contacts. */
export interface QueueMetrics {
  readonly cumulative: Tally;
  readonly buckets: Buckets<Tally>;
  readonly waiting: WaitingContacts;
}

/**
 * A centre's metrics as an immutable value: {@link recordMetric} returns a new one, and
 * {@link metricsSnapshot} reads figures off it. Memory is bounded: per queue one tally plus one per
 * window bucket, plus the contacts waiting now and the agents logged in now.
 */
export interface MetricsState {
  readonly config: ResolvedMetricsConfig;
  readonly queues: Readonly<Record<string, QueueMetrics>>;
  /** Logged-in agents (persistent B+ tree: updates share untouched nodes). */
  readonly agents: BTreeEx<string, AgentShift>;
  readonly agentTime: AgentTimeline;
  /** Contacts waiting, over all queues. */
  readonly waitingCount: number;
  /** The earliest and latest event times counted; `undefined` before the first. */
  readonly firstAt: number | undefined;
  readonly latestAt: number | undefined;
  /** Events not counted: a non-finite time or duration, or a limit (`maxQueues`, `maxWaiting`, `maxAgents`) reached. */
  readonly ignored: number;
}

/**
 * Empty metrics under `config`. Throws `CM_ERR_INVALID_OPTION` for an option out of range.
 *
 * @example
 * ```ts
 * let metrics = createMetrics({ serviceLevelSeconds: 20, abandonedCount: 'exclude-short', shortAbandonSeconds: 5 });
 * metrics = recordMetric(metrics, { kind: 'offered', queue: 'billing', at: clock.now() });
 * ```
 */
export function createMetrics(config: MetricsConfig = {}): MetricsState {
  return {
    config: resolveMetricsConfig(config),
    queues: {},
    agents: new BTreeEx(),
    agentTime: { cumulative: { busyMs: 0, staffedMs: 0 }, buckets: [] },
    waitingCount: 0,
    firstAt: undefined,
    latestAt: undefined,
    ignored: 0,
  };
}
