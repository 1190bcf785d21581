import { isLeft } from 'fp-ts/lib/Either.js';
import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError } from '../errors/contactmesh-error.js';
import { AssessmentStrategy } from '../protocol/auction-terms.js';
import { Bid } from '../protocol/bid-terms.js';
import { invalidMessage } from '../protocol/validation-error.js';
import { err, ok, type Result } from '../result.js';
import { compareEvaluations, difference } from './bid-order.js';
import { type Explanation, explain, type Standing } from './explanation.js';
import { formatNumber } from './format.js';
import type { ScoringCommandRegistry } from './scoring-commands.js';
import { type BidEvaluation, type CompiledRule, compileRuleAt, scoreBid } from './scoring-rule.js';

export { AssessmentStrategy };

/** Why a bid is out of the running. */
export type RejectReason = 'not-acceptable' | 'worse-than-winner' | 'displaced' | 'conflicting' | 'closed' | 'invalid';

/**
 * What {@link Assessment.offer} decided. `release` lists the bids that are out for good **now**:
 * release their leases (tell their bidders) at once. It never lists a bid still in the running, so
 * a repeat or a conflicting copy of a held bid never releases the held bid's lease.
 */
export type OfferResult<B extends Bid> =
  /** In the running: the winner so far (best-so-far), or kept for ranking at close. */
  | { readonly decision: 'held'; readonly evaluation: BidEvaluation<B>; readonly release: readonly B[] }
  /** Best-so-far only: the new bid beat the winner, which is released. */
  | { readonly decision: 'replaced-winner'; readonly evaluation: BidEvaluation<B>; readonly displaced: B; readonly release: readonly B[] }
  /** First-acceptable only: this bid meets the threshold; award it and call `close()`. */
  | { readonly decision: 'award-now'; readonly evaluation: BidEvaluation<B>; readonly release: readonly B[] }
  /** The same bid (centre, id and terms) again: ignored, nothing to do. */
  | { readonly decision: 'duplicate'; readonly release: readonly B[] }
  | {
      readonly decision: 'rejected';
      readonly reason: RejectReason;
      /** A sentence naming the threshold, the better bid or the bad field. */
      readonly detail: string;
      readonly evaluation?: BidEvaluation<B>;
      readonly release: readonly B[];
    };

/** A bid that is out, and why. */
export interface Rejection<B extends Bid> {
  readonly bid: B;
  readonly reason: RejectReason;
  readonly detail: string;
}

/** The result of an assessment. */
export interface Outcome<B extends Bid> {
  /** `ranked[0]`: the bid to award, if any bid was acceptable. */
  readonly winner: B | undefined;
  /** Acceptable bids in the running, winner first: when the winner cannot confirm, award the next. */
  readonly ranked: readonly B[];
  /** Bids that were rejected while the assessment was open, in the order they were (leases already released). */
  readonly rejected: readonly Rejection<B>[];
  readonly explanation: Explanation;
}

/**
 * One auction's assessment of bids: pure, no timers (the auction actor owns the deadline and
 * calls `close()`). A bid is identified by its centre and id.
 */
export interface Assessment<B extends Bid = Bid> {
  readonly strategy: AssessmentStrategy;
  readonly rule: CompiledRule;
  /** `awarded` once first-acceptable said `award-now`; `closed` after `close()`. Bids offered after `open` are rejected. */
  readonly status: 'open' | 'awarded' | 'closed';
  offer(bid: B): OfferResult<B>;
  /** The bid that would win if the assessment closed now. */
  leader(): BidEvaluation<B> | undefined;
  /** Ends the assessment (idempotent: the same outcome every time). */
  close(): Outcome<B>;
}

/** What {@link createAssessment} needs: the strategy and rule from the contact information entity (untrusted). */
export interface AssessmentOptions {
  readonly strategy: unknown;
  readonly rule: unknown;
  /** The scoring commands this node trusts; default the built-ins. */
  readonly registry?: ScoringCommandRegistry;
}

/**
 * Starts assessing bids under a strategy and rule taken from an untrusted contact information
 * entity: both are decoded and the rule's command bound here, once, so offering bids cannot fail.
 * Errors name the bad field under `strategy.…` or `rule.…`.
 *
 * @example
 * ```ts
 * const assessment = createAssessment<WireBid>({ strategy: { kind: 'best-so-far' }, rule: cie.rule, registry });
 * if (!assessment.ok) return reject(assessment.error);
 * const result = assessment.value.offer(bid);
 * for (const lost of result.release) send(lost.centre, { type: 'bid.lost', bid: lost.id });
 * const { winner, ranked, explanation } = assessment.value.close();
 * ```
 */
export function createAssessment<B extends Bid = Bid>(options: AssessmentOptions): Result<Assessment<B>> {
  const strategy = AssessmentStrategy.decode(options.strategy);
  if (isLeft(strategy)) return err(invalidMessage(strategy.left, ['strategy']));
  const rule = compileRuleAt(options.rule, options.registry, ['rule']);
  if (!rule.ok) return rule;
  const s = strategy.right;
  if (s.kind === 'first-acceptable' && s.threshold !== undefined && !rule.value.scored) {
    return err(
      new ContactmeshError(
        ErrorCode.INVALID_MESSAGE,
        'Invalid message at strategy.threshold: a lexicographic rule has no score to compare with a threshold; put the bar in rule.thresholds instead.',
        { path: 'strategy.threshold', value: s.threshold },
      ),
    );
  }
  return ok(new BidAssessment<B>(s, rule.value));
}

interface Entry<B extends Bid> {
  readonly evaluation: BidEvaluation<B>;
  standing: 'held' | Exclude<Standing, 'winner' | 'runner-up'>;
}

const sameTerms = (a: Bid, b: Bid) =>
  a.terms.cost === b.terms.cost && a.terms.proficiency === b.terms.proficiency && a.terms.timeToServiceMs === b.terms.timeToServiceMs;

class BidAssessment<B extends Bid> implements Assessment<B> {
  status: 'open' | 'awarded' | 'closed' = 'open';
  // By `centre/id`, in arrival order.
  private readonly entries = new Map<string, Entry<B>>();
  private readonly rejections: Rejection<B>[] = [];
  private readonly notes: string[] = [];
  // Best-so-far: the winner so far. First-acceptable: the bid awarded at once.
  private chosen: BidEvaluation<B> | undefined;
  private outcome: Outcome<B> | undefined;

  constructor(
    readonly strategy: AssessmentStrategy,
    readonly rule: CompiledRule,
  ) {}

  offer(bid: B): OfferResult<B> {
    if (!Bid.is(bid)) return this.invalid(bid);
    const key = `${bid.centre}/${bid.id}`;
    const seen = this.entries.get(key);
    if (seen !== undefined) {
      if (sameTerms(seen.evaluation.bid, bid)) return { decision: 'duplicate', release: [] };
      const detail = `bid ${bid.id} from ${bid.centre} came again with different terms; the first one stands`;
      if (this.status !== 'closed') this.notes.push(detail);
      return { decision: 'rejected', reason: 'conflicting', detail, release: [] };
    }
    const evaluation = scoreBid(this.rule, bid);
    if (this.status !== 'open') {
      const detail = this.status === 'awarded' ? `the auction already awarded ${this.chosen?.bid.id}` : 'the assessment is closed';
      return this.reject(key, evaluation, 'closed', detail);
    }
    if (!evaluation.acceptable) return this.reject(key, evaluation, 'not-acceptable', evaluation.reasons.join('; '));
    this.entries.set(key, { evaluation, standing: 'held' });
    const { strategy } = this;
    if (strategy.kind === 'collect') return { decision: 'held', evaluation, release: [] };
    if (strategy.kind === 'first-acceptable') {
      if (strategy.threshold !== undefined && (evaluation.score ?? Number.NEGATIVE_INFINITY) < strategy.threshold) {
        return { decision: 'held', evaluation, release: [] };
      }
      this.chosen = evaluation;
      this.status = 'awarded';
      return { decision: 'award-now', evaluation, release: [] };
    }
    return this.challenge(key, evaluation);
  }

  // Best-so-far (claim 16): the new bid either replaces the winner or is discarded.
  private challenge(key: string, evaluation: BidEvaluation<B>): OfferResult<B> {
    const winner = this.chosen;
    if (winner === undefined) {
      this.chosen = evaluation;
      return { decision: 'held', evaluation, release: [] };
    }
    if (compareEvaluations(evaluation, winner) < 0) {
      const displaced = this.entries.get(`${winner.bid.centre}/${winner.bid.id}`);
      if (displaced !== undefined) displaced.standing = 'displaced';
      this.rejections.push({
        bid: winner.bid,
        reason: 'displaced',
        detail: `beaten by ${evaluation.bid.id} on ${this.why(evaluation, winner)}`,
      });
      this.chosen = evaluation;
      return { decision: 'replaced-winner', evaluation, displaced: winner.bid, release: [winner.bid] };
    }
    return this.reject(key, evaluation, 'worse-than-winner', `does not beat ${winner.bid.id} on ${this.why(winner, evaluation)}`);
  }

  private why(better: BidEvaluation, worse: BidEvaluation): string {
    const d = difference(this.rule, better, worse);
    return d === undefined ? 'anything' : `${d.on} (${d.a} vs ${d.b})`;
  }

  private reject(
    key: string,
    evaluation: BidEvaluation<B>,
    reason: Exclude<Standing, 'winner' | 'runner-up'>,
    detail: string,
  ): OfferResult<B> {
    // Kept after close too, so that a late repeat of the same bid is a duplicate, not a second release.
    this.entries.set(key, { evaluation, standing: reason });
    if (this.outcome === undefined) this.rejections.push({ bid: evaluation.bid, reason, detail });
    return { decision: 'rejected', reason, detail, evaluation, release: [evaluation.bid] };
  }

  private invalid(bid: B): OfferResult<B> {
    const decoded = Bid.decode(bid);
    const detail = isLeft(decoded) ? invalidMessage(decoded.left).message : 'not a valid bid';
    if (this.outcome === undefined) {
      this.rejections.push({ bid, reason: 'invalid', detail });
      this.notes.push(`an invalid bid was refused: ${detail}`);
    }
    // Nothing to release: an invalid bid may even carry a held bid's id. Its lease expires by itself.
    return { decision: 'rejected', reason: 'invalid', detail, release: [] };
  }

  private held(): BidEvaluation<B>[] {
    return [...this.entries.values()].filter((entry) => entry.standing === 'held').map((entry) => entry.evaluation);
  }

  leader(): BidEvaluation<B> | undefined {
    if (this.strategy.kind === 'best-so-far' || this.chosen !== undefined) return this.chosen;
    return this.held().sort(compareEvaluations)[0];
  }

  close(): Outcome<B> {
    if (this.outcome !== undefined) return this.outcome;
    const { strategy } = this;
    const held = this.held().sort(compareEvaluations);
    const first = strategy.kind === 'first-acceptable' ? this.chosen : undefined;
    const ranked = first === undefined ? held : [first, ...held.filter((e) => e !== first)];
    const threshold = strategy.kind === 'first-acceptable' ? thresholdText(strategy.threshold) : '';
    const how = strategy.kind !== 'first-acceptable' ? 'best' : first !== undefined ? { first: threshold } : { fallback: threshold };
    const out: { evaluation: BidEvaluation<B>; standing: Standing }[] = [];
    for (const { evaluation, standing } of this.entries.values()) if (standing !== 'held') out.push({ evaluation, standing });
    const explanation = explain({
      rule: this.rule,
      strategy: strategy.kind === 'first-acceptable' && strategy.threshold !== undefined ? `first-acceptable(${threshold})` : strategy.kind,
      ranked,
      out,
      notes: this.notes,
      how,
    });
    this.status = 'closed';
    this.outcome = { winner: ranked[0]?.bid, ranked: ranked.map((e) => e.bid), rejected: [...this.rejections], explanation };
    return this.outcome;
  }
}

const thresholdText = (threshold: number | undefined) =>
  threshold === undefined ? "the rule's thresholds" : `threshold ${formatNumber(threshold)}`;
