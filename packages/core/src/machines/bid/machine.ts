import { and, assign, enqueueActions, setup } from 'xstate';
import type { Effect } from '../../effects/effects.js';
import { apply } from '../step.js';
import {
  answerAward,
  askHome,
  bid,
  holdLease,
  noteAgent,
  promisedWaitMs,
  refuseRequest,
  releaseGrant,
  releaseLease,
  reserveNext,
  start,
  tell,
} from './actions.js';
import { type BidContext, type BidInput, type BidOutcome, type BidPolicy, initialContext } from './context.js';
import type { BidEvent } from './events.js';
import {
  beforeDeadline,
  bidsAtOnce,
  currentLease,
  forOurBid,
  forThisRequest,
  fromAuction,
  fromHome,
  leaseEnded,
  leaseHolds,
  leaseOutlastsDeadline,
  letGoByDesk,
  passedOver,
  releasedByOwner,
  requestRefusal,
} from './guards.js';

/** How an agent's own computer bids: never by itself (its home centre does, when the agent accepts). */
const nodePolicy: BidPolicy = {
  accepts: () => false,
  speaksFor: () => false,
  cost: () => undefined,
  automatic: false,
  maxTries: 0,
  queuePromise: false,
};

const gone = 'the lease on the agent is gone';
const noSuchBid = 'no such bid here (it expired or was released)';

/**
 * One entity a centre considers bidding for (DESIGN.md §5), one actor per entity: it reserves the
 * best free agent under a lease (trying the next one on a denial or no answer) or promises a time
 * from the queue, bids in the form the entity asks for, confirms an award only while its lease
 * holds and releases the lease when the bid loses. An agent's own computer runs the same machine
 * (`side: 'agent'`): it waits for the agent's decision and asks the home centre to bid. Pure:
 * effects are data, time comes from `event.at`; what the centre knows comes as facts in its input
 * (`facts`) and events (`agent.changed`, an agent's request); its rules come from `policy`.
 */
export const createBidMachine = (policy: BidPolicy = nodePolicy) =>
  setup({
    types: {
      context: {} as BidContext,
      input: {} as BidInput,
      events: {} as BidEvent,
      emitted: {} as Effect,
      output: {} as BidOutcome,
    },
    guards: {
      passedOver: ({ context }) => passedOver(context),
      atAgentsComputer: ({ context }) => context.input.side === 'agent',
      bidsAtOnce: ({ context }) => bidsAtOnce(context, policy),
      beforeDeadline: ({ context, event }) => beforeDeadline(context, event),
      afterDeadline: ({ context, event }) => !beforeDeadline(context, event),
      takesRequest: ({ context, event }) => requestRefusal(context, event, policy) === undefined,
      forThisRequest: ({ context, event }) => forThisRequest(context, event),
      staleAnswer: ({ context, event }) => !forThisRequest(context, event),
      requested: ({ context }) => context.requestedBy !== null,
      leaseTooShort: ({ context, event }) => !leaseOutlastsDeadline(context, event),
      nobodyToAsk: ({ context }) => context.input.side === 'centre' && context.asked === null,
      canPromise: ({ context }) => promisedWaitMs(context, policy) !== undefined,
      fromAuction: ({ context, event }) => fromAuction(context, event),
      forOurBid: ({ context, event }) => forOurBid(context, event),
      leaseHolds: ({ context, event }) => leaseHolds(context, event),
      releasedByOwner: ({ context, event }) => releasedByOwner(context, event),
      leaseEnded: ({ context, event }) => leaseEnded(context, event),
      currentLease: ({ context, event }) => currentLease(context, event),
      placed: ({ context, event }) => fromHome(context, event, 'placed'),
      refused: ({ context, event }) => fromHome(context, event, 'refused'),
      won: ({ context, event }) => fromHome(context, event, 'won'),
      lost: ({ context, event }) => fromHome(context, event, 'lost'),
      letGo: ({ context, event }) => letGoByDesk(context, event),
    },
    actions: {
      start: enqueueActions(({ context, enqueue }) => apply(enqueue, start(context))),
      takeRequest: assign(({ event }) =>
        event.type === 'auction.bidRequest'
          ? {
              requestedBy: {
                node: event.from,
                agent: event.body.agent,
                ...(event.body.cost === undefined ? {} : { cost: event.body.cost }),
              },
            }
          : {},
      ),
      refuseRequest: enqueueActions(({ context, event, enqueue }) =>
        apply(enqueue, refuseRequest(context, event, requestRefusal(context, event, policy) ?? 'refused')),
      ),
      refuseSecondRequest: enqueueActions(({ context, event, enqueue }) =>
        apply(enqueue, refuseRequest(context, event, `${context.input.centre} already bids in this auction`)),
      ),
      reserveNext: enqueueActions(({ context, event, enqueue }) => apply(enqueue, reserveNext(context, event, policy))),
      holdLease: enqueueActions(({ context, event, enqueue }) => apply(enqueue, holdLease(context, event))),
      releaseGrant: enqueueActions(({ context, event, enqueue }) => apply(enqueue, releaseGrant(context, event))),
      releaseLease: enqueueActions(({ context, enqueue }) => apply(enqueue, releaseLease(context))),
      noteAgent: enqueueActions(({ context, event, enqueue }) => apply(enqueue, noteAgent(context, event))),
      tellDenied: enqueueActions(({ context, event, enqueue }) => {
        const why = event.type === 'reserve.denied' ? event.body.reason : 'no answer';
        const reason = `${context.asked ?? 'the agent'} cannot be reserved now (${why})`;
        enqueue.assign({ reason });
        apply(enqueue, tell(context, 'refused', { reason }));
      }),
      tellShortLease: enqueueActions(({ context, enqueue }) => {
        const reason = 'the agent’s lease would end before the deadline';
        enqueue.assign({ reason });
        apply(enqueue, tell(context, 'refused', { reason }));
      }),
      tellLost: enqueueActions(({ context, event, enqueue }) => {
        const reason = event.type === 'auction.release' ? (event.body.reason ?? 'the bid lost') : 'the bid lost';
        enqueue.assign({ reason });
        apply(enqueue, tell(context, 'lost', { ...(context.bid === null ? {} : { bidId: context.bid.bidId }), reason }));
      }),
      bid: enqueueActions(({ context, event, enqueue }) => apply(enqueue, bid(context, event, policy))),
      confirm: enqueueActions(({ context, event, enqueue }) => apply(enqueue, answerAward(context, event, 'confirmed'))),
      confirmAgain: enqueueActions(({ context, event, enqueue }) =>
        apply(enqueue, { effects: answerAward({ ...context, requestedBy: null }, event, 'confirmed').effects ?? [] }),
      ),
      refuseGone: enqueueActions(({ context, event, enqueue }) => {
        enqueue.assign({ reason: gone });
        apply(enqueue, answerAward(context, event, 'refused', gone));
      }),
      refuseUnknown: enqueueActions(({ context, event, enqueue }) => apply(enqueue, answerAward(context, event, 'refused', noSuchBid))),
      askHome: enqueueActions(({ context, event, enqueue }) => apply(enqueue, askHome(context, event))),
      decide: assign({ decided: true }),
      letGo: assign(({ event }) => (event.type === 'auction.bidStatus' ? { reason: event.body.reason ?? 'let go' } : {})),
      end: assign((_, params: { result: BidOutcome['result'] }) => ({ result: params.result })),
      because: assign((_, params: { reason: string }) => ({ reason: params.reason })),
    },
  }).createMachine({
    id: 'bid',
    context: ({ input }) => initialContext(input),
    initial: 'arriving',
    on: {
      // The same entity again (retained, re-delivered) is the one already considered.
      'auction.entity': {},
      // One of the centre's agents changed: who is free to try, and what became of the agent asked.
      'agent.changed': { actions: 'noteAgent' },
      forget: { target: '.expired', actions: { type: 'because', params: { reason: 'nobody can award it any more' } } },
    },
    states: {
      arriving: {
        entry: 'start',
        always: [
          { guard: 'passedOver', target: 'passed' },
          { guard: 'atAgentsComputer', target: 'considering' },
          { guard: 'bidsAtOnce', target: 'reserving' },
          { target: 'considering' },
        ],
      },
      considering: {
        on: {
          deadline: { target: 'expired', actions: { type: 'because', params: { reason: 'the deadline passed before a decision' } } },
          'auction.bidRequest': [{ guard: 'takesRequest', target: 'reserving', actions: 'takeRequest' }, { actions: 'refuseRequest' }],
          'bid.accept': { guard: 'beforeDeadline', target: 'reserving', actions: ['decide', 'askHome'] },
          'bid.decline': { target: 'released', actions: ['decide', { type: 'because', params: { reason: 'declined' } }] },
          // The node's bidder lets it go undecided: newer entities pushed it out.
          'auction.bidStatus': { guard: 'letGo', target: 'released', actions: 'letGo' },
          'auction.award': { guard: 'fromAuction', actions: 'refuseUnknown' },
        },
      },
      reserving: {
        entry: 'reserveNext',
        always: [
          { guard: and(['nobodyToAsk', 'canPromise']), target: 'bidding' },
          { guard: 'nobodyToAsk', target: 'passed', actions: { type: 'because', params: { reason: 'no agent free and no promise' } } },
        ],
        on: {
          'reserve.granted': [
            { guard: 'staleAnswer', actions: 'releaseGrant' },
            { guard: 'afterDeadline', target: 'expired', actions: 'releaseGrant' },
            { guard: 'leaseTooShort', target: 'released', actions: ['releaseGrant', 'tellShortLease'] },
            { target: 'bidding', actions: 'holdLease' },
          ],
          'reserve.denied': [
            { guard: and(['forThisRequest', 'requested']), target: 'released', actions: 'tellDenied' },
            { guard: and(['forThisRequest', 'afterDeadline']), target: 'expired' },
            { guard: 'forThisRequest', target: 'reserving', reenter: true },
          ],
          'reserve.timeout': [
            { guard: and(['forThisRequest', 'requested']), target: 'released', actions: 'tellDenied' },
            { guard: and(['forThisRequest', 'afterDeadline']), target: 'expired' },
            { guard: 'forThisRequest', target: 'reserving', reenter: true },
          ],
          'auction.bidRequest': { actions: 'refuseSecondRequest' },
          'auction.award': { guard: 'fromAuction', actions: 'refuseUnknown' },
          'auction.bidStatus': [
            { guard: 'placed', target: 'bidding' },
            { guard: 'refused', target: 'released', actions: { type: 'because', params: { reason: 'refused' } } },
          ],
        },
      },
      bidding: {
        entry: 'bid',
        on: {
          'auction.award': [
            { guard: and(['fromAuction', 'forOurBid', 'leaseHolds']), target: 'awarded', actions: 'confirm' },
            { guard: and(['fromAuction', 'forOurBid']), target: 'released', actions: 'refuseGone' },
            { guard: 'fromAuction', actions: 'refuseUnknown' },
          ],
          'auction.release': { guard: 'releasedByOwner', target: 'released', actions: ['releaseLease', 'tellLost'] },
          'lease.expired': {
            guard: 'currentLease',
            target: 'expired',
            actions: ['releaseLease', { type: 'because', params: { reason: 'the lease ran out' } }],
          },
          'reserve.granted': { actions: 'releaseGrant' },
          'auction.bidRequest': { actions: 'refuseSecondRequest' },
          'auction.bidStatus': [
            { guard: 'won', target: 'confirmed' },
            { guard: 'lost', target: 'released', actions: { type: 'because', params: { reason: 'lost' } } },
          ],
        },
      },
      awarded: {
        on: {
          // The same award again (a retransmission): the same answer, nothing else.
          'auction.award': [
            { guard: and(['fromAuction', 'forOurBid']), actions: 'confirmAgain' },
            { guard: 'fromAuction', actions: 'refuseUnknown' },
          ],
          // Once confirmed, only the auction itself takes the bid back (its handover failed).
          'auction.release': { guard: and(['fromAuction', 'forOurBid']), target: 'released', actions: ['releaseLease', 'tellLost'] },
          'agent.changed': { guard: 'leaseEnded', target: 'confirmed' },
          'reserve.granted': { actions: 'releaseGrant' },
          'auction.bidRequest': { actions: 'refuseSecondRequest' },
          forget: { target: 'confirmed' },
        },
      },
      confirmed: { type: 'final', entry: { type: 'end', params: { result: 'confirmed' } } },
      released: { type: 'final', entry: { type: 'end', params: { result: 'released' } } },
      expired: { type: 'final', entry: { type: 'end', params: { result: 'expired' } } },
      passed: { type: 'final', entry: { type: 'end', params: { result: 'passed' } } },
    },
    output: ({ context }) => ({
      auctionId: context.entity.auctionId,
      result: context.result ?? 'expired',
      reason: context.reason,
      undecided: !context.decided,
    }),
  });

export type BidMachine = ReturnType<typeof createBidMachine>;
