import { addAgentInterval } from './agent-time.js';
import { bucketStart, updateBucket } from './buckets.js';
import { definitionOf } from './metrics-config.js';
import { eventTime, type MetricsEvent } from './metrics-event.js';
import type { MetricsState, QueueMetrics } from './metrics-state.js';
import { addEntry, emptyTally, type TallyEntry } from './tally.js';
import { WaitingContacts } from './waiting-contacts.js';

const newQueue: QueueMetrics = { cumulative: emptyTally, buckets: [], waiting: WaitingContacts.empty };

/**
 * Counts one event and returns the new state; the old one is unchanged. Events may arrive a little
 * out of order: each is counted in the bucket of its own time, and one older than the window only
 * since the start. A non-finite time or duration, or an event beyond a limit, is not counted but
 * tallied in `ignored` — bad input from an adapter must not turn every figure into NaN.
 *
 * @example
 * ```ts
 * metrics = recordMetric(metrics, { kind: 'answered', queue: 'billing', waitSeconds: 14, at: clock.now(), contact: 'c1' });
 * ```
 */
export function recordMetric(state: MetricsState, event: MetricsEvent): MetricsState {
  const at = eventTime(event);
  if (!Number.isFinite(at)) return ignore(state);
  const latestAt = Math.max(state.latestAt ?? at, at);
  const { bucketMs, windowBuckets } = state.config;
  // Buckets older than this have slid out of the window for good.
  const horizon = bucketStart(latestAt, bucketMs) - (windowBuckets - 1) * bucketMs;
  const timed: MetricsState = { ...state, firstAt: Math.min(state.firstAt ?? at, at), latestAt };

  switch (event.kind) {
    case 'agentState': {
      const before = state.agents.get(event.agent);
      if (before === undefined && event.state !== 'loggedOut' && state.agents.size >= state.config.maxAgents) return ignore(state);
      const agentTime = before === undefined ? state.agentTime : addAgentInterval(state.agentTime, before, at, horizon, state.config);
      // A late report must not move the start of the current state backwards and count time twice.
      const since = Math.max(at, before?.since ?? at);
      const agents =
        event.state === 'loggedOut'
          ? state.agents.without(event.agent)
          : state.agents.with(event.agent, { state: event.state, since }, true);
      return { ...timed, agents, agentTime };
    }
    case 'waiting': {
      const queue = queueOf(state, event.queue);
      if (queue === undefined) return ignore(state);
      const joining = !queue.waiting.has(event.contact);
      if (joining && state.waitingCount >= state.config.maxWaiting) return ignore(state);
      return withQueue(timed, event.queue, { ...queue, waiting: queue.waiting.with(event.contact, at) }, joining ? 1 : 0);
    }
    case 'leftQueue':
      return leave(state, timed, event.queue, event.contact);
    default: {
      const entry = entryOf(event);
      const queue = entry === undefined ? undefined : queueOf(state, event.queue);
      if (entry === undefined || queue === undefined) return ignore(state);
      const definition = definitionOf(state.config, event.queue);
      const counted: QueueMetrics = {
        ...queue,
        cumulative: addEntry(queue.cumulative, entry, definition),
        buckets: updateBucket(queue.buckets, bucketStart(at, bucketMs), horizon, emptyTally, (tally) => addEntry(tally, entry, definition)),
      };
      const next = withQueue(timed, event.queue, counted, 0);
      return 'contact' in event && event.contact !== undefined ? leave(next, next, event.queue, event.contact) : next;
    }
  }
}

function entryOf(event: Exclude<MetricsEvent, { kind: 'agentState' | 'waiting' | 'leftQueue' }>): TallyEntry | undefined {
  switch (event.kind) {
    case 'offered':
      return { kind: 'offered' };
    case 'answered':
    case 'abandoned':
      return Number.isFinite(event.waitSeconds) ? { kind: event.kind, waitSeconds: Math.max(0, event.waitSeconds) } : undefined;
    case 'handled':
      return Number.isFinite(event.handleSeconds) ? { kind: 'handled', handleSeconds: Math.max(0, event.handleSeconds) } : undefined;
  }
}

/** The queue's metrics, a fresh one if there is room for another queue, else `undefined`. */
function queueOf(state: MetricsState, name: string): QueueMetrics | undefined {
  const queue = Object.hasOwn(state.queues, name) ? state.queues[name] : undefined;
  if (queue !== undefined) return queue;
  return Object.keys(state.queues).length < state.config.maxQueues ? newQueue : undefined;
}

function withQueue(state: MetricsState, name: string, queue: QueueMetrics, joined: number): MetricsState {
  return { ...state, queues: { ...state.queues, [name]: queue }, waitingCount: state.waitingCount + joined };
}

// Leaving a queue the aggregator never saw is not an error: the contact may have joined before it started.
function leave(state: MetricsState, timed: MetricsState, name: string, contact: string): MetricsState {
  const queue = Object.hasOwn(state.queues, name) ? state.queues[name] : undefined;
  if (queue === undefined || !queue.waiting.has(contact)) return timed;
  return withQueue(timed, name, { ...queue, waiting: queue.waiting.without(contact) }, -1);
}

function ignore(state: MetricsState): MetricsState {
  return { ...state, ignored: state.ignored + 1 };
}
