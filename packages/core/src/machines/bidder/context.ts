import type { AgentProfile } from '../bid/context.js';

/** A centre's bidder: it starts one bid actor per entity it considers, and bids. */
export interface CentreBidderInput {
  readonly side: 'centre';
  /** This centre's id. */
  readonly centre: string;
  /** The desk's wire address (`{centre}/bidder/main`): bids name it as `replyTo`, refusals go out in its name. */
  readonly desk: string;
  /** At most this many bid actors live at once (`limits.maxOpenBids`); an entity beyond it is passed over. */
  readonly maxOpenBids: number;
  /** This centre's incarnation: its bid actors' bid ids differ from an earlier life's. */
  readonly incarnation: number;
}

/** An agent's own computer (`createAgentBidder`): one bid actor per entity the agent might take. */
export interface AgentBidderInput {
  readonly side: 'agent';
  /** This node's id. */
  readonly centre: string;
  readonly desk: string;
  readonly maxOpenBids: number;
  readonly home: string;
  readonly agent: AgentProfile;
  /** The agent decides by hand (no `decide` rule): entities wait for the decision, at most `maxPendingDecisions`. */
  readonly byHand: boolean;
  /** At most this many entities wait for the agent's decision; the oldest is let go first. */
  readonly maxPendingDecisions: number;
}

export type BidderInput = CentreBidderInput | AgentBidderInput;

export interface BidderContext {
  readonly input: BidderInput;
  /** The auctions whose bid actors are live, oldest first: started here, not yet ended (`bid.ended`). */
  readonly live: readonly string[];
  /** Bid actors started in this life: the next one's serial number (in its bid id). */
  readonly started: number;
}

export const initialContext = (input: BidderInput): BidderContext => ({ input, live: [], started: 0 });

/** The address of the bid actor for an auction. */
export const bidAddress = (centre: string, auctionId: string): string => `${centre}/bid/${auctionId}`;
