import type { Envelope } from '../../protocol/registry.js';

type Message<T extends string, B> = Envelope<T, B> & { readonly at: number };

/** Events an auction actor takes; the runtime stamps each with `at`. */
export type AuctionEvent =
  // From bidders, through the owner's desk (every bid form arrives as `auction.bid`)
  | Message<
      'auction.bid',
      {
        readonly auctionId: string;
        readonly bidId: string;
        readonly bidder: string;
        readonly replyTo: string;
        readonly terms: { readonly cost: number; readonly proficiency: number; readonly timeToServiceMs: number };
        readonly promise: 'agent' | 'queue';
        readonly agent?: string;
        readonly fence?: number;
        readonly expiresAt?: number;
      }
    >
  | Message<
      'auction.confirm',
      { readonly auctionId: string; readonly bidId: string; readonly result: 'confirmed' | 'refused'; readonly reason?: string }
    >
  // From the contact
  | Message<
      'auction.taken',
      { readonly auctionId: string; readonly contact: string; readonly result: 'accepted' | 'refused'; readonly reason?: string }
    >
  // From the owner's auctioneer: the contact left the queue (routed here, abandoned…)
  | Message<'auction.cancel', { readonly auctionId: string; readonly reason: string }>
  // Own timers
  | { readonly type: 'deadline'; readonly at: number }
  | { readonly type: 'award.timeout'; readonly at: number; readonly candidate: number }
  | { readonly type: 'taken.timeout'; readonly at: number };

export type BidEvent = Extract<AuctionEvent, { type: 'auction.bid' }>;
