import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type MetricsEvent, metricsSnapshots } from '../../src/metrics/index.js';

describe('metricsSnapshots', () => {
  const events: MetricsEvent[] = [
    { kind: 'offered', queue: 'billing', at: 1_000 },
    { kind: 'answered', queue: 'billing', waitSeconds: 4, at: 5_000 },
  ];

  it('turns a stream of events into a snapshot after each, taken at the latest event time', async () => {
    const snapshots = await lastValueFrom(from(events).pipe(metricsSnapshots(), toArray()));
    expect(snapshots.map((s) => [s.at, s.centre.cumulative.offered, s.centre.cumulative.serviceLevel])).toEqual([
      [1_000, 1, undefined],
      [5_000, 1, 1],
    ]);
  });

  it('starts every subscription from empty metrics', async () => {
    const operator = metricsSnapshots();
    await lastValueFrom(from(events).pipe(operator));
    const again = await lastValueFrom(from(events).pipe(operator));
    expect(again.centre.cumulative.answered).toBe(1);
  });
});
