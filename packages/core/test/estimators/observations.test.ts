import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/index.js';
import { addArrival, arrivalsPerSecond } from '../../src/estimators/arrival-rate.js';
import { createWaitObservations, recordAnswered, recordArrival, recordHandled } from '../../src/estimators/index.js';
import { addSample, alphaForHalfLife } from '../../src/estimators/moving-average.js';

describe('moving average', () => {
  it('averages plainly until the weight of a sample falls to alpha, then smooths exponentially', () => {
    // alpha 0.5: 10 → mean 10; 20 → mean 15, deviation |20 − 10| / 2 = 5; 30 → mean 22.5, deviation 5 + (15 − 5) / 2 = 10
    const first = addSample(undefined, 10, 0.5);
    const second = addSample(first, 20, 0.5);
    expect([first, second, addSample(second, 30, 0.5)]).toEqual([
      { mean: 10, deviation: 0, count: 1 },
      { mean: 15, deviation: 5, count: 2 },
      { mean: 22.5, deviation: 10, count: 3 },
    ]);
  });

  it('turns a half-life in samples into a weight that halves after that many samples', () => {
    expect(alphaForHalfLife(1)).toBe(0.5);
    expect((1 - alphaForHalfLife(20)) ** 20).toBeCloseTo(0.5, 12);
  });
});

describe('arrival rate', () => {
  const tauMs = 600_000 / Math.LN2;

  it('measures a steady stream of one arrival every 10 s as 0.1 per second', () => {
    const rate = Array.from({ length: 360 }, (_, i) => (i + 1) * 10_000).reduce(
      (r, at) => addArrival(r, at, tauMs),
      addArrival(undefined, 0, tauMs),
    );
    expect(arrivalsPerSecond(rate, { since: 0, now: 3_600_000, tauMs })).toBeCloseTo(0.1, 2);
  });

  it('forgets a burst: an hour after 60 arrivals in a minute the rate has halved six times', () => {
    let rate = addArrival(undefined, 0, tauMs);
    for (let i = 1; i < 60; i++) rate = addArrival(rate, i * 1_000, tauMs);
    const early = arrivalsPerSecond(rate, { since: 0, now: 60_000, tauMs }) ?? 0;
    const late = arrivalsPerSecond(rate, { since: 0, now: 3_660_000, tauMs }) ?? 0;
    expect(early).toBeCloseTo(1, 1);
    expect(late).toBeLessThan(early / 40);
  });

  it('counts a late arrival without moving time backwards', () => {
    const rate = addArrival(addArrival(undefined, 10_000, tauMs), 5_000, tauMs);
    expect(rate.at).toBe(10_000);
    expect(rate.count).toBe(2);
  });

  it('has no rate before any time has passed', () => {
    expect(arrivalsPerSecond(addArrival(undefined, 0, tauMs), { since: 0, now: 0, tauMs })).toBeUndefined();
  });
});

describe('wait observations', () => {
  it('records arrivals, waits and handle times without changing the value it was given', () => {
    const start = createWaitObservations({ startedAt: 1_000, alpha: 0.5 });
    const next = recordHandled(recordAnswered(recordArrival(start, 2_000), 30, 2_500), 200, 3_000);
    expect(start.waits).toBeUndefined();
    expect(next.arrivals?.count).toBe(1);
    expect(next.waits).toEqual({ mean: 30, deviation: 0, count: 1 });
    expect(next.handleTimes).toEqual({ mean: 200, deviation: 0, count: 1 });
    expect(next.updatedAt).toBe(3_000);
  });

  it('counts a negative duration as zero and ignores a non-finite one', () => {
    let observations = createWaitObservations({ startedAt: 0 });
    observations = recordAnswered(observations, -3, 0);
    observations = recordAnswered(observations, Number.NaN, 0);
    observations = recordHandled(observations, Number.POSITIVE_INFINITY, 0);
    observations = recordArrival(observations, Number.NaN);
    expect(observations.waits).toEqual({ mean: 0, deviation: 0, count: 1 });
    expect(observations.handleTimes).toBeUndefined();
    expect(observations.arrivals).toBeUndefined();
  });

  it.each([
    [{ alpha: 0 }, 'alpha'],
    [{ alpha: 1.5 }, 'alpha'],
    [{ halfLife: -1 }, 'halfLife'],
    [{ minSamples: 0 }, 'minSamples'],
    [{ spread: -1 }, 'spread'],
    [{ arrivalHalfLifeSeconds: 0 }, 'arrivalHalfLifeSeconds'],
    [{ startedAt: Number.NaN }, 'startedAt'],
  ])('refuses %o with CM_ERR_INVALID_OPTION', (options, name) => {
    expect(() => createWaitObservations({ startedAt: 0, ...options })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION, message: expect.stringContaining(`Option ${name} is`) }),
    );
  });
});
