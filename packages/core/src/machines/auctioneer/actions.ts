import { type Effect, effects } from '../../effects/effects.js';
import { derivedId } from '../../protocol/derived-id.js';
import type { AuctionedContact } from '../../protocol/messages/auction.js';
import { type ContactSnapshot, goneStates } from '../../protocol/messages/snapshots.js';
import type { Step as StepOf } from '../step.js';
import { type Auctioned, type AuctioneerContext, auctionAddress, entry, without } from './context.js';
import type { AuctioneerEvent } from './events.js';

type Step = StepOf<AuctioneerContext>;

/** What bidders are told of the contact. */
const auctionedContact = (contact: ContactSnapshot): AuctionedContact => ({
  id: contact.id,
  media: contact.media,
  skillset: contact.skillset,
  requirements: contact.requirements,
  priority: contact.priority,
  seniority: contact.seniority,
  ...(contact.language === undefined ? {} : { language: contact.language }),
  ...(contact.value === undefined ? {} : { value: contact.value }),
});

/** Open an auction of the contact: the desk hosts it. Its id is unique per auction, within the id limit however long the contact's id. */
function open(context: AuctioneerContext, auctioned: Auctioned): Step {
  const { contact, rev, attempts } = auctioned;
  const auctionId = derivedId(contact.id, `${rev}${attempts === 0 ? '' : `.${attempts}`}`);
  return {
    patch: {
      running: { ...context.running, [contact.id]: auctionId },
      auctioned: { ...context.auctioned, [contact.id]: { ...auctioned, attempts: attempts + 1 } },
    },
    effects: [effects.send(context.desk, 'auction.open', { auctionId, contact })],
  };
}

/**
 * A contact of an auctioned queue waits here and is not auctioned yet: its auction is due as soon
 * as what is under way settles. The router heard of the contact first and has its go first: a
 * contact it places here at once leaves the queue before the auction is due, and is never auctioned.
 */
export function start(context: AuctioneerContext, event: AuctioneerEvent): Step {
  if (event.type !== 'contact.snapshot') return {};
  const { id } = event.body;
  return {
    patch: { auctioned: { ...context.auctioned, [id]: { contact: auctionedContact(event.body), rev: event.body.rev, attempts: 0 } } },
    effects: [effects.schedule(dueTimer(id), 0, { type: 'due', contact: id })],
  };
}

const dueTimer = (contact: string): string => `due:${contact}`;

/** Cancel the contact's auction, if one is open, and forget the contact's stay in the queue. */
function cancel(context: AuctioneerContext, contact: string, reason: string): { effects: Effect[]; auctioned: Record<string, Auctioned> } {
  const running = entry(context.running, contact);
  return {
    effects: [effects.cancel(dueTimer(contact)), ...(running === undefined ? [] : [cancelAuction(context, running, reason)])],
    auctioned: without(context.auctioned, contact),
  };
}

const cancelAuction = (context: AuctioneerContext, auctionId: string, reason: string): Effect =>
  effects.send(auctionAddress(context.owner, auctionId), 'auction.cancel', { auctionId, reason });

/**
 * The contact left the queue (an agent here took it, the customer hung up, it is moving to a
 * winner): it is forgotten — back in the queue later, it is auctioned afresh — and its auction is
 * cancelled once what is under way has settled (a 0 ms timer): an auction whose own award moved
 * the contact ends by itself meanwhile (`auction.closed`), and nothing is sent to it after its end.
 */
export function left(context: AuctioneerContext, event: AuctioneerEvent): Step {
  if (event.type !== 'contact.snapshot') return {};
  const { id, state } = event.body;
  // Only the first change out of the queue cancels (and names why): later ones find it forgotten.
  const running = entry(context.auctioned, id) === undefined ? undefined : entry(context.running, id);
  const reason = goneStates.has(state) ? 'the contact is gone' : `the contact is ${state} here`;
  return {
    patch: { auctioned: without(context.auctioned, id) },
    effects: [
      effects.cancel(dueTimer(id)),
      ...(running === undefined
        ? []
        : [effects.schedule(`cancel:${running}`, 0, { type: 'cancel', contact: id, auctionId: running, reason })]),
    ],
  };
}

/** The contact's auction is still open once the contact left the queue: it is cancelled. */
export function cancelLeft(context: AuctioneerContext, event: AuctioneerEvent): Step {
  if (event.type !== 'cancel') return {};
  return { effects: [cancelAuction(context, event.auctionId, event.reason)] };
}

/** The customer switched queue: the auction for the old skillset is cancelled, and the contact is forgotten. */
export function switched(context: AuctioneerContext, event: AuctioneerEvent): Step {
  if (event.type !== 'contact.snapshot') return {};
  const out = cancel(context, event.body.id, `the contact switched to ${event.body.skillset}`);
  return { patch: { auctioned: out.auctioned, running: without(context.running, event.body.id) }, effects: out.effects };
}

/** An auction ended: the contact is free for another; awarded, it leaves by a handover (should it come back, it is auctioned afresh). */
export function closed(context: AuctioneerContext, event: AuctioneerEvent): Step {
  if (event.type !== 'auction.closed') return {};
  const { outcome } = event;
  const current = entry(context.running, outcome.contact) === outcome.auctionId;
  const winners =
    outcome.winner === undefined
      ? context.winners
      : [...context.winners, [outcome.auctionId, `${outcome.winner.centre}/${outcome.winner.bid}`] as const].slice(-context.remember);
  return {
    patch: {
      running: current ? without(context.running, outcome.contact) : context.running,
      auctioned: outcome.result === 'awarded' ? without(context.auctioned, outcome.contact) : context.auctioned,
      winners,
    },
  };
}

/**
 * Nobody won and the contact still waits here (nobody bid, or no bid was good enough): the
 * network may look different in `retryMs` — agents free up, the local wait grows — so ask again then.
 */
export function retryLater(context: AuctioneerContext, event: AuctioneerEvent): Step {
  if (event.type !== 'auction.closed' || event.outcome.result !== 'stayed' || context.retryMs === null) return {};
  const { contact } = event.outcome;
  return { effects: [effects.schedule(dueTimer(contact), context.retryMs, { type: 'due', contact })] };
}

/** An auction of a contact that still waits here is due: open it. */
export function due(context: AuctioneerContext, event: AuctioneerEvent): Step {
  if (event.type !== 'due') return {};
  const auctioned = entry(context.auctioned, event.contact);
  return auctioned === undefined ? {} : open(context, auctioned);
}

/** A bid for an auction that is over: its bidder is told to release its lease at once. */
export function releaseLate(_: AuctioneerContext, event: AuctioneerEvent): Step {
  if (event.type !== 'auction.bid') return {};
  const { auctionId, bidId, replyTo } = event.body;
  return { effects: [effects.send(replyTo, 'auction.release', { auctionId, bidId, reason: 'the auction is over' })] };
}
