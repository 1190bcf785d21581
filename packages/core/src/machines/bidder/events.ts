import type { AuctionEntityBody } from '../../protocol/messages/auction.js';
import type { Envelope } from '../../protocol/registry.js';
import type { BidFacts, RequestFacts } from '../bid/context.js';

type Message<T extends string, B> = Envelope<T, B> & { readonly at: number };

/**
 * What the desk knows around an entity that the bidder machine cannot know itself, read as the
 * entity arrives: what the replicas say of the contact and of the centre's free agents, its mode
 * and queue (handed on to the bid actor), and which entities wait for the agent.
 */
export interface EntityFacts extends BidFacts {
  /** The owner the network knows the contact under, if it knows the contact (at a centre). */
  readonly knownOwner?: string;
  /** The auctions whose entities wait for the agent's decision now, oldest first (on an agent's computer). */
  readonly waiting?: readonly string[];
}

/**
 * Events the bidder machine takes, from its desk: what came for an auction that has no bid actor
 * here, and the end of a bid actor (the runtime's `actor.done` or `actor.failed`). The runtime
 * stamps each with `at`.
 */
export type BidderEvent =
  | (Message<'auction.entity', AuctionEntityBody> & { readonly facts?: EntityFacts })
  | Message<'auction.award', { readonly auctionId: string; readonly bidId: string; readonly contact: string; readonly fence?: number }>
  | Message<'auction.release', { readonly auctionId: string; readonly bidId: string; readonly reason?: string }>
  | (Message<'auction.bidRequest', { readonly auctionId: string; readonly agent: string; readonly cost?: number }> & {
      readonly facts?: RequestFacts;
    })
  | Message<'auction.bidStatus', { readonly auctionId: string; readonly agent: string; readonly status: string; readonly reason?: string }>
  | { readonly type: 'bid.ended'; readonly at: number; readonly auctionId: string };
