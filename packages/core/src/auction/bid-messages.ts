import type { Delivered } from '../runtime/runtime.js';

/** The message types a bid actor takes from its desk, at a centre and on an agent's own computer. */
export type BidMessage = Extract<
  Delivered,
  { readonly type: 'auction.entity' | 'auction.award' | 'auction.release' | 'auction.bidRequest' | 'auction.bidStatus' }
>;

const bidMessageTypes: ReadonlySet<string> = new Set<BidMessage['type']>([
  'auction.entity',
  'auction.award',
  'auction.release',
  'auction.bidRequest',
  'auction.bidStatus',
]);

/**
 * Whether a message a bidder desk received is for bidding; anything else is not for it.
 *
 * @example
 * ```ts
 * runtime.endpoint('bidder', 'main', (message) => {
 *   if (isBidMessage(message)) console.log(message.body.auctionId);
 * });
 * ```
 */
export const isBidMessage = (message: Delivered): message is BidMessage => bidMessageTypes.has(message.type);
