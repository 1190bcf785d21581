import { and, enqueueActions, not, setup } from 'xstate';
import type { Effect } from '../../effects/effects.js';
import { apply } from '../step.js';
import { ended, letOldestGo, refuseAward, refuseRequest, startBid } from './actions.js';
import { type BidderContext, type BidderInput, initialContext } from './context.js';
import type { BidderEvent } from './events.js';
import { full, liveActor, tooManyWaiting } from './guards.js';

/**
 * The bidder of a centre, or of an agent's own computer (DESIGN.md §5), at `{centre}/bidder/desk`:
 * it decides what comes for an auction that has no bid actor here. An entity starts the auction's
 * bid actor (`effect.host`, kind `bid`) unless `maxOpenBids` actors are live already; on an agent's
 * computer where the agent decides by hand, the oldest entities waiting for a decision beyond
 * `maxPendingDecisions` are let go. An award or an agent's request for an auction with no live
 * actor is refused, in the name of the desk the network knows (`{centre}/bidder/main`). It knows
 * which actors are live: it starts them, and its desk tells it when one ends (`bid.ended`).
 * Messages for a live actor go straight to it from the desk, with their sender. Pure: effects are data.
 */
export const bidderMachine = setup({
  types: {
    context: {} as BidderContext,
    input: {} as BidderInput,
    events: {} as BidderEvent,
    emitted: {} as Effect,
  },
  guards: {
    liveActor: ({ context, event }) => liveActor(context, event),
    full: ({ context }) => full(context),
    tooManyWaiting: ({ context, event }) => tooManyWaiting(context, event),
    atCentre: ({ context }) => context.input.side === 'centre',
  },
  actions: {
    startBid: enqueueActions(({ context, event, enqueue }) => apply(enqueue, startBid(context, event))),
    letOldestGo: enqueueActions(({ context, event, enqueue }) => apply(enqueue, letOldestGo(context, event))),
    refuseAward: enqueueActions(({ context, event, enqueue }) => apply(enqueue, refuseAward(context, event))),
    refuseRequest: enqueueActions(({ context, event, enqueue }) => apply(enqueue, refuseRequest(context, event))),
    ended: enqueueActions(({ context, event, enqueue }) => apply(enqueue, ended(context, event))),
  },
}).createMachine({
  id: 'bidder',
  context: ({ input }) => initialContext(input),
  initial: 'open',
  states: {
    open: {
      on: {
        'auction.entity': [
          // The same entity again, before its actor's end is known: the actor has it already.
          { guard: 'liveActor' },
          // At most `maxOpenBids` auctions are considered at once; an entity beyond it is passed over.
          { guard: 'full' },
          // Letting the oldest go after the new actor started: the agent hears of the new entity first.
          { guard: 'tooManyWaiting', actions: ['startBid', 'letOldestGo'] },
          { actions: 'startBid' },
        ],
        'auction.award': { guard: and(['atCentre', not('liveActor')]), actions: 'refuseAward' },
        'auction.bidRequest': { guard: and(['atCentre', not('liveActor')]), actions: 'refuseRequest' },
        'bid.ended': { actions: 'ended' },
      },
    },
  },
});

export type BidderMachine = typeof bidderMachine;
