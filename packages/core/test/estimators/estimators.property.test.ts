import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimators, positionalEstimator } from '../../src/estimators/index.js';
import { observe } from './observe.js';

const seconds = fc.double({ min: -10, max: 10_000, noNaN: true });
const seenArb = fc.record({
  arrivals: fc.array(fc.integer({ min: 0, max: 3_600_000 }), { maxLength: 40 }),
  waits: fc.array(seconds, { maxLength: 40 }),
  handles: fc.array(seconds, { maxLength: 40 }),
});
const optionsArb = fc.record({
  alpha: fc.double({ min: 0.001, max: 1, noNaN: true }),
  minSamples: fc.integer({ min: 1, max: 5 }),
  spread: fc.double({ min: 0, max: 4, noNaN: true }),
  arrivalHalfLifeSeconds: fc.double({ min: 1, max: 1e9, noNaN: true }),
});
const inputArb = fc.record({
  position: fc.integer({ min: 1, max: 5_000 }),
  staffed: fc.integer({ min: 0, max: 2_000 }),
  now: fc.integer({ min: 0, max: 7_200_000 }),
});

describe('every estimator (property)', () => {
  it('gives finite, non-negative estimates whose range contains them, or none', () => {
    fc.assert(
      fc.property(seenArb, optionsArb, inputArb, (seen, options, input) => {
        const observations = observe(seen, options);
        for (const [name, estimator] of Object.entries(estimators)) {
          const estimate = estimator.estimate(observations, input);
          if (estimate === undefined) continue;
          expect(estimate.method).toBe(name);
          for (const value of [estimate.low, estimate.seconds, estimate.high]) expect(Number.isFinite(value) && value >= 0).toBe(true);
          expect(estimate.low).toBeLessThanOrEqual(estimate.seconds);
          expect(estimate.seconds).toBeLessThanOrEqual(estimate.high);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('positional (property)', () => {
  it('never promises a shorter wait to a contact further back', () => {
    fc.assert(
      fc.property(seenArb, optionsArb, inputArb, fc.integer({ min: 1, max: 100 }), (seen, options, input, behind) => {
        const observations = observe(seen, options);
        const ahead = positionalEstimator.estimate(observations, input);
        const later = positionalEstimator.estimate(observations, { ...input, position: input.position + behind });
        if (ahead === undefined || later === undefined) return;
        expect(later.seconds).toBeGreaterThanOrEqual(ahead.seconds);
      }),
    );
  });
});
