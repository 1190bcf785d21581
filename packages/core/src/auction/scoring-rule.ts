import { isLeft } from 'fp-ts/lib/Either.js';
import { Penalties, ScoringRule, Thresholds } from '../protocol/auction-terms.js';
import { type Bid, scoredFields } from '../protocol/bid-terms.js';
import { invalidMessage } from '../protocol/validation-error.js';
import { err, ok, type Result } from '../result.js';
import { formatFields, formatNumber } from './format.js';
import { type BoundScoringCommand, createScoringCommandRegistry, type ScoringCommandRegistry } from './scoring-commands.js';

export { Penalties, ScoringRule, Thresholds };

/** A rule decoded and bound to its command: scoring with it cannot fail any more. */
export interface CompiledRule {
  readonly rule: ScoringRule;
  /** How explanations name the rule, e.g. `weighted{cost: -1, proficiency: 2} with maxCost 10`. */
  readonly text: string;
  /** True when bids get one score (weighted, command); false when they are compared key by key (lexicographic). */
  readonly scored: boolean;
  readonly command?: BoundScoringCommand;
}

/**
 * Decodes an untrusted rule (from a contact information entity) and binds its command, once per
 * auction, so that scoring each bid cannot fail. Errors: `CM_ERR_INVALID_MESSAGE` naming the bad
 * field, `CM_ERR_UNKNOWN_SCORING_COMMAND` for a command this node does not have. `registry`
 * defaults to the built-in commands.
 *
 * @example
 * ```ts
 * const rule = compileRule({ kind: 'weighted', weights: { cost: -1, proficiency: 2 } });
 * if (rule.ok) scoreBid(rule.value, bid).score;
 * ```
 */
export function compileRule(rule: unknown, registry?: ScoringCommandRegistry): Result<CompiledRule> {
  return compileRuleAt(rule, registry, []);
}

/** {@link compileRule} for a rule found at `at` inside a larger input, so error paths name the whole path. */
export function compileRuleAt(rule: unknown, registry: ScoringCommandRegistry | undefined, at: readonly string[]): Result<CompiledRule> {
  const decoded = ScoringRule.decode(rule);
  if (isLeft(decoded)) return err(invalidMessage(decoded.left, at));
  const r = decoded.right;
  if (r.kind !== 'command') return ok({ rule: r, text: describe(r, undefined), scored: r.kind === 'weighted' });
  const command = (registry ?? createScoringCommandRegistry()).resolve(r.command, r.params, at);
  if (!command.ok) return command;
  return ok({ rule: r, text: describe(r, command.value), scored: true, command: command.value });
}

function describe(rule: ScoringRule, command: BoundScoringCommand | undefined): string {
  const head =
    rule.kind === 'weighted'
      ? `weighted${formatFields(Object.fromEntries(scoredFields.flatMap((f) => (rule.weights[f] === undefined ? [] : [[f, rule.weights[f]]]))))}`
      : rule.kind === 'lexicographic'
        ? `lexicographic[${rule.order.map((key) => `${key.field} ${key.prefer}`).join(', ')}]`
        : (command?.text ?? rule.command);
  const limits = Object.entries(rule.thresholds ?? {}).map(([name, value]) => `${name} ${formatNumber(value)}`);
  const penalties = Object.entries(rule.penalties ?? {}).map(([centre, by]) => `${centre} ${by >= 0 ? '+' : ''}${formatNumber(by)}`);
  return [head, limits.length > 0 ? `with ${limits.join(', ')}` : '', penalties.length > 0 ? `adjusting ${penalties.join(', ')}` : '']
    .filter((part) => part !== '')
    .join(' ');
}

/** A bid as a rule sees it: whether it may win at all, and the keys it is ranked by. */
export interface BidEvaluation<B extends Bid = Bid> {
  readonly bid: B;
  readonly acceptable: boolean;
  /** Why the bid is not acceptable (each failed threshold, a failing command); empty when it is. */
  readonly reasons: readonly string[];
  /** The score, penalty included, under weighted and command rules; absent under lexicographic ones. */
  readonly score?: number;
  /** The bidding centre's penalty (adjust-by) that applied; 0 without one. */
  readonly adjustment: number;
  /** What the rule ranks by, each higher-is-better: `[score]`, or `[adjustment, ±field, …]` for lexicographic rules. */
  readonly keys: readonly number[];
}

/**
 * Scores one bid under a compiled rule: its score or comparison keys, and whether it passes the
 * rule's thresholds. A scoring command that throws or returns a non-finite number makes the bid
 * not acceptable (and says so) instead of breaking the order of the other bids.
 *
 * @example
 * ```ts
 * scoreBid(rule, { id: 'b1', centre: 'paris', terms: { cost: 4, proficiency: 7, timeToServiceMs: 30_000 } });
 * // { acceptable: true, reasons: [], score: 10, adjustment: 0, keys: [10], bid: … }   (weights { cost: -1, proficiency: 2 })
 * ```
 */
export function scoreBid<B extends Bid>(compiled: CompiledRule, bid: B): BidEvaluation<B> {
  const { rule } = compiled;
  const { terms } = bid;
  const reasons = thresholdFailures(rule.thresholds, bid);
  const adjustment = rule.penalties !== undefined && Object.hasOwn(rule.penalties, bid.centre) ? (rule.penalties[bid.centre] ?? 0) : 0;
  if (rule.kind === 'lexicographic') {
    const keys = [adjustment, ...rule.order.map(({ field, prefer }) => (prefer === 'high' ? terms[field] : -terms[field]))];
    return { bid, acceptable: reasons.length === 0, reasons, adjustment, keys };
  }
  let base: number;
  if (rule.kind === 'weighted') {
    // Summed in the fixed field order, so the same bid rounds to the same score on every node.
    base = 0;
    for (const field of scoredFields) base += (rule.weights[field] ?? 0) * terms[field];
  } else {
    base = runCommand(compiled, bid, reasons);
  }
  const score = base + adjustment;
  if (!Number.isFinite(score)) return { bid, acceptable: false, reasons, adjustment, keys: [Number.NEGATIVE_INFINITY] };
  return { bid, acceptable: reasons.length === 0, reasons, score, adjustment, keys: [score] };
}

function runCommand(compiled: CompiledRule, bid: Bid, reasons: string[]): number {
  const command = compiled.command;
  if (command === undefined) throw new TypeError('A command rule must be compiled with compileRule before scoring.');
  let value: number;
  try {
    value = command.score(bid.terms, { centre: bid.centre, bidId: bid.id });
  } catch (cause) {
    reasons.push(`scoring command ${command.name} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    return Number.NaN;
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    reasons.push(`scoring command ${command.name} returned ${String(value)}, not a finite number`);
  return value;
}

function thresholdFailures(thresholds: Thresholds | undefined, { terms }: Bid): string[] {
  const reasons: string[] = [];
  if (thresholds === undefined) return reasons;
  const { maxCost, minProficiency, maxTimeToServiceMs } = thresholds;
  if (maxCost !== undefined && terms.cost > maxCost)
    reasons.push(`cost ${formatNumber(terms.cost)} is over maxCost ${formatNumber(maxCost)}`);
  if (minProficiency !== undefined && terms.proficiency < minProficiency)
    reasons.push(`proficiency ${terms.proficiency} is under minProficiency ${minProficiency}`);
  if (maxTimeToServiceMs !== undefined && terms.timeToServiceMs > maxTimeToServiceMs)
    reasons.push(`timeToServiceMs ${terms.timeToServiceMs} is over maxTimeToServiceMs ${maxTimeToServiceMs}`);
  return reasons;
}
