import * as t from 'io-ts';
import { finite, int, oneOf } from './codecs.js';
import { CentreId, ObjectId } from './primitives.js';

/** The largest cost a bid may carry; large enough for any currency, small enough that weights × cost stay finite. */
export const MAX_BID_COST = 1_000_000_000;

/** The longest time-to-service a bid may promise: one day. */
export const MAX_TIME_TO_SERVICE_MS = 86_400_000;

/**
 * What every bid carries (claim 11): the cost of serving the contact there (currency units per
 * contact), the offered agent's proficiency in the contact's skill (0 for a promise from a queue,
 * when no agent is named yet), and how soon the contact would be served.
 */
export const BidTerms = t.type(
  {
    cost: finite(0, MAX_BID_COST),
    proficiency: int(0, 10),
    timeToServiceMs: int(0, MAX_TIME_TO_SERVICE_MS),
  },
  'BidTerms',
);
export type BidTerms = t.TypeOf<typeof BidTerms>;

/** A field of {@link BidTerms} a scoring rule can look at. */
export const ScoredField = oneOf(['cost', 'proficiency', 'timeToServiceMs']);
export type ScoredField = t.TypeOf<typeof ScoredField>;

/** Every scored field, in the fixed order weighted scores are summed in (so sums round the same everywhere). */
export const scoredFields: readonly ScoredField[] = ['cost', 'proficiency', 'timeToServiceMs'];

/**
 * A bid as the assessment sees it: who bids (`centre`), its id (unique per centre) and its terms.
 * The wire message of a bid carries more (a lease, a fence); assessments are generic over that.
 */
export const Bid = t.type({ id: ObjectId, centre: CentreId, terms: BidTerms }, 'Bid');
export type Bid = t.TypeOf<typeof Bid>;
