import type { QueueDefinition } from './metrics-config.js';

/** Counts and sums of one queue over one interval (a bucket, or since the start). */
export interface Tally {
  readonly offered: number;
  readonly answered: number;
  /** Answered after waiting at most the queue's `serviceLevelSeconds`. */
  readonly answeredInTime: number;
  readonly abandoned: number;
  /** Abandoned after waiting less than the queue's `shortAbandonSeconds`. */
  readonly shortAbandoned: number;
  readonly handled: number;
  /** Σ waits of answered contacts, seconds. */
  readonly answerWaitSeconds: number;
  /** Σ handle times, seconds. */
  readonly handleSeconds: number;
}

/** The counted event, with its duration already checked and clamped. */
export type TallyEntry =
  | { readonly kind: 'offered' }
  | { readonly kind: 'answered'; readonly waitSeconds: number }
  | { readonly kind: 'abandoned'; readonly waitSeconds: number }
  | { readonly kind: 'handled'; readonly handleSeconds: number };

export const emptyTally: Tally = {
  offered: 0,
  answered: 0,
  answeredInTime: 0,
  abandoned: 0,
  shortAbandoned: 0,
  handled: 0,
  answerWaitSeconds: 0,
  handleSeconds: 0,
};

/**
 * Counts one entry under the queue's definitions. The thresholds apply when the entry is counted, so
 * a tally never has to remember individual waits.
 *
 * @example
 * ```ts
 * addEntry(emptyTally, { kind: 'answered', waitSeconds: 12 }, definition).answeredInTime; // 1 when serviceLevelSeconds ≥ 12
 * ```
 */
export function addEntry(tally: Tally, entry: TallyEntry, definition: QueueDefinition): Tally {
  switch (entry.kind) {
    case 'offered':
      return { ...tally, offered: tally.offered + 1 };
    case 'answered':
      return {
        ...tally,
        answered: tally.answered + 1,
        answeredInTime: tally.answeredInTime + (entry.waitSeconds <= definition.serviceLevelSeconds ? 1 : 0),
        answerWaitSeconds: tally.answerWaitSeconds + entry.waitSeconds,
      };
    case 'abandoned':
      return {
        ...tally,
        abandoned: tally.abandoned + 1,
        shortAbandoned: tally.shortAbandoned + (entry.waitSeconds < definition.shortAbandonSeconds ? 1 : 0),
      };
    case 'handled':
      return { ...tally, handled: tally.handled + 1, handleSeconds: tally.handleSeconds + entry.handleSeconds };
  }
}

/**
 * The sum of two tallies.
 *
 * @example
 * ```ts
 * const total = buckets.reduce((sum, bucket) => addTallies(sum, bucket.value), emptyTally);
 * ```
 */
export function addTallies(a: Tally, b: Tally): Tally {
  return {
    offered: a.offered + b.offered,
    answered: a.answered + b.answered,
    answeredInTime: a.answeredInTime + b.answeredInTime,
    abandoned: a.abandoned + b.abandoned,
    shortAbandoned: a.shortAbandoned + b.shortAbandoned,
    handled: a.handled + b.handled,
    answerWaitSeconds: a.answerWaitSeconds + b.answerWaitSeconds,
    handleSeconds: a.handleSeconds + b.handleSeconds,
  };
}
