import type { AuctionEntityBody } from '../../protocol/messages/auction.js';
import type { AgentSnapshot } from '../../protocol/messages/snapshots.js';
import type { Envelope } from '../../protocol/registry.js';
import type { RequestFacts } from './context.js';

type Message<T extends string, B> = Envelope<T, B> & { readonly at: number };

/** Events a bid actor takes; the runtime stamps each with `at`. */
export type BidEvent =
  // From the network, through the desk: the same entity again, the owner's award and release
  | Message<'auction.entity', AuctionEntityBody>
  | Message<'auction.award', { readonly auctionId: string; readonly bidId: string; readonly contact: string; readonly fence?: number }>
  | Message<'auction.release', { readonly auctionId: string; readonly bidId: string; readonly reason?: string }>
  // At a centre: an agent's own computer asks for a bid (through the desk); the agent's owner answers a reservation
  | (Message<'auction.bidRequest', { readonly auctionId: string; readonly agent: string; readonly cost?: number }> & {
      readonly facts?: RequestFacts;
    })
  | Message<
      'reserve.granted',
      {
        readonly requestId: string;
        readonly agent: string;
        readonly leaseId: string;
        readonly fence: number;
        readonly expiresAt: number;
        readonly rev?: number;
      }
    >
  | Message<'reserve.denied', { readonly requestId: string; readonly agent: string; readonly reason: string }>
  // At a centre: one of its agents changed, as its replica shows (through the desk)
  | { readonly type: 'agent.changed'; readonly at: number; readonly snapshot: AgentSnapshot }
  // On an agent's own computer: the home centre says how the bid goes; the agent decides
  | Message<
      'auction.bidStatus',
      {
        readonly auctionId: string;
        readonly agent: string;
        readonly status: 'placed' | 'refused' | 'won' | 'lost';
        readonly bidId?: string;
        readonly reason?: string;
      }
    >
  | { readonly type: 'bid.accept'; readonly at: number; readonly cost?: number }
  | { readonly type: 'bid.decline'; readonly at: number }
  // Own timers
  | { readonly type: 'deadline'; readonly at: number }
  | { readonly type: 'reserve.timeout'; readonly at: number; readonly requestId: string }
  | { readonly type: 'lease.expired'; readonly at: number; readonly fence: number }
  | { readonly type: 'forget'; readonly at: number };

export type BidEventOf<T extends BidEvent['type']> = Extract<BidEvent, { type: T }>;
