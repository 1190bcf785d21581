import type { Bid } from '../protocol/bid-terms.js';
import { formatNumber } from './format.js';
import { type BidEvaluation, type CompiledRule, scoreBid } from './scoring-rule.js';

/** One step of the bid order: what is compared, which way is better, and how to print it. */
interface Step {
  readonly name: string;
  readonly prefer: 'low' | 'high';
  readonly value: (e: BidEvaluation) => number | string;
  readonly show: (e: BidEvaluation) => string;
}

const byTerm = (field: 'timeToServiceMs' | 'proficiency' | 'cost', prefer: 'low' | 'high'): Step => ({
  name: field,
  prefer,
  value: (e) => e.bid.terms[field],
  show: (e) => formatNumber(e.bid.terms[field]),
});

/**
 * What decides between bids the rule ranks equal, in this order: lower timeToServiceMs, higher
 * proficiency, lower cost, centre id ascending, bid id ascending (ids compare by UTF-16 code units,
 * never by locale). The last step makes the order total, so every node picks the same winner.
 */
export const tieBreaks: readonly Step[] = [
  byTerm('timeToServiceMs', 'low'),
  byTerm('proficiency', 'high'),
  byTerm('cost', 'low'),
  { name: 'centre id', prefer: 'low', value: (e) => e.bid.centre, show: (e) => JSON.stringify(e.bid.centre) },
  { name: 'bid id', prefer: 'low', value: (e) => e.bid.id, show: (e) => JSON.stringify(e.bid.id) },
];

function compareStep(step: Step, a: BidEvaluation, b: BidEvaluation): number {
  const x = step.value(a);
  const y = step.value(b);
  if (x === y) return 0;
  return x < y === (step.prefer === 'low') ? -1 : 1;
}

/**
 * The one order of bids every strategy, ranking and explanation uses; negative when `a` ranks
 * before (is better than) `b`. Acceptable bids come before all others; then the rule's keys
 * (the score, or the lexicographic keys with the centre's penalty first); then {@link tieBreaks}.
 * It is total: two different bids (centre, id) never compare 0.
 *
 * @example
 * ```ts
 * const ranked = bids.map((bid) => scoreBid(rule, bid)).sort(compareEvaluations);
 * ```
 */
export function compareEvaluations(a: BidEvaluation, b: BidEvaluation): number {
  if (a.acceptable !== b.acceptable) return a.acceptable ? -1 : 1;
  const n = Math.max(a.keys.length, b.keys.length);
  for (let i = 0; i < n; i++) {
    const x = a.keys[i] ?? Number.NEGATIVE_INFINITY;
    const y = b.keys[i] ?? Number.NEGATIVE_INFINITY;
    if (x !== y) return x > y ? -1 : 1;
  }
  for (const step of tieBreaks) {
    const c = compareStep(step, a, b);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * {@link compareEvaluations} on two bids under a compiled rule: negative when `a` is the better bid.
 *
 * @example
 * ```ts
 * const best = [...bids].sort((a, b) => compareBids(rule, a, b))[0];
 * ```
 */
export function compareBids(rule: CompiledRule, a: Bid, b: Bid): number {
  return compareEvaluations(scoreBid(rule, a), scoreBid(rule, b));
}

/** The first step of the order on which two bids differ, as explanations print it. */
export interface Difference {
  /** `acceptability`, `score`, `centre adjustment`, a field name, `centre id` or `bid id`. */
  readonly on: string;
  readonly prefer: 'low' | 'high';
  readonly a: string;
  readonly b: string;
}

function ruleSteps(compiled: CompiledRule): readonly Step[] {
  const { rule } = compiled;
  if (rule.kind !== 'lexicographic') {
    return [
      {
        name: 'score',
        prefer: 'high',
        value: (e) => e.keys[0] ?? Number.NEGATIVE_INFINITY,
        show: (e) => formatNumber(e.score ?? Number.NaN),
      },
    ];
  }
  const adjustment: Step = {
    name: 'centre adjustment',
    prefer: 'high',
    value: (e) => e.adjustment,
    show: (e) => formatNumber(e.adjustment),
  };
  return [adjustment, ...rule.order.map(({ field, prefer }) => byTerm(field, prefer))];
}

const acceptability: Step = {
  name: 'acceptability',
  prefer: 'high',
  value: (e) => (e.acceptable ? 1 : 0),
  show: (e) => (e.acceptable ? 'acceptable' : 'not acceptable'),
};

/**
 * Why `a` and `b` are ordered as they are: the first step of {@link compareEvaluations} on which
 * they differ, named after the rule's own keys. `undefined` only for the same bid.
 *
 * @example
 * ```ts
 * difference(rule, winner, runnerUp); // { on: 'timeToServiceMs', prefer: 'low', a: '30000', b: '45000' }
 * ```
 */
export function difference(compiled: CompiledRule, a: BidEvaluation, b: BidEvaluation): Difference | undefined {
  for (const step of [acceptability, ...ruleSteps(compiled), ...tieBreaks]) {
    if (compareStep(step, a, b) !== 0) return { on: step.name, prefer: step.prefer, a: step.show(a), b: step.show(b) };
  }
  return undefined;
}
