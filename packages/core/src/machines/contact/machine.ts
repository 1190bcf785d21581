import { and, assign, enqueueActions, raise, setup } from 'xstate';
import { type Effect, effects } from '../../effects/effects.js';
import type { ContactState } from '../../protocol/messages/snapshots.js';
import type { Media } from '../../protocol/primitives.js';
import { apply } from '../step.js';
import {
  command,
  connect,
  createSubstitute,
  dropMove,
  endAtAcd,
  forward,
  freeAgent,
  offer,
  offerAdopted,
  published,
  refuseAssignment,
  refuseAward,
  release,
  requestHandover,
  reserve,
  routeFailed,
  takeAward,
  yieldTo,
} from './actions.js';
import type { CommandPhase } from './commands.js';
import { type CommandAnswer, type ContactContext, type ContactInput, initialContext } from './context.js';
import type { ContactEvent } from './events.js';
import { contactGuards } from './guards.js';

/** How a contact ended (the output of the actor): exactly one terminal outcome (invariant 3). */
export interface ContactOutcome {
  /** `forwarded`: handed over to `movedTo`, where it lives on; every other outcome is the contact's end. */
  readonly outcome: 'handled' | 'abandoned' | 'expired' | 'substituted' | 'forwarded';
  readonly media: Media;
  /** The queue the contact was in at the end (after any switch). */
  readonly skillset: string;
  readonly substitute?: string;
  readonly movedTo?: string;
  readonly reason?: string;
  /** The answers given to customer commands, so a repeat after the end still gets the same answer. */
  readonly commands: Readonly<Record<string, CommandAnswer>>;
  /** When it ended (or moved on): the time of its last change. */
  readonly at: number;
  /** The rev of its last snapshot (the one that ended it here). */
  readonly rev: number;
}

/**
 * A contact, owned by the centre that holds it: queued until the router assigns an agent, then
 * reserving the agent under a lease, offered under the lease's fence, connected, wrapping up and
 * ended — or abandoned, expired, or substituted by a call-back, an e-mail or a web form at the
 * customer's command. Seniority survives queue switches and substitution. Pure: effects are data.
 */
export const contactMachine = setup({
  types: {
    context: {} as ContactContext,
    input: {} as ContactInput,
    events: {} as ContactEvent,
    emitted: {} as Effect,
    output: {} as ContactOutcome,
  },
  guards: contactGuards,
  actions: {
    publish: enqueueActions(({ context, event, enqueue }, params: { state: ContactState }) =>
      apply(enqueue, published(context, event, params.state)),
    ),
    scheduleExpiry: enqueueActions(({ context, enqueue }) => {
      if (context.policy.maxWaitMs !== null) enqueue.emit(effects.schedule('expire', context.policy.maxWaitMs, { type: 'expire' }));
    }),
    reserve: enqueueActions(({ context, event, enqueue }) => apply(enqueue, reserve(context, event))),
    offer: enqueueActions(({ context, event, enqueue }) => apply(enqueue, offer(context, event))),
    routeFailed: enqueueActions(({ context, event, enqueue }) => apply(enqueue, routeFailed(context, event))),
    release: enqueueActions(({ context, enqueue }) => apply(enqueue, release(context))),
    command: enqueueActions(({ context, event, enqueue }, params: { phase: CommandPhase }) =>
      apply(enqueue, command(context, event, params.phase)),
    ),
    createSubstitute: enqueueActions(({ context, enqueue }) => apply(enqueue, createSubstitute(context))),
    freeAgent: enqueueActions(({ context, enqueue }) => apply(enqueue, freeAgent(context))),
    refuseStale: enqueueActions(({ context, event, enqueue }) => apply(enqueue, refuseAssignment(context, event, 'stale'))),
    refuseBusy: enqueueActions(({ context, event, enqueue }) => apply(enqueue, refuseAssignment(context, event, 'busy'))),
    requestHandover: enqueueActions(({ context, event, enqueue }) => apply(enqueue, requestHandover(context, event))),
    forward: enqueueActions(({ context, enqueue }) => apply(enqueue, forward(context))),
    offerAdopted: enqueueActions(({ context, enqueue }) => apply(enqueue, offerAdopted(context))),
    takeAward: enqueueActions(({ context, event, enqueue }) => apply(enqueue, takeAward(context, event))),
    refuseAward: enqueueActions(({ context, event, enqueue }) => apply(enqueue, refuseAward(context, event))),
    dropMove: enqueueActions(({ enqueue }) => apply(enqueue, dropMove())),
    yieldTo: enqueueActions(({ context, event, enqueue }) => apply(enqueue, yieldTo(context, event))),
    connect: enqueueActions(({ context, event, enqueue }) => apply(enqueue, connect(context, event))),
    takeAgent: assign(({ event }) => (event.type === 'offer.result' ? { agent: event.from } : {})),
    endAtAcd: enqueueActions(({ context, event, enqueue }, params: { outcome: string }) =>
      apply(enqueue, endAtAcd(context, event, params.outcome)),
    ),
    finish: enqueueActions(({ enqueue }) => {
      enqueue.emit(effects.cancel('expire'));
      enqueue.emit(effects.cancel('reserve'));
    }),
    awaitAnswer: enqueueActions(({ context, enqueue }) =>
      enqueue.emit(effects.schedule('answer', context.policy.offerAnswerMs, { type: 'offer.lost' })),
    ),
    stopAwaiting: enqueueActions(({ enqueue }) => enqueue.emit(effects.cancel('answer'))),
    awaitResync: enqueueActions(({ context, enqueue }) =>
      enqueue.emit(effects.schedule('resync', context.policy.resyncMs, { type: 'resync.timeout' })),
    ),
    stopAwaitingResync: enqueueActions(({ enqueue }) => enqueue.emit(effects.cancel('resync'))),
    dropAgent: assign({ agent: null }),
    startWrapUp: enqueueActions(({ context, enqueue }) =>
      enqueue.emit(effects.schedule('wrapUp', context.policy.wrapUpMs, { type: 'wrapUp.done' })),
    ),
    // As if the ACD said so here: every state takes it as it takes the ACD's own `abandoned`.
    hungUpThere: raise(({ event }) => ({ type: 'abandoned' as const, at: 'at' in event ? event.at : 0 })),
    noteHangUp: assign({ hungUp: true, reason: 'the customer hung up' }),
    abandonedBy: assign(({ context }) => ({ reason: context.reason ?? 'the customer hung up' })),
    settle: assign((_, params: { outcome: ContactOutcome['outcome'] }) => ({ outcome: params.outcome })),
  },
}).createMachine({
  id: 'contact',
  context: ({ input }) => initialContext(input),
  entry: 'scheduleExpiry',
  initial: 'arriving',
  on: {
    abandoned: { target: '.abandoned' },
    'contact.abandoned': { guard: 'fromOwnCentre', actions: 'hungUpThere' },
    // Chosen by a router while already reserving, offered or further on: say so, so it chooses again.
    'route.assign': { actions: 'refuseBusy' },
    'auction.won': { guard: 'fromItsAuction', actions: 'refuseAward' },
  },
  states: {
    arriving: {
      always: [
        { guard: 'adopted', target: 'offered', actions: 'offerAdopted' },
        { guard: 'resumed', target: 'handingOver', actions: 'requestHandover' },
        { guard: 'heldInCall', target: 'resyncing' },
        { guard: 'heldInWrapUp', target: 'wrapUp' },
        { target: 'queued' },
      ],
    },
    queued: {
      entry: { type: 'publish', params: { state: 'queued' } },
      always: { guard: 'overdue', target: 'expired' },
      on: {
        'route.assign': [{ guard: 'current', target: 'reserving', actions: 'reserve' }, { actions: 'refuseStale' }],
        superseded: { guard: 'newerElsewhere', target: 'forwarded', actions: 'yieldTo' },
        expire: { target: 'expired' },
        // Moving: shown as reserving (as a move chosen by a router is) until the new owner answers.
        // Published, not only told to the router: a next life of this centre finds the move in
        // its replica (`recoveredInput`) and asks the winner again rather than queue a copy.
        'auction.won': {
          guard: 'fromItsAuction',
          target: 'handingOver',
          actions: ['takeAward', { type: 'publish', params: { state: 'reserving' } }, 'requestHandover'],
        },
        // After a restart the ACD re-synced the contact with the agent it is still talking to.
        'offer.result': { guard: 'resumedHere', target: 'connected', actions: 'takeAgent' },
        'command.request': [
          {
            guard: { type: 'decides', params: { phase: 'queued', next: 'substituted' } },
            target: 'substituted',
            actions: { type: 'command', params: { phase: 'queued' } },
          },
          {
            guard: { type: 'decides', params: { phase: 'queued', next: 'abandoned' } },
            target: 'abandoned',
            actions: { type: 'command', params: { phase: 'queued' } },
          },
          {
            guard: { type: 'decides', params: { phase: 'queued', next: 'requeue' } },
            target: 'queued',
            reenter: true,
            actions: { type: 'command', params: { phase: 'queued' } },
          },
          { actions: { type: 'command', params: { phase: 'queued' } } },
        ],
      },
    },
    reserving: {
      entry: { type: 'publish', params: { state: 'reserving' } },
      on: {
        'reserve.granted': [
          { guard: and(['forThisRequest', 'remoteAgent']), target: 'handingOver', actions: 'requestHandover' },
          { guard: 'forThisRequest', target: 'offered', actions: 'offer' },
        ],
        'reserve.denied': { guard: 'forThisRequest', target: 'queued', actions: 'routeFailed' },
        'reserve.timeout': { guard: 'forThisRequest', target: 'queued', actions: 'routeFailed' },
        superseded: { guard: 'newerElsewhere', target: 'forwarded', actions: 'yieldTo' },
        abandoned: { target: 'abandoned', actions: 'release' },
        'command.request': { actions: { type: 'command', params: { phase: 'connecting' } } },
      },
    },
    handingOver: {
      on: {
        'handover.ack': [
          { guard: and(['forThisHandover', 'handoverAccepted']), target: 'forwarded', actions: 'forward' },
          { guard: and(['forThisHandover', 'hungUp']), target: 'abandoned', actions: 'release' },
          { guard: and(['forThisHandover', 'movedByAuction']), target: 'queued', actions: ['release', 'dropMove'] },
          { guard: 'forThisHandover', target: 'queued', actions: ['release', 'routeFailed'] },
        ],
        'handover.timeout': { guard: 'forThisHandover', actions: 'requestHandover' },
        // The new owner may already hold the contact: wait for its answer, then end here or there.
        abandoned: { actions: 'noteHangUp' },
        superseded: { guard: 'newerElsewhere', target: 'forwarded', actions: 'yieldTo' },
        'command.request': { actions: { type: 'command', params: { phase: 'connecting' } } },
      },
    },
    // Recovered after a restart while in a call: shown as connected until the ACD re-syncs it, ends
    // it, or `resyncMs` passes (then it queues again: the agent is gone, the customer may not be).
    resyncing: {
      entry: ['awaitResync', { type: 'publish', params: { state: 'connected' } }],
      exit: 'stopAwaitingResync',
      on: {
        'offer.result': { guard: 'resumedHere', target: 'connected', actions: 'takeAgent' },
        // The agent's actor never had it as work: nothing to free.
        ended: { target: 'wrapUp' },
        abandoned: { target: 'abandoned' },
        'resync.timeout': { target: 'queued', actions: 'dropAgent' },
        'command.request': { actions: { type: 'command', params: { phase: 'connected' } } },
      },
    },
    offered: {
      entry: ['awaitAnswer', { type: 'publish', params: { state: 'offered' } }],
      exit: 'stopAwaiting',
      on: {
        // No answer at all (a message was lost): give the offer back and go back to the queue.
        'offer.lost': { target: 'queued', actions: ['release', 'routeFailed'] },
        'offer.result': [
          { guard: and(['fromThisAgent', 'accepted']), target: 'connected' },
          { guard: 'fromThisAgent', target: 'queued', actions: 'routeFailed' },
        ],
        abandoned: { target: 'abandoned', actions: 'release' },
        'command.request': { actions: { type: 'command', params: { phase: 'connecting' } } },
      },
    },
    connected: {
      entry: ['connect', { type: 'publish', params: { state: 'connected' } }],
      on: {
        ended: { target: 'wrapUp', actions: 'freeAgent' },
        abandoned: { target: 'wrapUp', actions: 'freeAgent' },
        'command.request': { actions: { type: 'command', params: { phase: 'connected' } } },
      },
    },
    wrapUp: {
      entry: ['startWrapUp', { type: 'publish', params: { state: 'wrapUp' } }],
      on: {
        wrapped: { target: 'ended' },
        'wrapUp.done': { target: 'ended' },
        abandoned: {},
        'command.request': { actions: { type: 'command', params: { phase: 'connected' } } },
      },
    },
    ended: {
      type: 'final',
      entry: [{ type: 'settle', params: { outcome: 'handled' } }, 'finish', { type: 'publish', params: { state: 'ended' } }],
    },
    abandoned: {
      type: 'final',
      entry: [
        { type: 'settle', params: { outcome: 'abandoned' } },
        'finish',
        'abandonedBy',
        { type: 'endAtAcd', params: { outcome: 'abandoned' } },
        { type: 'publish', params: { state: 'abandoned' } },
      ],
    },
    expired: {
      type: 'final',
      entry: [
        { type: 'settle', params: { outcome: 'expired' } },
        'finish',
        { type: 'endAtAcd', params: { outcome: 'expired' } },
        { type: 'publish', params: { state: 'expired' } },
      ],
    },
    forwarded: {
      type: 'final',
      entry: ['finish', { type: 'publish', params: { state: 'forwarded' } }],
    },
    substituted: {
      type: 'final',
      entry: [
        { type: 'settle', params: { outcome: 'substituted' } },
        'finish',
        'createSubstitute',
        { type: 'endAtAcd', params: { outcome: 'substituted' } },
        { type: 'publish', params: { state: 'substituted' } },
      ],
    },
  },
  output: ({ context }) => ({
    outcome: context.outcome ?? 'abandoned',
    media: context.media,
    skillset: context.skillset,
    ...(context.substitute === null ? {} : { substitute: context.substitute.id }),
    ...(context.handover === null || context.outcome !== 'forwarded' ? {} : { movedTo: context.handover.to }),
    ...(context.reason === null ? {} : { reason: context.reason }),
    commands: context.commands,
    at: context.updatedAt,
    rev: context.rev,
  }),
});
