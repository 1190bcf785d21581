import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IntervalFigures, type MetricsEvent, metricsSnapshot, recordMetric } from '../../src/metrics/index.js';
import { recordAll } from './record-all.js';

const hour = 3_600_000;
const queue = fc.constantFrom('billing', 'tech', 'sales');
const at = fc.integer({ min: 0, max: 10 * hour });
const seconds = fc.double({ min: -5, max: 3_600, noNaN: true });

const eventArb: fc.Arbitrary<MetricsEvent> = fc.oneof(
  fc.record({ kind: fc.constant('offered' as const), queue, at }),
  fc.record({ kind: fc.constant('answered' as const), queue, waitSeconds: seconds, at }),
  fc.record({ kind: fc.constant('abandoned' as const), queue, waitSeconds: seconds, at }),
  fc.record({ kind: fc.constant('handled' as const), queue, handleSeconds: seconds, at }),
  fc.record({
    kind: fc.constant('agentState' as const),
    agent: fc.constantFrom('a1', 'a2', 'a3'),
    state: fc.constantFrom('loggedOut', 'notReady', 'idle', 'reserved', 'offered', 'busy', 'wrapUp'),
    at,
  }),
  fc.record({ kind: fc.constant('waiting' as const), queue, contact: fc.constantFrom('c1', 'c2', 'c3', 'c4'), since: at }),
  fc.record({ kind: fc.constant('leftQueue' as const), queue, contact: fc.constantFrom('c1', 'c2', 'c3', 'c4'), at }),
);
const configArb = fc.record({
  abandonedCount: fc.constantFrom('exclude-short', 'include', 'exclude'),
  bucketSeconds: fc.constantFrom(10, 60, 300),
  windowBuckets: fc.integer({ min: 1, max: 20 }),
});

// One contact's life: offered, then abandoned or answered (and perhaps handled), each at a later time.
const lifeArb = fc
  .record({
    queue,
    at,
    wait: fc.integer({ min: 0, max: 600 }),
    outcome: fc.constantFrom('abandoned', 'answered', 'handled'),
    handle: fc.integer({ min: 0, max: 900 }),
  })
  .map(({ queue, at, wait, outcome, handle }): MetricsEvent[] => {
    const end = at + wait * 1_000;
    const offered: MetricsEvent = { kind: 'offered', queue, at };
    if (outcome === 'abandoned') return [offered, { kind: 'abandoned', queue, waitSeconds: wait, at: end }];
    const answered: MetricsEvent = { kind: 'answered', queue, waitSeconds: wait, at: end };
    return outcome === 'answered'
      ? [offered, answered]
      : [offered, answered, { kind: 'handled', queue, handleSeconds: handle, at: end + handle * 1_000 }];
  });

const counts = ['offered', 'answered', 'answeredInTime', 'abandoned', 'shortAbandoned', 'handled'] as const;

function expectWithin(window: IntervalFigures, cumulative: IntervalFigures): void {
  for (const count of counts) expect(window[count]).toBeLessThanOrEqual(cumulative[count]);
  for (const figures of [window, cumulative]) {
    if (figures.serviceLevel !== undefined) {
      expect(figures.serviceLevel).toBeGreaterThanOrEqual(0);
      expect(figures.serviceLevel).toBeLessThanOrEqual(1);
    }
  }
}

describe('metrics (property)', () => {
  it('never counts more handled and abandoned contacts than were offered, in whatever order the events come', () => {
    fc.assert(
      fc.property(fc.array(lifeArb, { maxLength: 60 }), fc.boolean(), fc.integer({ min: 0, max: 12 * hour }), (lives, shuffle, now) => {
        const events = lives.flat();
        const ordered = shuffle ? events : [...events].sort((a, b) => ('at' in a ? a.at : 0) - ('at' in b ? b.at : 0));
        const { centre, queues } = metricsSnapshot(recordAll(ordered), now);
        for (const figures of [centre.cumulative, ...queues.map((q) => q.cumulative)]) {
          expect(figures.handled + figures.abandoned).toBeLessThanOrEqual(figures.offered);
          expect(figures.answered + figures.abandoned).toBeLessThanOrEqual(figures.offered);
        }
      }),
    );
  });

  it('keeps service level and occupancy in [0, 1] and window figures within cumulative ones', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 200 }), configArb, fc.integer({ min: 0, max: 12 * hour }), (events, config, now) => {
        const metrics = recordAll(events, { ...config, windowSeconds: config.bucketSeconds * config.windowBuckets });
        const { centre, queues } = metricsSnapshot(metrics, now);
        for (const q of queues) expectWithin(q.window, q.cumulative);
        expectWithin(centre.window, centre.cumulative);
        for (const figures of [centre.window, centre.cumulative]) {
          if (figures.occupancy !== undefined) expect(figures.occupancy).toBeGreaterThanOrEqual(0);
          if (figures.occupancy !== undefined) expect(figures.occupancy).toBeLessThanOrEqual(1);
        }
        expect(centre.window.busyAgentSeconds).toBeLessThanOrEqual(centre.cumulative.busyAgentSeconds + 1e-9);
        expect(centre.window.staffedAgentSeconds).toBeLessThanOrEqual(centre.cumulative.staffedAgentSeconds + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps at most one bucket per window slot, however long the stream', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 500, maxLength: 2_000 }), configArb, (events, config) => {
        const metrics = recordAll(events, { ...config, windowSeconds: config.bucketSeconds * config.windowBuckets });
        for (const q of Object.values(metrics.queues)) expect(q.buckets.length).toBeLessThanOrEqual(config.windowBuckets);
        expect(metrics.agentTime.buckets.length).toBeLessThanOrEqual(config.windowBuckets);
      }),
      { numRuns: 30 },
    );
  });

  it('never changes a state it was given', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 50 }), fc.array(eventArb, { maxLength: 50 }), (first, more) => {
        const before = recordAll(first);
        const snapshot = metricsSnapshot(before, 10 * hour);
        more.reduce(recordMetric, before);
        expect(metricsSnapshot(before, 10 * hour)).toEqual(snapshot);
      }),
    );
  });
});
