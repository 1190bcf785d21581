import { and, enqueueActions, not, setup } from 'xstate';
import type { Effect } from '../../effects/effects.js';
import { apply } from '../step.js';
import { cancelLeft, closed, due, left, releaseLate, retryLater, start, switched } from './actions.js';
import { type AuctioneerContext, type AuctioneerInput, initialContext } from './context.js';
import type { AuctioneerEvent } from './events.js';
import * as guards from './guards.js';

/**
 * The owner's side of its auctions (DESIGN.md §5), one per centre that auctions: it hears of every
 * change of the centre's own contacts from the contacts themselves, opens an auction (hosted by the
 * desk) when a contact of an auctioned queue waits here and the router did not place it at once, cancels it when the contact leaves the
 * queue (once what is under way settled: an auction that moved the contact ends by itself) or switches queue, auctions the contact again `retryMs` after an auction nobody won if it
 * still waits here, and releases bids that come after their auction is over — but never a late
 * copy of a bid that won. One auction at a time per contact. Pure: effects are data, time comes
 * from the runtime's timers.
 */
export const auctioneerMachine = setup({
  types: {
    context: {} as AuctioneerContext,
    input: {} as AuctioneerInput,
    events: {} as AuctioneerEvent,
    emitted: {} as Effect,
  },
  guards: {
    fromOwnContact: ({ context, event }) => guards.fromOwnContact(context, event),
    waiting: ({ context, event }) => guards.waiting(context, event),
    switchedQueue: ({ context, event }) => guards.switchedQueue(context, event),
    alreadyAuctioned: ({ context, event }) => guards.alreadyAuctioned(context, event),
    auctionedQueue: ({ context, event }) => guards.auctionedQueue(context, event),
    stillQueued: ({ context, event }) => guards.stillQueued(context, event),
    consistent: ({ context, event }) => guards.consistent(context, event),
    rememberedWinner: ({ context, event }) => guards.rememberedWinner(context, event),
    stillOpen: ({ context, event }) => guards.stillOpen(context, event),
  },
  actions: {
    start: enqueueActions(({ context, event, enqueue }) => apply(enqueue, start(context, event))),
    left: enqueueActions(({ context, event, enqueue }) => apply(enqueue, left(context, event))),
    cancelLeft: enqueueActions(({ context, event, enqueue }) => apply(enqueue, cancelLeft(context, event))),
    switched: enqueueActions(({ context, event, enqueue }) => apply(enqueue, switched(context, event))),
    closed: enqueueActions(({ context, event, enqueue }) => apply(enqueue, closed(context, event))),
    retryLater: enqueueActions(({ context, event, enqueue }) => apply(enqueue, retryLater(context, event))),
    due: enqueueActions(({ context, event, enqueue }) => apply(enqueue, due(context, event))),
    releaseLate: enqueueActions(({ context, event, enqueue }) => apply(enqueue, releaseLate(context, event))),
  },
}).createMachine({
  id: 'auctioneer',
  context: ({ input }) => initialContext(input),
  initial: 'watching',
  states: {
    watching: {
      on: {
        'contact.snapshot': [
          { guard: not('fromOwnContact') },
          { guard: not('waiting'), actions: 'left' },
          // Bids for the old skillset no longer fit: start over for the new one.
          { guard: and(['switchedQueue', 'auctionedQueue']), actions: ['switched', 'start'] },
          { guard: 'switchedQueue', actions: 'switched' },
          { guard: 'alreadyAuctioned' },
          { guard: 'auctionedQueue', actions: 'start' },
        ],
        'auction.closed': { actions: ['closed', 'retryLater'] },
        due: { guard: 'stillQueued', actions: 'due' },
        cancel: { guard: 'stillOpen', actions: 'cancelLeft' },
        'auction.bid': [{ guard: not('consistent') }, { guard: 'rememberedWinner' }, { actions: 'releaseLate' }],
      },
    },
  },
});

export type AuctioneerMachine = typeof auctioneerMachine;
