import * as t from 'io-ts';
import { AssessmentStrategy, Reserve, ScoringRule } from '../auction-terms.js';
import { BidTerms, ScoredField } from '../bid-terms.js';
import { boundedArray, int, oneOf } from '../codecs.js';
import { Address, CentreId, Fence, Language, Media, ObjectId, Text, Timestamp } from '../primitives.js';
import { Requirement } from './snapshots.js';

/** How bidders answer an entity: straight to the owner (claims 7, 27), or into the shared space next to it as a new entry (claims 8, 25, 28) or as the modified entity (claim 24). */
export const BidForm = oneOf(['direct', 'entry', 'modified-entity']);
export type BidForm = t.TypeOf<typeof BidForm>;

/** What a bidder needs to know of the contact to decide whether it can serve it (claims 1a, 9, 43b). */
export const AuctionedContact = t.intersection([
  t.type({
    id: ObjectId,
    media: Media,
    skillset: ObjectId,
    requirements: boundedArray(Requirement, 16),
    priority: int(0, 1_000),
    seniority: Timestamp,
  }),
  t.partial({ language: Language, value: t.number }),
]);
export type AuctionedContact = t.TypeOf<typeof AuctionedContact>;

/**
 * `auction.entity` — the contact information entity (claims 1a, 3–6, 9–12, 43): published retained
 * on `auction/{owner}/{contact}` by the contact's owner while the auction is open and cleared after.
 * It names the controlling node (`owner`, claim 43a), the contact's characteristics, the
 * parameters every bid must carry (claims 10, 11, 43c), the scoring rule (claims 12–15), the
 * assessment strategy (claims 16, 17), the bid form, the deadline and how long a bidder should
 * hold the agent it bids with.
 */
export const AuctionEntityBody = t.intersection([
  t.type({
    auctionId: ObjectId,
    owner: CentreId,
    /** Where direct bids go: the owner's auction desk. */
    replyTo: Address,
    contact: AuctionedContact,
    params: boundedArray(ScoredField, 3),
    rule: ScoringRule,
    strategy: AssessmentStrategy,
    bidForm: BidForm,
    deadline: Timestamp,
    /** How long a bidder's lease should last from the moment it bids: the rest of the auction, the award and the handover. */
    leaseMs: int(1, 600_000),
  }),
  t.partial({
    /** Stay local unless a bid beats the local expected wait by this much (the owner applies it; bidders may skip hopeless bids). */
    reserve: Reserve,
    localExpectedWaitMs: int(0, 86_400_000),
  }),
]);
export type AuctionEntityBody = t.TypeOf<typeof AuctionEntityBody>;

/**
 * `auction.bid` — an offer to serve the contact (claims 19, 25, 27, 38): sent to the owner's desk
 * or published into the shared space at `auction/{owner}/{contact}/bids/{bidder}`, referring to the
 * entity by `auctionId`. An `agent` bid holds a lease on that agent (`fence`); a `queue` bid
 * promises `terms.timeToServiceMs` from the bidder's queue.
 */
export const AuctionBidBody = t.intersection([
  t.type({
    auctionId: ObjectId,
    bidId: ObjectId,
    bidder: CentreId,
    /** Where the award and the release go: the bidder's desk. */
    replyTo: Address,
    terms: BidTerms,
    promise: oneOf(['agent', 'queue']),
  }),
  t.partial({ agent: ObjectId, fence: Fence, expiresAt: Timestamp }),
]);
export type AuctionBidBody = t.TypeOf<typeof AuctionBidBody>;

/** `auction.entityBid` — a bid written as the modified entity (claim 24): the entity with the bid in it. */
export const AuctionEntityBidBody = t.type({ entity: AuctionEntityBody, bid: AuctionBidBody });

/** `auction.award` — the bid won (claim 1c): confirm that its lease still holds. */
export const AuctionAwardBody = t.intersection([
  t.type({ auctionId: ObjectId, bidId: ObjectId, contact: ObjectId }),
  t.partial({ fence: Fence }),
]);

/** `auction.confirm` — the winner's answer to its award: `confirmed` (its lease is the assignment now) or `refused`. */
export const AuctionConfirmBody = t.intersection([
  t.type({ auctionId: ObjectId, bidId: ObjectId, result: oneOf(['confirmed', 'refused']) }),
  t.partial({ reason: Text }),
]);

/** `auction.release` — the bid lost, was displaced or came too late: release its lease now. */
export const AuctionReleaseBody = t.intersection([t.type({ auctionId: ObjectId, bidId: ObjectId }), t.partial({ reason: Text })]);

/**
 * `auction.open` — inside the owner: its auctioneer asks the auction desk to host the auction of a
 * contact waiting here (the desk hosts it with the centre's policy and the local expected wait).
 */
export const AuctionOpenBody = t.type({ auctionId: ObjectId, contact: AuctionedContact });

/** `auction.cancel` — inside the owner: the contact left the queue, so its auctioneer ends its auction. */
export const AuctionCancelBody = t.type({ auctionId: ObjectId, reason: Text });

/** `auction.won` — from the auction to its contact: move to `centre` (and its `agent`, under `fence`). */
export const AuctionWonBody = t.intersection([
  t.type({ auctionId: ObjectId, contact: ObjectId, centre: CentreId }),
  t.partial({ agent: Address, fence: Fence }),
]);

/** `auction.taken` — the contact's answer: it is moving (`accepted`), or it is no longer waiting (`refused`). */
export const AuctionTakenBody = t.intersection([
  t.type({ auctionId: ObjectId, contact: ObjectId, result: oneOf(['accepted', 'refused']) }),
  t.partial({ reason: Text }),
]);

/**
 * `auction.bidRequest` — a single agent's own computer (claim 18) asks its home centre to bid for
 * it: the centre reserves that agent and bids, quoting `cost` when given.
 */
export const AuctionBidRequestBody = t.intersection([
  t.type({ auctionId: ObjectId, agent: ObjectId }),
  t.partial({ cost: t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0 && n <= 1_000_000_000, 'a cost from 0 to 1e9') }),
]);

/** `auction.bidStatus` — the home centre tells the agent's computer how its bid goes: `placed`, `refused` (with a reason), `won` or `lost`. */
export const AuctionBidStatusBody = t.intersection([
  t.type({ auctionId: ObjectId, agent: ObjectId, status: oneOf(['placed', 'refused', 'won', 'lost']) }),
  t.partial({ bidId: ObjectId, reason: Text }),
]);
