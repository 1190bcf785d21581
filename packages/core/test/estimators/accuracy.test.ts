import { describe, expect, it } from 'vitest';
import { accuracyReport, createAccuracy, recordAccuracy, type WaitEstimate } from '../../src/estimators/index.js';

const predicted = (method: string, seconds: number, low: number, high: number): WaitEstimate => ({ method, seconds, low, high });

describe('estimate accuracy', () => {
  it('gives mean absolute error, bias and the share inside the range per queue and method, and per method overall', () => {
    let accuracy = createAccuracy();
    accuracy = recordAccuracy(accuracy, 'billing', predicted('positional', 60, 40, 80), 50); // error +10, inside
    accuracy = recordAccuracy(accuracy, 'billing', predicted('positional', 60, 40, 80), 90); // error −30, outside
    accuracy = recordAccuracy(accuracy, 'billing', predicted('ema', 30, 20, 40), 30); // error 0, inside
    accuracy = recordAccuracy(accuracy, 'tech', predicted('positional', 100, 50, 150), 120); // error −20, inside

    expect(accuracyReport(accuracy)).toEqual({
      queues: [
        { queue: 'billing', method: 'ema', count: 1, meanAbsoluteErrorSeconds: 0, meanErrorSeconds: 0, withinRangeShare: 1 },
        { queue: 'billing', method: 'positional', count: 2, meanAbsoluteErrorSeconds: 20, meanErrorSeconds: -10, withinRangeShare: 0.5 },
        { queue: 'tech', method: 'positional', count: 1, meanAbsoluteErrorSeconds: 20, meanErrorSeconds: -20, withinRangeShare: 1 },
      ],
      methods: [
        { method: 'ema', count: 1, meanAbsoluteErrorSeconds: 0, meanErrorSeconds: 0, withinRangeShare: 1 },
        { method: 'positional', count: 3, meanAbsoluteErrorSeconds: 20, meanErrorSeconds: -40 / 3, withinRangeShare: 2 / 3 },
      ],
    });
  });

  it('leaves the value it was given unchanged and ignores a non-finite actual wait', () => {
    const empty = createAccuracy();
    const once = recordAccuracy(empty, 'billing', predicted('ema', 10, 5, 15), 12);
    expect(accuracyReport(empty)).toEqual({ queues: [], methods: [] });
    expect(recordAccuracy(once, 'billing', predicted('ema', 10, 5, 15), Number.NaN)).toBe(once);
  });

  it('keeps queue names such as __proto__ as plain data', () => {
    const accuracy = recordAccuracy(createAccuracy(), '__proto__', predicted('constructor', 10, 5, 15), 10);
    expect(accuracyReport(accuracy).queues).toEqual([
      { queue: '__proto__', method: 'constructor', count: 1, meanAbsoluteErrorSeconds: 0, meanErrorSeconds: 0, withinRangeShare: 1 },
    ]);
  });
});
