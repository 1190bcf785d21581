import { consistentBid } from '../auction/guards.js';
import { type AuctioneerContext, entry } from './context.js';
import type { AuctioneerEvent } from './events.js';

type Guard = (context: AuctioneerContext, event: AuctioneerEvent) => boolean;

/** A snapshot its own contact actor sent: no other sender speaks for a contact of this centre. */
export const fromOwnContact: Guard = (context, event) =>
  event.type === 'contact.snapshot' && event.body.owner === context.owner && event.from === `${context.owner}/contact/${event.body.id}`;

/** The contact waits in the queue here. */
export const waiting: Guard = (_, event) => event.type === 'contact.snapshot' && event.body.state === 'queued';

/** The customer switched queue since the contact was auctioned: bids for the old skillset no longer fit. */
export const switchedQueue: Guard = (context, event) => {
  if (event.type !== 'contact.snapshot') return false;
  const auctioned = entry(context.auctioned, event.body.id);
  return auctioned !== undefined && auctioned.contact.skillset !== event.body.skillset;
};

/** One auction at a time per contact, and one per stay in the queue until it ends (then a retry may follow). */
export const alreadyAuctioned: Guard = (context, event) =>
  event.type === 'contact.snapshot' &&
  (entry(context.running, event.body.id) !== undefined || entry(context.auctioned, event.body.id) !== undefined);

/** The contact's queue is one this centre auctions. */
export const auctionedQueue: Guard = (context, event) =>
  event.type === 'contact.snapshot' && (context.queues === null || context.queues.includes(event.body.skillset));

/** An auction is due: only for a contact still waiting here (it is forgotten on leaving the queue) and not in an auction now. */
export const stillQueued: Guard = (context, event) =>
  event.type === 'due' && entry(context.auctioned, event.contact) !== undefined && entry(context.running, event.contact) === undefined;

/** A bid that speaks for its sender (see {@link consistentBid}). */
export const consistent: Guard = (context, event) => event.type === 'auction.bid' && consistentBid(event.body, event.from, context.owner);

/** A late copy of a bid that won: its lease is the contact's assignment now. */
export const rememberedWinner: Guard = (context, event) =>
  event.type === 'auction.bid' &&
  context.winners.some(([auctionId, bid]) => auctionId === event.body.auctionId && bid === `${event.body.bidder}/${event.body.bidId}`);

/** The auction is still the contact's open one (it did not end by itself since the contact left). */
export const stillOpen: Guard = (context, event) => event.type === 'cancel' && entry(context.running, event.contact) === event.auctionId;
