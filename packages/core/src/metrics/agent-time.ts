import type { AgentState } from '../protocol/index.js';
import { type Buckets, bucketStart, updateBucket } from './buckets.js';
import type { ResolvedMetricsConfig } from './metrics-config.js';

/** Agent time in milliseconds: busy time, and staffed time (which includes the busy time). */
export interface AgentTime {
  readonly busyMs: number;
  readonly staffedMs: number;
}

/** Agent time since the start and per bucket of the window. */
export interface AgentTimeline {
  readonly cumulative: AgentTime;
  readonly buckets: Buckets<AgentTime>;
}

/** An agent's current state and when it began. */
export interface AgentShift {
  readonly state: AgentState;
  readonly since: number;
}

export const noAgentTime: AgentTime = { busyMs: 0, staffedMs: 0 };

/**
 * The agent time `ms` milliseconds in `state` add up to under the configured classes: busy states
 * count as busy and staffed, staffed states as staffed, the rest (not ready, logged out) as neither.
 *
 * @example
 * ```ts
 * agentTimeIn('wrapUp', 30_000, config); // { busyMs: 30000, staffedMs: 30000 }
 * ```
 */
export function agentTimeIn(state: AgentState, ms: number, config: ResolvedMetricsConfig): AgentTime {
  if (!(ms > 0)) return noAgentTime;
  if (config.busyStates.includes(state)) return { busyMs: ms, staffedMs: ms };
  if (config.staffedStates.includes(state)) return { busyMs: 0, staffedMs: ms };
  return noAgentTime;
}

/**
 * Adds the agent time of `[from, to)` spent in `state`, splitting it over the buckets it crosses;
 * the parts before `horizon` only count since the start. Costs at most one step per window bucket,
 * however long the interval.
 *
 * @example
 * ```ts
 * timeline = addAgentInterval(timeline, { state: 'busy', since: 0 }, 90_000, horizon, config);
 * ```
 */
export function addAgentInterval(
  timeline: AgentTimeline,
  shift: AgentShift,
  to: number,
  horizon: number,
  config: ResolvedMetricsConfig,
): AgentTimeline {
  const whole = agentTimeIn(shift.state, to - shift.since, config);
  if (whole.staffedMs === 0) return timeline;
  const { bucketMs } = config;
  let buckets = timeline.buckets;
  for (let start = Math.max(bucketStart(shift.since, bucketMs), horizon); start < to; start += bucketMs) {
    const part = agentTimeIn(shift.state, Math.min(to, start + bucketMs) - Math.max(shift.since, start), config);
    buckets = updateBucket(buckets, start, horizon, noAgentTime, (time) => addAgentTime(time, part));
  }
  return { cumulative: addAgentTime(timeline.cumulative, whole), buckets };
}

/**
 * The sum of two agent times.
 *
 * @example
 * ```ts
 * addAgentTime({ busyMs: 1, staffedMs: 2 }, { busyMs: 0, staffedMs: 3 }); // { busyMs: 1, staffedMs: 5 }
 * ```
 */
export function addAgentTime(a: AgentTime, b: AgentTime): AgentTime {
  return { busyMs: a.busyMs + b.busyMs, staffedMs: a.staffedMs + b.staffedMs };
}
