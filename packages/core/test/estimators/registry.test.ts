import { describe, expect, it } from 'vitest';
import { ContactmeshError, ErrorCode } from '../../src/errors/index.js';
import { chooseEstimator, estimateWait, estimators } from '../../src/estimators/index.js';
import { observe } from './observe.js';

const input = { position: 2, staffed: 3, now: 600_000 };

describe('chooseEstimator', () => {
  it('finds each built-in estimator by its method name', () => {
    for (const [name, estimator] of Object.entries(estimators)) expect(chooseEstimator(name)).toBe(estimator);
  });

  it.each(['erlang', 'toString', '__proto__', ''])(
    'refuses the unknown name %j with CM_ERR_INVALID_OPTION, listing the known ones',
    (name) => {
      expect(() => chooseEstimator(name)).toThrow(ContactmeshError);
      expect(() => chooseEstimator(name)).toThrow(
        expect.objectContaining({
          code: ErrorCode.INVALID_OPTION,
          message: expect.stringContaining('use one of ema, positional, erlangC'),
        }),
      );
    },
  );

  it('chooses from a registry of the caller', () => {
    const fixed = { method: 'fixed', estimate: () => ({ method: 'fixed', seconds: 60, low: 30, high: 90 }) };
    expect(chooseEstimator('fixed', { fixed })).toBe(fixed);
  });
});

describe('estimateWait', () => {
  it('falls back from erlangC to positional to ema as data runs short', () => {
    const arrivals = [60_000, 120_000, 180_000];
    expect(estimateWait(observe({ arrivals, handles: [100, 100, 100], waits: [5, 5, 5] }), input)?.method).toBe('erlangC');
    expect(estimateWait(observe({ handles: [100, 100, 100], waits: [5, 5, 5] }), input)?.method).toBe('positional');
    expect(estimateWait(observe({ waits: [5, 5, 5] }), input)?.method).toBe('ema');
    expect(estimateWait(observe({}), input)).toBeUndefined();
  });

  it('tries only the methods it is given, in their order', () => {
    const observations = observe({ handles: [100, 100, 100], waits: [5, 5, 5] });
    expect(estimateWait(observations, input, ['ema', 'positional'])?.method).toBe('ema');
    expect(() => estimateWait(observations, input, ['nope'])).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_OPTION }));
  });
});
