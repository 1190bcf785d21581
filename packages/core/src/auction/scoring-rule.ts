import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { boundedArray, boundedString, finite, int, oneOf, pattern, refine } from '../protocol/codecs.js';
import { CentreId } from '../protocol/primitives.js';
import { invalidMessage } from '../protocol/validation-error.js';
import { err, ok, type Result } from '../result.js';
import { type Bid, MAX_BID_COST, MAX_TIME_TO_SERVICE_MS, ScoredField, scoredFields } from './bid-terms.js';
import { byKind, closed, strictRecord } from './codecs.js';
import { formatFields, formatNumber } from './format.js';
import {
  type BoundScoringCommand,
  createScoringCommandRegistry,
  SCORING_COMMAND_NAME,
  type ScoringCommandRegistry,
} from './scoring-commands.js';

// Bounds keep every score finite: |weight × value| ≤ 1e6 × 1e9, far from overflow.
const Weight = finite(-1_000_000, 1_000_000);
const Weights = closed({}, { cost: Weight, proficiency: Weight, timeToServiceMs: Weight }, 'weights');

const LexicographicKey = closed({ field: ScoredField, prefer: oneOf(['low', 'high']) }, {}, 'a lexicographic key');
const Order = refine(
  boundedArray(LexicographicKey, 3),
  (keys) => keys.length >= 1 && new Set(keys.map((key) => key.field)).size === keys.length,
  'one to three keys, each on a different field',
);

const ParamName = pattern(/^[a-zA-Z][a-zA-Z0-9_-]{0,31}$/, 'a param name (letters, digits, _ -; at most 32 characters)');
const ParamValue = t.union([finite(-1e15, 1e15), boundedString(256), t.boolean]);

/** The acceptance thresholds of a rule: a bid failing any of them is not acceptable and never wins. */
export const Thresholds = closed(
  {},
  { maxCost: finite(0, MAX_BID_COST), minProficiency: int(0, 10), maxTimeToServiceMs: int(0, MAX_TIME_TO_SERVICE_MS) },
  'thresholds',
);
export type Thresholds = t.TypeOf<typeof Thresholds>;

/** An adjust-by per bidding centre, added to the score of its bids; negative is a penalty. */
export const Penalties = strictRecord(CentreId, finite(-1e12, 1e12), 256, 'penalties');

const common = { thresholds: Thresholds, penalties: Penalties };

/**
 * How bids are scored (claims 12–15), as data a contact information entity carries:
 * - `weighted`: score = Σ weight × value over cost, proficiency, timeToServiceMs (give cost and time
 *   negative weights), plus the centre's penalty;
 * - `lexicographic`: compare field by field in `order`, each `prefer: 'low' | 'high'`. There is no
 *   single score, so a centre's penalty is the **first** key: a bid from a centre with a lower
 *   adjustment loses to every bid with a higher one, whatever its fields (centres without an entry
 *   count 0). Use it to make a centre a last resort;
 * - `command`: a named scoring command from the registry every node trusts, with `params`; score
 *   = the command's score plus the centre's penalty.
 *
 * Every kind may carry `thresholds` (on the raw terms, before penalties) and `penalties`. Unknown
 * fields are refused, so a typo cannot silently drop a threshold.
 */
export const ScoringRule = byKind(
  {
    weighted: closed({ kind: t.literal('weighted'), weights: Weights }, common, 'a weighted rule'),
    lexicographic: closed({ kind: t.literal('lexicographic'), order: Order }, common, 'a lexicographic rule'),
    command: closed(
      { kind: t.literal('command'), command: pattern(SCORING_COMMAND_NAME, 'a scoring command name (a-z, 0-9, -; at most 64 characters)') },
      { ...common, params: strictRecord(ParamName, ParamValue, 16, 'params') },
      'a command rule',
    ),
  },
  'a scoring rule (kind weighted, lexicographic or command)',
);
export type ScoringRule = t.TypeOf<typeof ScoringRule>;

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
