import type { QueueDefinition } from './metrics-config.js';
import type { Tally } from './tally.js';

/** A queue's (or the centre's) figures over one interval: since the start, or the sliding window. */
export interface IntervalFigures
  extends Pick<Tally, 'offered' | 'answered' | 'answeredInTime' | 'abandoned' | 'shortAbandoned' | 'handled'> {
  /** Start of the interval (ms): the first event for `cumulative`, the first window bucket for `window`. */
  readonly from: number | undefined;
  /** `answeredInTime ÷ (answered + counted abandons)`, in [0, 1]; `undefined` when nothing was answered or counted abandoned. */
  readonly serviceLevel: number | undefined;
  /** Mean wait of answered contacts, seconds (ASA). */
  readonly averageSpeedOfAnswerSeconds: number | undefined;
  /** Mean handle time, seconds (AHT). */
  readonly averageHandleSeconds: number | undefined;
}

/** The two sides of the service-level fraction, kept apart so that queues add up to a centre. */
export interface ServiceLevelTerms {
  readonly inTime: number;
  readonly counted: number;
}

/**
 * The service-level fraction of a tally under its queue's abandon rule: answered in time over
 * answered plus abandoned (`include`), plus abandoned that waited at least the short-abandon time
 * (`exclude-short`), or plus none (`exclude`).
 *
 * @example
 * ```ts
 * serviceLevelTerms(tally, { serviceLevelSeconds: 20, abandonedCount: 'include', shortAbandonSeconds: 5 });
 * ```
 */
export function serviceLevelTerms(tally: Tally, definition: QueueDefinition): ServiceLevelTerms {
  const abandons =
    definition.abandonedCount === 'include'
      ? tally.abandoned
      : definition.abandonedCount === 'exclude-short'
        ? tally.abandoned - tally.shortAbandoned
        : 0;
  return { inTime: tally.answeredInTime, counted: tally.answered + abandons };
}

/**
 * The figures of one interval.
 *
 * @example
 * ```ts
 * intervalFigures(tally, serviceLevelTerms(tally, definition), windowStart).serviceLevel;
 * ```
 */
export function intervalFigures(tally: Tally, terms: ServiceLevelTerms, from: number | undefined): IntervalFigures {
  return {
    from,
    offered: tally.offered,
    answered: tally.answered,
    answeredInTime: tally.answeredInTime,
    abandoned: tally.abandoned,
    shortAbandoned: tally.shortAbandoned,
    handled: tally.handled,
    serviceLevel: ratio(terms.inTime, terms.counted),
    averageSpeedOfAnswerSeconds: ratio(tally.answerWaitSeconds, tally.answered),
    averageHandleSeconds: ratio(tally.handleSeconds, tally.handled),
  };
}

/**
 * `part ÷ whole`, or `undefined` for an empty whole: "no data" must not read as 0 % or 100 %.
 *
 * @example
 * ```ts
 * ratio(3, 4); // 0.75
 * ratio(0, 0); // undefined
 * ```
 */
export function ratio(part: number, whole: number): number | undefined {
  return whole > 0 ? part / whole : undefined;
}
