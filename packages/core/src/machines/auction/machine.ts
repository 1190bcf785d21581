import { and, assign, enqueueActions, not, setup } from 'xstate';
import type { ScoringCommandRegistry } from '../../auction/scoring-commands.js';
import type { Effect } from '../../effects/effects.js';
import { apply } from '../step.js';
import { award, awardReason, awardsNow, close, finish, handOver, nextCandidate, open, refuseLate, takeBid } from './actions.js';
import { type AuctionContext, type AuctionInput, type AuctionOutcome, initialContext } from './context.js';
import type { AuctionEvent } from './events.js';
import { consistentBid } from './guards.js';

/**
 * One auction of one contact at its owner (DESIGN.md §5): the contact information entity is
 * published and bids are assessed by the entity's strategy until the deadline (or, for
 * `first-acceptable`, until an acceptable bid meets the threshold); then the best bid is awarded,
 * its bidder confirms, and the contact is told to move there. A winner that cannot confirm gives
 * way to the next best bid; when none is left, or no bid beats the reserve, the contact stays in
 * the local queue. Every bid that is out is released at once; every auction ends. Pure: effects
 * are data. The scoring commands a rule may name come from `registry`, which every node trusts.
 */
export const createAuctionMachine = (registry: ScoringCommandRegistry) =>
  setup({
    types: {
      context: {} as AuctionContext,
      input: {} as AuctionInput,
      events: {} as AuctionEvent,
      emitted: {} as Effect,
      output: {} as AuctionOutcome,
    },
    guards: {
      awardsNow: ({ context, event }) => awardsNow(context, event, registry),
      hasCandidate: ({ context }) => context.candidate < context.ranked.length,
      // Only the candidate's own bidder can confirm (or refuse) its award.
      forCandidate: ({ context, event }) =>
        (event.type === 'auction.confirm' &&
          event.body.bidId === context.ranked[context.candidate]?.id &&
          event.from === context.ranked[context.candidate]?.replyTo) ||
        (event.type === 'award.timeout' && event.candidate === context.candidate),
      fromContact: ({ context, event }) =>
        event.type === 'auction.taken' && event.from === `${context.owner}/contact/${context.contact.id}`,
      // A bid that speaks for its sender; anything else is dropped unanswered (its `replyTo` cannot be trusted).
      consistent: ({ context, event }) => event.type === 'auction.bid' && consistentBid(event.body, event.from, context.owner),
      // Only the owner's auctioneer cancels an auction (the contact left the queue).
      fromAuctioneer: ({ context, event }) =>
        event.type === 'auction.cancel' && event.from === `${context.owner}/auctioneer/main` && event.body.auctionId === context.auctionId,
      confirmed: ({ event }) => event.type === 'auction.confirm' && event.body.result === 'confirmed',
      accepted: ({ event }) => event.type === 'auction.taken' && event.body.result === 'accepted',
    },
    actions: {
      open: enqueueActions(({ context, enqueue }) => apply(enqueue, open(context))),
      takeBid: enqueueActions(({ context, event, enqueue }) => apply(enqueue, takeBid(context, event, registry))),
      close: enqueueActions(({ context, event, enqueue }) => apply(enqueue, close(context, event, registry))),
      award: enqueueActions(({ context, enqueue }) => apply(enqueue, award(context))),
      next: enqueueActions(({ context, event, enqueue }) => {
        const reason = event.type === 'auction.confirm' ? (event.body.reason ?? 'its lease is gone') : 'no confirmation in time';
        apply(enqueue, nextCandidate(context, reason));
      }),
      handOver: enqueueActions(({ context, enqueue }) => apply(enqueue, handOver(context))),
      refuseLate: enqueueActions(({ context, event, enqueue }) => apply(enqueue, refuseLate(context, event))),
      finish: enqueueActions(({ context, enqueue }, params: { keepWinner: boolean }) =>
        apply(enqueue, finish(context, context.reason, params.keepWinner)),
      ),
      end: assign((_, params: { result: AuctionOutcome['result'] }) => ({ result: params.result })),
      because: enqueueActions(({ context, event, enqueue }) => {
        const reason =
          event.type === 'auction.cancel'
            ? event.body.reason
            : event.type === 'auction.taken'
              ? `the contact is no longer waiting${event.body.reason === undefined ? '' : `: ${event.body.reason}`}`
              : event.type === 'taken.timeout'
                ? 'the contact did not answer'
                : context.reason;
        enqueue.assign({ reason });
      }),
    },
  }).createMachine({
    id: 'auction',
    context: ({ input }) => initialContext(input),
    initial: 'open',
    on: {
      'auction.cancel': { guard: 'fromAuctioneer', target: '.cancelled', actions: 'because' },
    },
    states: {
      open: {
        entry: 'open',
        on: {
          'auction.bid': [{ guard: not('consistent') }, { guard: 'awardsNow', target: 'closing' }, { actions: 'takeBid' }],
          deadline: { target: 'closing' },
        },
      },
      closing: {
        entry: 'close',
        always: [{ guard: 'hasCandidate', target: 'awarding' }, { target: 'stayed' }],
      },
      awarding: {
        entry: 'award',
        on: {
          'auction.bid': { guard: 'consistent', actions: 'refuseLate' },
          'auction.confirm': [
            { guard: and(['forCandidate', 'confirmed']), target: 'handing' },
            { guard: 'forCandidate', target: 'retrying', actions: 'next' },
          ],
          'award.timeout': { guard: 'forCandidate', target: 'retrying', actions: 'next' },
        },
      },
      retrying: {
        always: [{ guard: 'hasCandidate', target: 'awarding' }, { target: 'stayed' }],
      },
      handing: {
        entry: 'handOver',
        on: {
          // The contact's own answer decides now: it may be on its way to the winner already.
          'auction.cancel': {},
          'auction.bid': { guard: 'consistent', actions: 'refuseLate' },
          'auction.taken': [
            { guard: 'accepted', target: 'awarded' },
            { target: 'stayed', actions: 'because' },
          ],
          'taken.timeout': { target: 'stayed', actions: 'because' },
        },
      },
      awarded: {
        type: 'final',
        entry: [
          { type: 'end', params: { result: 'awarded' } },
          { type: 'finish', params: { keepWinner: true } },
        ],
      },
      stayed: {
        type: 'final',
        entry: [
          { type: 'end', params: { result: 'stayed' } },
          { type: 'finish', params: { keepWinner: false } },
        ],
      },
      cancelled: {
        type: 'final',
        entry: [
          { type: 'end', params: { result: 'cancelled' } },
          { type: 'finish', params: { keepWinner: false } },
        ],
      },
    },
    output: ({ context }) => {
      const result = context.result ?? 'stayed';
      const winner = result === 'awarded' ? context.ranked[context.candidate] : undefined;
      return {
        auctionId: context.auctionId,
        contact: context.contact.id,
        result,
        reason: result === 'awarded' ? awardReason(context) : context.reason,
        ...(winner === undefined
          ? {}
          : { winner: { bid: winner.id, centre: winner.centre, ...(winner.agent === undefined ? {} : { agent: winner.agent }) } }),
        ...(context.explanation === null ? {} : { explanation: context.explanation }),
      };
    },
  });

export type AuctionMachine = ReturnType<typeof createAuctionMachine>;
