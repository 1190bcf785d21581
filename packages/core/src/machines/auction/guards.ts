import { centreOf } from '../../protocol/address.js';
import type { AuctionBidBody } from '../../protocol/messages/auction.js';

/**
 * A bid an owner can act on: from another centre that speaks for itself — the sender, the bidder
 * and the address answers go to are one centre, so answers never go to a centre that did not bid
 * — and whose promise matches what it holds (an agent under a fence, or neither). Anything else
 * is dropped unanswered: its `replyTo` cannot be trusted.
 *
 * @example
 * ```ts
 * consistentBid(bid, 'paris/bidder/main', 'london'); // false when bid.bidder is not 'paris'
 * ```
 */
export function consistentBid(bid: AuctionBidBody, from: string | undefined, owner: string): boolean {
  if (from === undefined || centreOf(from) !== bid.bidder || centreOf(bid.replyTo) !== bid.bidder || bid.bidder === owner) return false;
  return bid.promise === 'agent' ? bid.agent !== undefined && bid.fence !== undefined : bid.agent === undefined && bid.fence === undefined;
}
