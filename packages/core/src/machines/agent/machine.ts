import { and, assign, enqueueActions, setup } from 'xstate';
import type { Effect } from '../../effects/effects.js';
import { effects } from '../../effects/effects.js';
import type { AgentState } from '../../protocol/messages/snapshots.js';
import { bidAddress } from '../bidder/context.js';
import { apply } from '../step.js';
import {
  answer,
  deny,
  endLease,
  finish,
  grant,
  published,
  quietly,
  refuseOffer,
  resumeWork,
  ring,
  ringFail,
  unanswered,
  withdraw,
} from './actions.js';
import { type AgentContext, type AgentInput, initialContext } from './context.js';
import type { DenialReason } from './denial.js';
import type { AgentEvent } from './events.js';
import {
  aboutOffer,
  capacityRefusal,
  currentFence,
  heldByStopped,
  lastContactEnds,
  offerMatches,
  refusal,
  releaseMatches,
  releasesOffer,
  ringFails,
  worksOn,
} from './guards.js';

/** The replicated state shown for a state value of this machine. */
export function agentStateOf(value: unknown): AgentState {
  if (typeof value === 'string') return value === 'ready' ? 'idle' : (value as AgentState);
  const ready = (value as { ready?: string }).ready;
  return ready === 'reserved' ? 'reserved' : ready === 'offered' ? 'offered' : 'idle';
}

/**
 * An agent, owned by its home centre (the only writer of the agent object). Logged out, not ready
 * (with a reason), ready — free, reserved under a lease with a fencing token, or with an offer
 * ringing — and wrapping up. Capacity is per media; a ring-fail policy sends an agent who misses
 * offers to not ready with a back-off and brings them back by itself. Every change is published
 * as a versioned snapshot. Pure: effects are data (DESIGN.md §3).
 */
export const agentMachine = setup({
  types: {
    context: {} as AgentContext,
    input: {} as AgentInput,
    events: {} as AgentEvent,
    emitted: {} as Effect,
  },
  guards: {
    canReserve: ({ context, event }) => event.type === 'reserve.request' && refusal(context, event) === null,
    releaseMatches: ({ context, event }) => releaseMatches(context, event),
    heldByStopped: ({ context, event }) => heldByStopped(context, event),
    releasesOffer: ({ context, event }) => releasesOffer(context, event),
    offerMatches: ({ context, event }) => offerMatches(context, event),
    currentFence: ({ context, event }) => currentFence(context, event),
    aboutOffer: ({ context, event }) => aboutOffer(context, event),
    ringFails: ({ context }) => ringFails(context),
    lastContactEnds: ({ context, event }) => lastContactEnds(context, event),
    worksOn: ({ context, event }) => worksOn(context, event),
    inRingFail: ({ context }) => context.reason === 'ringFail',
    // Taken only in notReady and ready.free (no lease, no offer): the room for it is all left to check.
    canResume: ({ context, event }) => event.type === 'resume' && capacityRefusal(context, event.contact, event.media) === null,
  },
  actions: {
    publish: enqueueActions(({ context, event, enqueue }, params: { state: AgentState | 'free' }) =>
      apply(enqueue, published(context, event, params.state)),
    ),
    // Changes that do not move the machine are shown in the state last published: pure, no `self`.
    // A lease this centre's own bid actor holds is carried by its bid: the auction knows it, the network need not.
    leaseQuietly: enqueueActions(({ context, event, enqueue }) =>
      apply(
        enqueue,
        context.lease?.holder.startsWith(bidAddress(context.home, '')) === true
          ? quietly(context, event, 'reserved')
          : published(context, event, 'reserved'),
      ),
    ),
    // Back to free: unseen when the lease was never shown and nobody was refused meanwhile.
    publishFree: enqueueActions(({ context, event, enqueue }) =>
      apply(enqueue, context.quietLease ? quietly(context, event, 'free') : published(context, event, 'free')),
    ),
    refusedWhileLeased: assign({ quietLease: false }),
    publishCurrent: enqueueActions(({ context, event, enqueue }) => apply(enqueue, published(context, event, context.shown))),
    grant: enqueueActions(({ context, event, enqueue }) => apply(enqueue, grant(context, event))),
    deny: enqueueActions(({ context, event, enqueue }, params: { reason?: DenialReason }) =>
      apply(enqueue, deny(context, event, params.reason)),
    ),
    endLease: enqueueActions(({ enqueue }) => apply(enqueue, endLease())),
    ring: enqueueActions(({ context, event, enqueue }) => apply(enqueue, ring(context, event))),
    refuseOffer: enqueueActions(({ context, event, enqueue }) => apply(enqueue, refuseOffer(context, event))),
    answer: enqueueActions(({ context, enqueue }) => apply(enqueue, answer(context))),
    unanswered: enqueueActions(({ context, enqueue }, params: { result: 'missed' | 'declined' }) =>
      apply(enqueue, unanswered(context, params.result)),
    ),
    ringFail: enqueueActions(({ context, enqueue }) => apply(enqueue, ringFail(context))),
    finish: enqueueActions(({ context, event, enqueue }) => apply(enqueue, finish(context, event))),
    withdraw: enqueueActions(({ context, enqueue }) => apply(enqueue, withdraw(context))),
    resumeWork: enqueueActions(({ context, event, enqueue }) => apply(enqueue, resumeWork(context, event))),
    update: assign(({ context, event }) =>
      event.type === 'update' ? { skills: event.skills ?? context.skills, capacity: event.capacity ?? context.capacity } : {},
    ),
    becomeIdle: assign(({ context, event }) => ({
      idleSince: context.work.length === 0 && context.idleSince === null && 'at' in event ? event.at : context.idleSince,
    })),
    notIdle: assign({ idleSince: null }),
    // The reason of a not-ready state: the agent's own, "loggedIn" after login, or the one a transition set (ringFail).
    setReason: assign(({ context, event }) => ({
      reason: event.type === 'notReady' ? event.reason : event.type === 'login' ? 'loggedIn' : (context.reason ?? 'system'),
    })),
    clearReason: assign({ reason: null }),
    startWrapUp: enqueueActions(({ context, enqueue }) =>
      enqueue.emit(effects.schedule('wrapUp', context.policy.wrapUpMs, { type: 'wrapUp.done' })),
    ),
    cancelTimer: enqueueActions(({ enqueue }, params: { timerId: string }) => enqueue.emit(effects.cancel(params.timerId))),
  },
}).createMachine({
  id: 'agent',
  context: ({ input }) => initialContext(input),
  initial: 'loggedOut',
  on: {
    update: { actions: ['update', 'publishCurrent'] },
    // Work ends in any state (a call can end while the agent is not ready or logged out).
    'work.ended': { guard: 'worksOn', actions: ['finish', 'publishCurrent'] },
    'reserve.request': { actions: { type: 'deny', params: { reason: 'notIdle' } } },
    'offer.request': { actions: 'refuseOffer' },
  },
  states: {
    loggedOut: {
      entry: [{ type: 'notIdle' }, { type: 'publish', params: { state: 'loggedOut' } }],
      on: { login: { target: 'notReady' } },
    },
    notReady: {
      entry: [{ type: 'notIdle' }, 'setReason', { type: 'publish', params: { state: 'notReady' } }],
      exit: ['clearReason', { type: 'cancelTimer', params: { timerId: 'ringFail' } }],
      on: {
        ready: { target: 'ready' },
        'ringFail.return': { guard: 'inRingFail', target: 'ready' },
        notReady: { target: 'notReady', reenter: true },
        logout: { target: 'loggedOut' },
        resume: { guard: 'canResume', actions: ['resumeWork', 'publishCurrent'] },
      },
    },
    ready: {
      initial: 'free',
      on: {
        notReady: { target: 'notReady' },
        logout: { target: 'loggedOut' },
      },
      states: {
        free: {
          entry: ['becomeIdle', 'publishFree'],
          on: {
            'reserve.request': [{ guard: 'canReserve', target: 'reserved', actions: 'grant' }, { actions: { type: 'deny', params: {} } }],
            resume: { guard: 'canResume', target: 'free', reenter: true, actions: 'resumeWork' },
            'work.ended': [
              { guard: 'lastContactEnds', target: '#agent.wrapUp', actions: 'finish' },
              { guard: 'worksOn', target: 'free', reenter: true, actions: 'finish' },
            ],
          },
        },
        reserved: {
          entry: 'leaseQuietly',
          exit: { type: 'endLease' },
          on: {
            'reserve.release': { guard: 'releaseMatches', target: 'free' },
            // The holder's centre stopped cleanly: free now, not when the lease runs out.
            'holder.stopped': { guard: 'heldByStopped', target: 'free' },
            'lease.expired': { guard: 'currentFence', target: 'free' },
            'offer.request': [{ guard: 'offerMatches', target: 'offered', actions: 'ring' }, { actions: 'refuseOffer' }],
            'reserve.request': { actions: [{ type: 'deny', params: { reason: 'leased' } }, 'refusedWhileLeased'] },
          },
        },
        offered: {
          entry: { type: 'publish', params: { state: 'offered' } },
          on: {
            // Leaving while it rings declines the offer (exit actions would run before `answer`).
            notReady: { target: '#agent.notReady', actions: { type: 'unanswered', params: { result: 'declined' } } },
            logout: { target: '#agent.loggedOut', actions: { type: 'unanswered', params: { result: 'declined' } } },
            answered: { guard: 'aboutOffer', target: 'free', actions: ['notIdle', 'answer'] },
            declined: { guard: 'aboutOffer', target: 'free', actions: { type: 'unanswered', params: { result: 'declined' } } },
            'reserve.release': { guard: 'releasesOffer', target: 'free', actions: 'withdraw' },
            'offer.timeout': [
              {
                guard: and(['currentFence', 'ringFails']),
                target: '#agent.notReady',
                actions: [{ type: 'unanswered', params: { result: 'missed' } }, 'ringFail'],
              },
              { guard: 'currentFence', target: 'free', actions: { type: 'unanswered', params: { result: 'missed' } } },
            ],
            'reserve.request': { actions: { type: 'deny', params: { reason: 'leased' } } },
          },
        },
      },
    },
    wrapUp: {
      entry: [{ type: 'notIdle' }, 'startWrapUp', { type: 'publish', params: { state: 'wrapUp' } }],
      exit: { type: 'cancelTimer', params: { timerId: 'wrapUp' } },
      on: {
        'wrapUp.done': { target: 'ready' },
        notReady: { target: 'notReady' },
        logout: { target: 'loggedOut' },
      },
    },
  },
});
