import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/index.js';
import { emaEstimator, erlangC, erlangCEstimator, positionalEstimator, queueOutlook } from '../../src/estimators/index.js';
import { observe, steadyArrivals } from './observe.js';

// With alpha 0.5 the handle times 200, 300, 250 s average to 250 s with a typical deviation of 25 s
// (200; 250 ± 50; 250 ± 25), and the waits 10, 20, 30 s to 22.5 s ± 10 s.
const handles = [200, 300, 250];
const waits = [10, 20, 30];
const input = { position: 4, staffed: 5, now: 500_000 };
// No decay to speak of: the rate is simply arrivals ÷ elapsed time.
const longMemory = { arrivalHalfLifeSeconds: 1e12 };

describe('ema', () => {
  it('reports the smoothed recent waits with a range of one typical deviation', () => {
    expect(emaEstimator.estimate(observe({ waits }), input)).toEqual({ method: 'ema', seconds: 22.5, low: 12.5, high: 32.5 });
  });

  it('widens the range with the spread option and never lets it go below zero', () => {
    expect(emaEstimator.estimate(observe({ waits }, { spread: 3 }), input)).toEqual({ method: 'ema', seconds: 22.5, low: 0, high: 52.5 });
  });

  it('has no estimate until minSamples waits were seen', () => {
    expect(emaEstimator.estimate(observe({ waits: [10, 20] }), input)).toBeUndefined();
  });
});

describe('positional', () => {
  it('estimates position × average handle time ÷ staffed agents, with √position × deviation ÷ staffed either side', () => {
    // 4 × 250 / 5 = 200; 1 × √4 × 25 / 5 = 10
    expect(positionalEstimator.estimate(observe({ handles }), input)).toEqual({ method: 'positional', seconds: 200, low: 190, high: 210 });
  });

  it('has no estimate with nobody staffed or too few handle times', () => {
    expect(positionalEstimator.estimate(observe({ handles }), { ...input, staffed: 0 })).toBeUndefined();
    expect(positionalEstimator.estimate(observe({ handles: [200] }), input)).toBeUndefined();
  });

  it.each([
    [{ position: 0 }, 'position'],
    [{ staffed: -1 }, 'staffed'],
    [{ staffed: 1.5 }, 'staffed'],
    [{ now: Number.NaN }, 'now'],
  ])('refuses a bad question %o with CM_ERR_INVALID_OPTION', (bad, name) => {
    expect(() => positionalEstimator.estimate(observe({ handles }), { ...input, ...bad })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION, message: expect.stringContaining(name) }),
    );
  });
});

describe('erlangC', () => {
  // One arrival every 100 s for 500 s: λ = 0.01/s, A = 0.01 × 250 = 2.5 Erlangs < 5 agents.
  const stable = observe({ handles, arrivals: steadyArrivals(100_000, 500_000) }, longMemory);
  // One every 10 s: λ = 0.1/s, A = 25 Erlangs ≥ 5 agents.
  const growing = observe({ handles, arrivals: steadyArrivals(10_000, 500_000) }, longMemory);

  it('gives the Erlang(p, N/h) mean p·h/N with √p·h/N either side for a contact at position p', () => {
    // 4 × 250 / 5 = 200; √4 × 250 / 5 = 100
    expect(erlangCEstimator.estimate(stable, input)).toEqual({ method: 'erlangC', seconds: 200, low: 100, high: 300, stable: true });
  });

  it('flags a queue where contacts arrive faster than the agents serve them', () => {
    expect(erlangCEstimator.estimate(growing, input)).toEqual({ method: 'erlangC', seconds: 200, low: 100, high: 300, stable: false });
  });

  it('has no estimate before minSamples arrivals', () => {
    expect(erlangCEstimator.estimate(observe({ handles, arrivals: [1_000, 2_000] }), input)).toBeUndefined();
  });

  it('gives the outlook for a new contact from the observed rate and handle time', () => {
    const outlook = queueOutlook(stable, { staffed: 5, now: 500_000 });
    expect(outlook?.arrivalsPerSecond).toBeCloseTo(0.01, 9);
    expect(outlook?.handleSeconds).toBe(250);
    expect(outlook?.probabilityOfWaiting).toBeCloseTo(
      erlangC({ arrivalsPerSecond: 0.01, handleSeconds: 250, agents: 5 }).probabilityOfWaiting,
      9,
    );
    expect(queueOutlook(growing, { staffed: 5, now: 500_000 })?.stable).toBe(false);
    expect(queueOutlook(stable, { staffed: 0, now: 500_000 })).toBeUndefined();
  });
});
