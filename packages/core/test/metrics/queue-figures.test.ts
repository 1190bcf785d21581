import { describe, expect, it } from 'vitest';
import { type AbandonedCount, type MetricsEvent, metricsSnapshot } from '../../src/metrics/index.js';
import { recordAll, s } from './record-all.js';

// billing, threshold 20 s, short abandon < 5 s: answered after 10, 20 and 40 s (two in time),
// abandoned after 3 s (short) and 30 s, handled twice (200 s and 300 s).
const billing: readonly MetricsEvent[] = [
  ...Array.from({ length: 6 }, (_, i) => ({ kind: 'offered', queue: 'billing', at: i * s }) as const),
  { kind: 'answered', queue: 'billing', waitSeconds: 10, at: 10 * s },
  { kind: 'answered', queue: 'billing', waitSeconds: 20, at: 21 * s },
  { kind: 'answered', queue: 'billing', waitSeconds: 40, at: 42 * s },
  { kind: 'abandoned', queue: 'billing', waitSeconds: 3, at: 6 * s },
  { kind: 'abandoned', queue: 'billing', waitSeconds: 30, at: 34 * s },
  { kind: 'handled', queue: 'billing', handleSeconds: 200, at: 210 * s },
  { kind: 'handled', queue: 'billing', handleSeconds: 300, at: 321 * s },
];

describe('queue figures', () => {
  it('counts offered, answered, abandoned and handled, with ASA and AHT', () => {
    const [queue] = metricsSnapshot(recordAll(billing), 400 * s).queues;
    expect(queue?.cumulative).toMatchObject({
      from: 0,
      offered: 6,
      answered: 3,
      answeredInTime: 2,
      abandoned: 2,
      shortAbandoned: 1,
      handled: 2,
      averageSpeedOfAnswerSeconds: (10 + 20 + 40) / 3,
      averageHandleSeconds: 250,
    });
  });

  it.each<[AbandonedCount, number]>([
    ['include', 2 / (3 + 2)],
    ['exclude-short', 2 / (3 + 1)],
    ['exclude', 2 / 3],
  ])('computes service level with abandons counted as %s: %f', (abandonedCount, expected) => {
    const [queue] = metricsSnapshot(recordAll(billing, { abandonedCount }), 400 * s).queues;
    expect(queue?.cumulative.serviceLevel).toBeCloseTo(expected, 12);
  });

  it('counts a wait of exactly the threshold as in time and one of exactly the short-abandon time as not short', () => {
    const events: MetricsEvent[] = [
      { kind: 'answered', queue: 'q', waitSeconds: 20, at: 0 },
      { kind: 'abandoned', queue: 'q', waitSeconds: 5, at: 0 },
    ];
    expect(metricsSnapshot(recordAll(events), 0).queues[0]?.cumulative).toMatchObject({
      answeredInTime: 1,
      shortAbandoned: 0,
      serviceLevel: 0.5,
    });
  });

  it('reports no service level, ASA or AHT rather than 0 when nothing was answered', () => {
    const [queue] = metricsSnapshot(recordAll([{ kind: 'offered', queue: 'q', at: 0 }]), 0).queues;
    expect(queue?.cumulative).toMatchObject({
      serviceLevel: undefined,
      averageSpeedOfAnswerSeconds: undefined,
      averageHandleSeconds: undefined,
    });
  });

  it('applies per-queue definitions, and adds queues up to the centre term by term', () => {
    const events: MetricsEvent[] = [
      { kind: 'answered', queue: 'voice', waitSeconds: 30, at: 0 },
      { kind: 'answered', queue: 'voice', waitSeconds: 10, at: 0 },
      { kind: 'answered', queue: 'email', waitSeconds: 1_800, at: 0 },
      { kind: 'abandoned', queue: 'email', waitSeconds: 1, at: 0 },
    ];
    const snapshot = metricsSnapshot(
      recordAll(events, { queues: { email: { serviceLevelSeconds: 3_600, abandonedCount: 'include' } } }),
      0,
    );
    expect(snapshot.queues.map((q) => [q.queue, q.cumulative.serviceLevel])).toEqual([
      ['email', 0.5],
      ['voice', 0.5],
    ]);
    expect(snapshot.queues[0]?.definition).toEqual({ serviceLevelSeconds: 3_600, abandonedCount: 'include', shortAbandonSeconds: 5 });
    // (1 + 1) in time over (2 counted for email + 2 for voice)
    expect(snapshot.centre.cumulative.serviceLevel).toBe(0.5);
    expect(snapshot.centre.cumulative.answered).toBe(3);
  });
});
