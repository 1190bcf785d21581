import type { AuctionBidBody } from '../../protocol/messages/auction.js';
import type { ContactSnapshot } from '../../protocol/messages/snapshots.js';
import type { Envelope } from '../../protocol/registry.js';
import type { AuctionOutcome } from '../auction/context.js';

type Message<T extends string, B> = Envelope<T, B> & { readonly at: number };

/** Events a centre's auctioneer takes; the runtime stamps each with `at`. */
export type AuctioneerEvent =
  // From the centre's own contacts, as each changes (sent by the contact actor, not echoed by the broker)
  | Message<'contact.snapshot', ContactSnapshot>
  // From the desk: a bid for an auction no longer hosted here
  | Message<'auction.bid', AuctionBidBody>
  // From the desk: an auction of this centre ended (the runtime's `actor.done`)
  | { readonly type: 'auction.closed'; readonly at: number; readonly outcome: AuctionOutcome }
  // Own timer: an auction of the contact is due (its first, or again after one nobody won)
  | { readonly type: 'due'; readonly at: number; readonly contact: string }
  // Own timer: the contact left the queue while this auction was open
  | { readonly type: 'cancel'; readonly at: number; readonly contact: string; readonly auctionId: string; readonly reason: string };

export type ContactSnapshotEvent = Extract<AuctioneerEvent, { type: 'contact.snapshot' }>;
