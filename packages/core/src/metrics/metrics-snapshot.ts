import { type AgentTime, addAgentTime, agentTimeIn, noAgentTime } from './agent-time.js';
import { bucketStart, bucketsBetween } from './buckets.js';
import { type IntervalFigures, intervalFigures, ratio, type ServiceLevelTerms, serviceLevelTerms } from './interval-figures.js';
import { definitionOf, type QueueDefinition } from './metrics-config.js';
import type { MetricsState } from './metrics-state.js';
import { addTallies, emptyTally, type Tally } from './tally.js';

/** One queue's figures at a moment. */
export interface QueueFigures {
  readonly queue: string;
  /** The definitions its figures were counted under. */
  readonly definition: QueueDefinition;
  readonly cumulative: IntervalFigures;
  readonly window: IntervalFigures;
  /** Contacts waiting now. */
  readonly waiting: number;
  /** How long the longest-waiting contact has waited so far, seconds (0 when nobody waits). */
  readonly longestWaitSeconds: number;
}

/** Interval figures of the whole centre, with agent time. */
export interface CentreIntervalFigures extends IntervalFigures {
  readonly busyAgentSeconds: number;
  readonly staffedAgentSeconds: number;
  /** `busyAgentSeconds ÷ staffedAgentSeconds`, in [0, 1]; `undefined` when nobody was staffed. */
  readonly occupancy: number | undefined;
}

/** The centre's figures at a moment: queue figures added up, plus agents. */
export interface CentreFigures {
  readonly centre: string | undefined;
  readonly cumulative: CentreIntervalFigures;
  readonly window: CentreIntervalFigures;
  readonly waiting: number;
  readonly longestWaitSeconds: number;
  /** Agents now: logged in, in a staffed state, in a busy state. */
  readonly agents: { readonly loggedIn: number; readonly staffed: number; readonly busy: number };
}

/** Every figure at `at`. */
export interface MetricsSnapshot {
  readonly at: number;
  readonly windowSeconds: number;
  /** Queues in name order. */
  readonly queues: readonly QueueFigures[];
  readonly centre: CentreFigures;
  /** Events not counted (see `MetricsState.ignored`). */
  readonly ignored: number;
}

interface Sum {
  tally: Tally;
  terms: ServiceLevelTerms;
}

/**
 * The figures at `now` (ms). The window is the bucket holding `now` and the ones before it, up to
 * `windowSeconds` in all: with 60 s buckets and 15 minutes, between 14 and 15 minutes of history.
 * Agent time of the states agents are in now counts up to `now`.
 *
 * @example
 * ```ts
 * const { centre } = metricsSnapshot(metrics, clock.now());
 * centre.window.serviceLevel; // e.g. 0.82
 * ```
 */
export function metricsSnapshot(state: MetricsState, now: number): MetricsSnapshot {
  const { config } = state;
  const latestBucket = bucketStart(now, config.bucketMs);
  const windowStart = latestBucket - (config.windowBuckets - 1) * config.bucketMs;
  const all: Sum = { tally: emptyTally, terms: { inTime: 0, counted: 0 } };
  const recent: Sum = { tally: emptyTally, terms: { inTime: 0, counted: 0 } };
  let oldestSince = Number.POSITIVE_INFINITY;

  const queues = Object.keys(state.queues)
    .sort()
    .flatMap((queue): QueueFigures[] => {
      const metrics = state.queues[queue];
      if (metrics === undefined) return [];
      const definition = definitionOf(config, queue);
      const windowTally = bucketsBetween(metrics.buckets, windowStart, latestBucket).reduce(addTallies, emptyTally);
      const since = metrics.waiting.oldestSince();
      if (since !== undefined) oldestSince = Math.min(oldestSince, since);
      return [
        {
          queue,
          definition,
          cumulative: add(all, metrics.cumulative, definition, state.firstAt),
          window: add(recent, windowTally, definition, windowStart),
          waiting: metrics.waiting.size,
          longestWaitSeconds: waitedSince(since, now),
        },
      ];
    });

  let openAll = noAgentTime;
  let openRecent = noAgentTime;
  let loggedIn = 0;
  let staffed = 0;
  let busy = 0;
  for (const { state: agentState, since } of state.agents.values()) {
    openAll = addAgentTime(openAll, agentTimeIn(agentState, now - since, config));
    openRecent = addAgentTime(openRecent, agentTimeIn(agentState, now - Math.max(since, windowStart), config));
    const presence = agentTimeIn(agentState, 1, config);
    loggedIn += 1;
    staffed += presence.staffedMs;
    busy += presence.busyMs;
  }
  const windowAgentTime = bucketsBetween(state.agentTime.buckets, windowStart, latestBucket).reduce(addAgentTime, openRecent);

  return {
    at: now,
    windowSeconds: (config.windowBuckets * config.bucketMs) / 1_000,
    queues,
    centre: {
      centre: config.centre,
      cumulative: centreInterval(all, state.firstAt, addAgentTime(state.agentTime.cumulative, openAll)),
      window: centreInterval(recent, windowStart, windowAgentTime),
      waiting: state.waitingCount,
      longestWaitSeconds: waitedSince(Number.isFinite(oldestSince) ? oldestSince : undefined, now),
      agents: { loggedIn, staffed, busy },
    },
    ignored: state.ignored,
  };
}

function add(sum: Sum, tally: Tally, definition: QueueDefinition, from: number | undefined): IntervalFigures {
  const terms = serviceLevelTerms(tally, definition);
  sum.tally = addTallies(sum.tally, tally);
  sum.terms = { inTime: sum.terms.inTime + terms.inTime, counted: sum.terms.counted + terms.counted };
  return intervalFigures(tally, terms, from);
}

function centreInterval(sum: Sum, from: number | undefined, time: AgentTime): CentreIntervalFigures {
  return {
    ...intervalFigures(sum.tally, sum.terms, from),
    busyAgentSeconds: time.busyMs / 1_000,
    staffedAgentSeconds: time.staffedMs / 1_000,
    occupancy: ratio(time.busyMs, time.staffedMs),
  };
}

function waitedSince(since: number | undefined, now: number): number {
  return since === undefined ? 0 : Math.max(0, now - since) / 1_000;
}
