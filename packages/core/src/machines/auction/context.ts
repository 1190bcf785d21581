import type { AssessmentStrategy } from '../../auction/assessment.js';
import type { Explanation } from '../../auction/explanation.js';
import type { Reserve } from '../../auction/reserve.js';
import type { ScoringRule } from '../../auction/scoring-rule.js';
import type { ScoredField } from '../../protocol/bid-terms.js';
import type { AuctionBidBody, AuctionedContact, BidForm } from '../../protocol/messages/auction.js';

/** How a centre runs the auctions of its contacts (DESIGN.md §5); `createCentre({ auctions })`. */
export interface AuctionPolicy {
  readonly rule: ScoringRule;
  readonly strategy: AssessmentStrategy;
  /** The parameters bids must carry (claims 10, 11); default all three. */
  readonly params: readonly ScoredField[];
  readonly bidForm: BidForm;
  /** Bids are taken until this long after the entity is published (claim 17's timeout). */
  readonly deadlineMs: number;
  /** How long a winner has to confirm its award before the next best bid is tried. */
  readonly awardMs: number;
  /** Stay in the local queue unless the best bid beats the local expected wait by this much (claim 36). */
  readonly reserve?: Reserve;
  /** After an auction nobody won, auction the contact again this long later if it still waits here; `null`: never. */
  readonly retryMs: number | null;
}

/** `createCentre({ auctions })`: auction this centre's waiting contacts; any field left out takes its default. */
export type AuctionOptions = Partial<AuctionPolicy> & {
  /** Queues (skillsets) whose contacts are auctioned; default every queue. */
  readonly queues?: readonly string[];
};

export const defaultAuctionPolicy: AuctionPolicy = {
  rule: { kind: 'command', command: 'fastest' },
  strategy: { kind: 'collect' },
  params: ['cost', 'proficiency', 'timeToServiceMs'],
  bidForm: 'direct',
  deadlineMs: 2_000,
  awardMs: 2_000,
  retryMs: 15_000,
};

/** A bid as the auction keeps it: what the assessment ranks (`id`, `centre`, `terms`) and where to answer. */
export interface HeldBid {
  readonly id: string;
  readonly centre: string;
  readonly terms: AuctionBidBody['terms'];
  readonly replyTo: string;
  readonly promise: 'agent' | 'queue';
  readonly agent?: string;
  readonly fence?: number;
}

export interface AuctionInput {
  readonly auctionId: string;
  readonly owner: string;
  /** The owner's auction desk: direct bids arrive there. */
  readonly desk: string;
  readonly contact: AuctionedContact;
  readonly policy: AuctionPolicy;
  /** The contact's expected wait here, for the reserve: `Infinity` when nobody here can serve it. */
  readonly localExpectedWaitMs: number;
  readonly at: number;
}

/** How an auction ended: `awarded` (the contact moves to the winner), `stayed` (it stays in the local queue, claim 36) or `cancelled` (it left the queue meanwhile). */
export interface AuctionOutcome {
  readonly auctionId: string;
  readonly contact: string;
  readonly result: 'awarded' | 'stayed' | 'cancelled';
  readonly winner?: { readonly bid: string; readonly centre: string; readonly agent?: string };
  readonly reason: string;
  readonly explanation?: Explanation;
}

export interface AuctionContext extends AuctionInput {
  readonly deadline: number;
  /** Every bid taken while open, in arrival order (the assessment is replayed from these: pure). */
  readonly bids: readonly HeldBid[];
  /** After closing: the acceptable bids, best first; `candidate` is the one awarded now. */
  readonly ranked: readonly HeldBid[];
  readonly candidate: number;
  /** Bids whose bidders were told to release (never told twice). */
  readonly released: readonly string[];
  readonly explanation: Explanation | null;
  readonly reason: string;
  readonly result: AuctionOutcome['result'] | null;
}

export const initialContext = (input: AuctionInput): AuctionContext => ({
  ...input,
  deadline: input.at + input.policy.deadlineMs,
  bids: [],
  ranked: [],
  candidate: 0,
  released: [],
  explanation: null,
  reason: '',
  result: null,
});

/** A bid's key: bid ids are unique per bidder. */
export const bidKey = (bid: { readonly centre: string; readonly id: string }): string => `${bid.centre}/${bid.id}`;

/** The agent address a bid holds a lease on, if it is an agent bid. */
export const bidAgent = (bid: HeldBid): string | undefined => (bid.agent === undefined ? undefined : `${bid.centre}/agent/${bid.agent}`);
