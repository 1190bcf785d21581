import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/index.js';
import { createMetrics, type MetricsConfig, type MetricsEvent, metricsSnapshot, resolveMetricsConfig } from '../../src/metrics/index.js';
import { recordAll } from './record-all.js';

describe('metrics configuration', () => {
  it('defaults to a 20 s threshold, short abandons under 5 s left out, and a 15-minute window of 1-minute buckets', () => {
    expect(resolveMetricsConfig()).toMatchObject({
      defaults: { serviceLevelSeconds: 20, abandonedCount: 'exclude-short', shortAbandonSeconds: 5 },
      bucketMs: 60_000,
      windowBuckets: 15,
      busyStates: ['reserved', 'offered', 'busy', 'wrapUp'],
      staffedStates: ['idle'],
    });
  });

  it('lets a queue override the centre definitions it does not name inherit', () => {
    const config = resolveMetricsConfig({ serviceLevelSeconds: 30, queues: { email: { abandonedCount: 'exclude' } } });
    expect(config.queues.email).toEqual({ serviceLevelSeconds: 30, abandonedCount: 'exclude', shortAbandonSeconds: 5 });
  });

  it.each<[MetricsConfig, string]>([
    [{ windowSeconds: 90, bucketSeconds: 60 }, 'windowSeconds'],
    [{ bucketSeconds: 0 }, 'bucketSeconds'],
    [{ serviceLevelSeconds: -1 }, 'defaults.serviceLevelSeconds'],
    [{ queues: { email: { shortAbandonSeconds: Number.NaN } } }, 'queues.email.shortAbandonSeconds'],
    [{ abandonedCount: 'sometimes' as never }, 'defaults.abandonedCount'],
    [{ maxQueues: 0 }, 'maxQueues'],
  ])('refuses %o with CM_ERR_INVALID_OPTION naming %s', (config, option) => {
    expect(() => createMetrics(config)).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION, message: expect.stringContaining(`Option ${option} is`) }),
    );
  });
});

describe('metrics limits and bad input', () => {
  it('ignores and counts events beyond maxQueues, maxWaiting and maxAgents', () => {
    const events: MetricsEvent[] = [
      { kind: 'offered', queue: 'a', at: 0 },
      { kind: 'offered', queue: 'b', at: 0 },
      { kind: 'waiting', queue: 'a', contact: 'c1', since: 0 },
      { kind: 'waiting', queue: 'a', contact: 'c2', since: 0 },
      { kind: 'waiting', queue: 'a', contact: 'c1', since: 5 },
      { kind: 'agentState', agent: 'x', state: 'idle', at: 0 },
      { kind: 'agentState', agent: 'y', state: 'idle', at: 0 },
    ];
    const snapshot = metricsSnapshot(recordAll(events, { maxQueues: 1, maxWaiting: 1, maxAgents: 1 }), 0);
    expect(snapshot.queues.map((q) => q.queue)).toEqual(['a']);
    expect(snapshot.centre).toMatchObject({ waiting: 1, agents: { loggedIn: 1 } });
    expect(snapshot.ignored).toBe(3);
  });

  it('ignores a non-finite time or duration and counts a negative duration as zero', () => {
    const events: MetricsEvent[] = [
      { kind: 'offered', queue: 'q', at: Number.NaN },
      { kind: 'answered', queue: 'q', waitSeconds: Number.POSITIVE_INFINITY, at: 0 },
      { kind: 'handled', queue: 'q', handleSeconds: Number.NaN, at: 0 },
      { kind: 'answered', queue: 'q', waitSeconds: -2, at: 0 },
    ];
    const snapshot = metricsSnapshot(recordAll(events), 0);
    expect(snapshot.ignored).toBe(3);
    expect(snapshot.queues[0]?.cumulative).toMatchObject({ offered: 0, answered: 1, answeredInTime: 1, averageSpeedOfAnswerSeconds: 0 });
  });
});
