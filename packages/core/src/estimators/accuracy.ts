import type { WaitEstimate } from './wait-estimate.js';

/** Running sums of how one method did for one queue (bounded: four numbers, however many contacts). */
export interface AccuracyTally {
  readonly count: number;
  /** Σ |predicted − actual| in seconds. */
  readonly absoluteErrorSum: number;
  /** Σ (predicted − actual) in seconds. */
  readonly errorSum: number;
  /** How many actual waits fell inside the predicted range. */
  readonly withinRange: number;
}

/** Predicted against actual waits, per queue and method, as plain data (it may live in a machine's context). */
export interface EstimateAccuracy {
  readonly byQueue: Readonly<Record<string, Readonly<Record<string, AccuracyTally>>>>;
}

/** Accuracy figures of a method, over one queue or all of them. */
export interface AccuracyFigures {
  readonly method: string;
  readonly count: number;
  /** Mean |predicted − actual|, seconds. */
  readonly meanAbsoluteErrorSeconds: number;
  /** Mean (predicted − actual), seconds: positive when the method promises longer waits than happen. */
  readonly meanErrorSeconds: number;
  /** Share of actual waits inside the predicted range, in [0, 1]; near the range's intended coverage when it is honest. */
  readonly withinRangeShare: number;
}

/** {@link AccuracyFigures} of one method for one queue. */
export interface QueueAccuracyFigures extends AccuracyFigures {
  readonly queue: string;
}

const emptyTally: AccuracyTally = { count: 0, absoluteErrorSum: 0, errorSum: 0, withinRange: 0 };

/**
 * No comparisons yet.
 *
 * @example
 * ```ts
 * let accuracy = createAccuracy();
 * ```
 */
export function createAccuracy(): EstimateAccuracy {
  return { byQueue: {} };
}

/**
 * Compares what was predicted for a contact when it was queued with what it actually waited when
 * it was answered. The caller keeps the prediction (e.g. in the contact's context) because the
 * estimator's state has moved on by the time the contact is answered. A non-finite actual wait is
 * ignored; a negative one counts as zero.
 *
 * @example
 * ```ts
 * accuracy = recordAccuracy(accuracy, 'billing', contact.predictedWait, 47);
 * ```
 */
export function recordAccuracy(
  accuracy: EstimateAccuracy,
  queue: string,
  predicted: WaitEstimate,
  actualSeconds: number,
): EstimateAccuracy {
  if (!Number.isFinite(actualSeconds)) return accuracy;
  const actual = Math.max(0, actualSeconds);
  const methods = own(accuracy.byQueue, queue) ?? {};
  const tally = own(methods, predicted.method) ?? emptyTally;
  const error = predicted.seconds - actual;
  const next: AccuracyTally = {
    count: tally.count + 1,
    absoluteErrorSum: tally.absoluteErrorSum + Math.abs(error),
    errorSum: tally.errorSum + error,
    withinRange: tally.withinRange + (actual >= predicted.low && actual <= predicted.high ? 1 : 0),
  };
  return { byQueue: { ...accuracy.byQueue, [queue]: { ...methods, [predicted.method]: next } } };
}

/**
 * The figures per queue and method (sorted by queue, then method) and per method over all queues.
 *
 * @example
 * ```ts
 * const { queues, methods } = accuracyReport(accuracy);
 * methods.find((m) => m.method === 'erlangC')?.meanAbsoluteErrorSeconds;
 * ```
 */
export function accuracyReport(accuracy: EstimateAccuracy): {
  readonly queues: readonly QueueAccuracyFigures[];
  readonly methods: readonly AccuracyFigures[];
} {
  const queues: QueueAccuracyFigures[] = [];
  const totals = new Map<string, AccuracyTally>();
  for (const queue of Object.keys(accuracy.byQueue).sort()) {
    const methods = own(accuracy.byQueue, queue) ?? {};
    for (const method of Object.keys(methods).sort()) {
      const tally = own(methods, method) ?? emptyTally;
      queues.push({ queue, ...figures(method, tally) });
      totals.set(method, add(totals.get(method) ?? emptyTally, tally));
    }
  }
  const methods = [...totals.keys()].sort().map((method) => figures(method, totals.get(method) ?? emptyTally));
  return { queues, methods };
}

function figures(method: string, tally: AccuracyTally): AccuracyFigures {
  const n = Math.max(1, tally.count);
  return {
    method,
    count: tally.count,
    meanAbsoluteErrorSeconds: tally.absoluteErrorSum / n,
    meanErrorSeconds: tally.errorSum / n,
    withinRangeShare: tally.withinRange / n,
  };
}

function add(a: AccuracyTally, b: AccuracyTally): AccuracyTally {
  return {
    count: a.count + b.count,
    absoluteErrorSum: a.absoluteErrorSum + b.absoluteErrorSum,
    errorSum: a.errorSum + b.errorSum,
    withinRange: a.withinRange + b.withinRange,
  };
}

// Queue and method names come from configuration and the wire: never read them through the prototype.
function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
