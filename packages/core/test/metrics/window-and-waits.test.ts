import { describe, expect, it } from 'vitest';
import { type MetricsEvent, metricsSnapshot, recordMetric } from '../../src/metrics/index.js';
import { recordAll, s } from './record-all.js';

describe('the sliding window', () => {
  const config = { windowSeconds: 300, bucketSeconds: 60 };

  it('holds the current bucket and the ones before it up to the window length', () => {
    const events: MetricsEvent[] = [0, 59, 60, 299, 300, 599].map((t) => ({ kind: 'offered', queue: 'q', at: t * s }));
    const metrics = recordAll(events, config);
    // At 599 s the window is [300 s, 600 s): buckets 300, 360, …, 540.
    expect(metricsSnapshot(metrics, 599 * s).queues[0]?.window).toMatchObject({ from: 300 * s, offered: 2 });
    expect(metricsSnapshot(metrics, 599 * s).queues[0]?.cumulative.offered).toBe(6);
  });

  it('keeps sliding when no events come', () => {
    const metrics = recordAll([{ kind: 'offered', queue: 'q', at: 0 }], config);
    expect(metricsSnapshot(metrics, 240 * s).queues[0]?.window.offered).toBe(1);
    expect(metricsSnapshot(metrics, 300 * s).queues[0]?.window.offered).toBe(0);
  });

  it('counts a late event in its own bucket, and one older than the window only since the start', () => {
    const events: MetricsEvent[] = [
      { kind: 'offered', queue: 'q', at: 1_000 * s },
      { kind: 'offered', queue: 'q', at: 900 * s },
      { kind: 'offered', queue: 'q', at: 100 * s },
    ];
    const queue = metricsSnapshot(recordAll(events, config), 1_000 * s).queues[0];
    expect([queue?.window.offered, queue?.cumulative.offered]).toEqual([2, 3]);
  });
});

describe('longest current wait', () => {
  it('follows waiting and leftQueue, and answered or abandoned that name the contact', () => {
    const events: MetricsEvent[] = [
      { kind: 'waiting', queue: 'billing', contact: 'c1', since: 0 },
      { kind: 'waiting', queue: 'billing', contact: 'c2', since: 10 * s },
      { kind: 'waiting', queue: 'tech', contact: 'c3', since: 5 * s },
    ];
    const metrics = recordAll(events);
    expect(metricsSnapshot(metrics, 60 * s).queues.map((q) => [q.queue, q.waiting, q.longestWaitSeconds])).toEqual([
      ['billing', 2, 60],
      ['tech', 1, 55],
    ]);
    expect(metricsSnapshot(metrics, 60 * s).centre).toMatchObject({ waiting: 3, longestWaitSeconds: 60 });

    const later = [
      { kind: 'answered', queue: 'billing', waitSeconds: 70, at: 70 * s, contact: 'c1' },
      { kind: 'leftQueue', queue: 'tech', contact: 'c3', at: 70 * s },
    ] as const satisfies readonly MetricsEvent[];
    const after = metricsSnapshot(later.reduce(recordMetric, metrics), 80 * s);
    expect(after.queues.map((q) => [q.queue, q.waiting, q.longestWaitSeconds])).toEqual([
      ['billing', 1, 70],
      ['tech', 0, 0],
    ]);
    expect(after.centre).toMatchObject({ waiting: 1, longestWaitSeconds: 70 });
  });

  it('ignores leaving a queue it never saw the contact join', () => {
    const metrics = recordAll([{ kind: 'leftQueue', queue: 'q', contact: 'c1', at: 0 }]);
    expect(metricsSnapshot(metrics, 0)).toMatchObject({ queues: [], centre: { waiting: 0 }, ignored: 0 });
  });
});
