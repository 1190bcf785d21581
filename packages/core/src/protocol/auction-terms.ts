import * as t from 'io-ts';
import { MAX_BID_COST, MAX_TIME_TO_SERVICE_MS, ScoredField } from './bid-terms.js';
import { boundedArray, boundedString, finite, int, oneOf, pattern, refine } from './codecs.js';
import { CentreId } from './primitives.js';
import { byKind, closed, strictRecord } from './tagged-codecs.js';

// The auction terms a contact information entity carries on the wire (docs/protocol.md): its
// scoring rule, assessment strategy and reserve. What they mean, and the code that applies them,
// live in auction/.

/** A scoring command's name: lower-case letters, digits and `-`, starting with a letter, at most 64 characters. */
export const SCORING_COMMAND_NAME = /^[a-z][a-z0-9-]{0,63}$/;

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

/**
 * How the owner assesses bids (claims 16–17), as data a contact information entity carries:
 * - `best-so-far` keeps one winning bid and replaces it when a better one comes (claim 16);
 * - `collect` keeps every acceptable bid until the deadline, then ranks them (claim 17);
 * - `first-acceptable` awards the first acceptable bid whose score is at least `threshold` at
 *   once. Without `threshold`, the first acceptable bid. Lexicographic rules have no score, so
 *   they take no `threshold`: put the bar in the rule's `thresholds`. When no bid meets it by the
 *   deadline, `close()` falls back to the best acceptable bid, as `collect` would.
 */
export const AssessmentStrategy = byKind(
  {
    'best-so-far': closed({ kind: t.literal('best-so-far') }, {}, 'the best-so-far strategy'),
    collect: closed({ kind: t.literal('collect') }, {}, 'the collect strategy'),
    'first-acceptable': closed(
      { kind: t.literal('first-acceptable') },
      { threshold: finite(-1e15, 1e15) },
      'the first-acceptable strategy',
    ),
  },
  'an assessment strategy (kind best-so-far, collect or first-acceptable)',
);
export type AssessmentStrategy = t.TypeOf<typeof AssessmentStrategy>;

/**
 * The reserve of an auction (DESIGN.md §5): stay local unless a bid improves the local expected
 * wait by at least `improveByMs`, **or** by at least `improveByPercent` of it — either one is
 * enough when both are given. A bid that does not improve the wait at all never beats the
 * reserve, even an empty one: moving a contact for no gain only costs a handover.
 */
export const Reserve = closed({}, { improveByMs: int(0, MAX_TIME_TO_SERVICE_MS), improveByPercent: finite(0, 100) }, 'a reserve');
export type Reserve = t.TypeOf<typeof Reserve>;
