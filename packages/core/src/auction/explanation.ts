import type { Bid, BidTerms } from '../protocol/bid-terms.js';
import { compareEvaluations, difference } from './bid-order.js';
import { formatNumber } from './format.js';
import type { BidEvaluation, CompiledRule } from './scoring-rule.js';

/** Where a bid ended up: it won, it is next in line, or why it is out. */
export type Standing = 'winner' | 'runner-up' | 'not-acceptable' | 'worse-than-winner' | 'displaced' | 'closed';

/** One bid in an {@link Explanation}: what it offered, how the rule saw it, where it ended up. */
export interface ExplainedBid {
  readonly id: string;
  readonly centre: string;
  readonly terms: BidTerms;
  /** The score, penalty included (weighted and command rules only). */
  readonly score?: number;
  /** The keys the rule ranked by, each higher-is-better (see `BidEvaluation.keys`). */
  readonly keys: readonly number[];
  readonly acceptable: boolean;
  /** Why it is not acceptable; empty when it is. */
  readonly reasons: readonly string[];
  readonly standing: Standing;
}

/**
 * Why an auction ended as it did, as plain JSON-safe data kept with the decision: every bid with
 * its score (or keys), acceptability and standing, best first, and one sentence for people.
 */
export interface Explanation {
  /** The rule as text, e.g. `weighted{cost: -1, proficiency: 2} with maxCost 10`. */
  readonly rule: string;
  /** The strategy as text, e.g. `first-acceptable(threshold 5)`. */
  readonly strategy: string;
  /** Every bid assessed: the ranked ones (winner first), then the others in bid order. */
  readonly bids: readonly ExplainedBid[];
  /** Things worth knowing that are not bids: conflicting repeats, invalid bids. */
  readonly notes: readonly string[];
  /** e.g. `b2 (paris) won: score 12.5 beat b3 9 and b1 3.2 under weighted{cost: -1, proficiency: 2}.` */
  readonly summary: string;
}

/** What the assessment knew when it closed. */
export interface ExplanationInput<B extends Bid> {
  readonly rule: CompiledRule;
  readonly strategy: string;
  /** Acceptable bids still in the running, winner first. */
  readonly ranked: readonly BidEvaluation<B>[];
  /** Every other bid, with why it is out. */
  readonly out: readonly { readonly evaluation: BidEvaluation<B>; readonly standing: Standing }[];
  readonly notes: readonly string[];
  /** How the winner was chosen: the best bid, the first to meet the threshold, or the best after none met it. */
  readonly how: 'best' | { readonly first: string } | { readonly fallback: string };
}

const MAX_LISTED = 5;

const list = (items: readonly string[]): string => {
  const shown = items.length > MAX_LISTED ? [...items.slice(0, MAX_LISTED - 1), `${items.length - MAX_LISTED + 1} more`] : items;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
};

const explained = (e: BidEvaluation, standing: Standing): ExplainedBid => ({
  id: e.bid.id,
  centre: e.bid.centre,
  terms: { ...e.bid.terms },
  ...(e.score === undefined ? {} : { score: e.score }),
  keys: [...e.keys],
  acceptable: e.acceptable,
  reasons: [...e.reasons],
  standing,
});

/**
 * Builds the {@link Explanation} of a closed assessment.
 *
 * @example
 * ```ts
 * explain({ rule, strategy: 'collect', ranked: [b2, b3], out: [], notes: [], how: 'best' }).summary;
 * // 'b2 (paris) won: score 12.5 beat b3 9 under weighted{cost: -1, proficiency: 2}.'
 * ```
 */
export function explain<B extends Bid>(input: ExplanationInput<B>): Explanation {
  const out = [...input.out].sort((a, b) => compareEvaluations(a.evaluation, b.evaluation));
  const bids = [
    ...input.ranked.map((e, i) => explained(e, i === 0 ? 'winner' : 'runner-up')),
    ...out.map(({ evaluation, standing }) => explained(evaluation, standing)),
  ];
  return {
    rule: input.rule.text,
    strategy: input.strategy,
    bids,
    notes: [...input.notes],
    summary: summarize(
      input,
      out.map((o) => o.evaluation),
    ),
  };
}

function summarize<B extends Bid>(input: ExplanationInput<B>, out: readonly BidEvaluation<B>[]): string {
  const { rule, ranked, how } = input;
  const winner = ranked[0];
  const unacceptable = out.filter((e) => !e.acceptable);
  const notAcceptable = list(unacceptable.map((e) => `${e.bid.id} (${e.reasons.join('; ')})`));
  if (winner === undefined) {
    if (out.length === 0) return `No bid won: no bids arrived under ${rule.text}.`;
    return `No bid won: none of ${out.length} bid${out.length === 1 ? ' was' : 's were'} acceptable under ${rule.text}: ${notAcceptable}.`;
  }
  const beaten = [...ranked.slice(1), ...out.filter((e) => e.acceptable)]
    .sort(compareEvaluations)
    .map((loser) => beat(rule, winner, loser));
  const name = `${winner.bid.id} (${winner.bid.centre})`;
  const score = winner.score === undefined ? '' : `score ${formatScore(winner)}`;
  let sentence: string;
  if (typeof how === 'object' && 'first' in how) {
    sentence = `${name} won as the first bid to meet ${how.first}${score === '' ? '' : ` (${score})`} under ${rule.text}`;
  } else {
    const lead = typeof how === 'object' ? `No bid met ${how.fallback}; ${name} won as the best acceptable bid` : `${name} won`;
    if (beaten.length === 0) sentence = `${lead}: the only acceptable bid${score === '' ? '' : `, ${score},`} under ${rule.text}`;
    else if (rule.scored) sentence = `${lead}: ${score} beat ${list(beaten)} under ${rule.text}`;
    else sentence = `${lead} under ${rule.text}: beat ${list(beaten)}`;
  }
  const tail = unacceptable.length === 0 ? '' : `; not acceptable: ${notAcceptable}`;
  return `${sentence}${tail}.`;
}

const formatScore = (e: BidEvaluation): string => (e.score === undefined ? '' : formatNumber(e.score));

// How the winner beat one other bid, e.g. `b3 9`, `b4 12.5 (a tie, broken by lower timeToServiceMs: 30000 vs 45000)`
// or, without a score, `b3 on timeToServiceMs (30000 vs 60000)`.
function beat(rule: CompiledRule, winner: BidEvaluation, loser: BidEvaluation): string {
  const d = difference(rule, winner, loser);
  if (d === undefined) return loser.bid.id;
  const better = `${d.prefer === 'low' ? 'lower' : 'higher'} ${d.on}`;
  if (!rule.scored) return `${loser.bid.id} on ${better} (${d.a} vs ${d.b})`;
  if (d.on === 'score') return `${loser.bid.id} ${d.b}`;
  return `${loser.bid.id} ${formatScore(loser)} (a tie, broken by ${better}: ${d.a} vs ${d.b})`;
}
