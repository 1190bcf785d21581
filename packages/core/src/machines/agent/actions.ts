import { effects } from '../../effects/effects.js';
import { derivedId } from '../../protocol/derived-id.js';
import type { AgentState } from '../../protocol/messages/snapshots.js';
import { announce, eventTime, type Step as StepOf } from '../step.js';
import { type AgentContext, toSnapshot } from './context.js';
import type { DenialReason } from './denial.js';
import type { AgentEvent } from './events.js';
import { refusal } from './guards.js';

type Step = StepOf<AgentContext>;

/** The state a snapshot shows: `free` is busy or idle by the agent's work. */
const shownAs = (context: AgentContext, state: AgentState | 'free'): AgentState =>
  state === 'free' ? (context.work.length > 0 ? 'busy' : 'idle') : state;

/**
 * Every change of the agent: `rev` grows by one, the snapshot is published retained on the
 * agent's replica topic, and the centre's router hears of it. `state` is where the agent is now;
 * `free` means "ready with no lease or offer", shown as busy or idle by its work.
 */
export function published(context: AgentContext, event: AgentEvent | { type: string }, state: AgentState | 'free'): Step {
  const next: AgentContext = { ...context, rev: context.rev + 1, updatedAt: eventTime(event, context.updatedAt) };
  const snapshot = toSnapshot(next, shownAs(next, state));
  return {
    patch: { rev: next.rev, updatedAt: next.updatedAt, shown: state, quietLease: false },
    effects: announce(`replica/${context.home}/agent/${context.id}`, 'agent.snapshot', snapshot, context.router),
  };
}

/**
 * A lease starts or ends unseen: the snapshot the network holds stays right (a lease is not part of
 * the replicated view until something else is published while it lasts), so no rev and no
 * publication; only the centre's router is told, at the same rev, so it does not choose the agent —
 * stamped with the time of the change, from which the centre's monitor counts the agent reserved
 * or free.
 */
export function quietly(context: AgentContext, event: AgentEvent | { type: string }, state: 'reserved' | 'free'): Step {
  const at = { ...context, updatedAt: eventTime(event, context.updatedAt) };
  return {
    patch: { shown: state, quietLease: state === 'reserved' },
    effects: [effects.send(context.router, 'agent.snapshot', toSnapshot(at, shownAs(at, state)))],
  };
}

/** Grant a lease: a new fence, a timer that ends it by itself, and the answer to the chooser. */
export function grant(context: AgentContext, event: AgentEvent): Step {
  if (event.type !== 'reserve.request') return {};
  const fence = context.fence + 1;
  const leaseMs = Math.min(event.body.leaseMs, context.policy.maxLeaseMs);
  const leaseId = derivedId(context.id, fence);
  return {
    patch: { fence, lease: { leaseId, fence, contact: event.body.contact, media: event.body.media ?? 'voice', holder: event.from } },
    effects: [
      effects.schedule('lease', leaseMs, { type: 'lease.expired', fence }),
      effects.send(event.from, 'reserve.granted', {
        requestId: event.body.requestId,
        agent: context.id,
        leaseId,
        fence,
        expiresAt: event.at + leaseMs,
        rev: context.rev,
      }),
    ],
  };
}

/** Deny a reservation, with the reason the state gives or the one the agent's fit gives. */
export function deny(context: AgentContext, event: AgentEvent, reason?: DenialReason): Step {
  if (event.type !== 'reserve.request') return {};
  const why = reason ?? refusal(context, event) ?? 'notIdle';
  return { effects: [effects.send(event.from, 'reserve.denied', { requestId: event.body.requestId, agent: context.id, reason: why })] };
}

/** The lease ends unused (released or expired): the agent keeps its place in the idle order. */
export function endLease(): Step {
  return { patch: { lease: null }, effects: [effects.cancel('lease')] };
}

/** The offer starts ringing: the lease turns into an offer, and the ACD is told to ring the agent. */
export function ring(context: AgentContext, event: AgentEvent): Step {
  if (event.type !== 'offer.request') return {};
  const { contact, media, fence } = event.body;
  return {
    patch: { lease: null, offer: { contact, media, fence, from: event.from } },
    effects: [
      effects.cancel('lease'),
      effects.schedule('offer', context.policy.offerTimeoutMs, { type: 'offer.timeout', fence }),
      effects.adapter({ kind: 'offer', agent: context.id, contact, media }),
    ],
  };
}

/** Refuse an offer that does not carry the current lease's fence. */
export function refuseOffer(context: AgentContext, event: AgentEvent): Step {
  if (event.type !== 'offer.request') return {};
  const reason = context.lease === null ? 'no lease is held for this contact' : 'the fence is not the current lease’s';
  return {
    effects: [effects.send(event.from, 'offer.result', { agent: context.id, contact: event.body.contact, result: 'refused', reason })],
  };
}

/** The agent answered: the contact becomes work, ring-fail counting starts again. */
export function answer(context: AgentContext): Step {
  const offer = context.offer;
  if (offer === null) return {};
  return {
    patch: {
      offer: null,
      work: [...context.work, { contact: offer.contact, media: offer.media, from: offer.from }],
      missedOffers: 0,
      backoffs: 0,
    },
    effects: [
      effects.cancel('offer'),
      effects.send(offer.from, 'offer.result', { agent: context.id, contact: offer.contact, result: 'accepted' }),
    ],
  };
}

/** The ACD re-synced a contact the agent still works on after a restart: it is work again. */
export function resumeWork(context: AgentContext, event: AgentEvent): Step {
  if (event.type !== 'resume') return {};
  return {
    patch: { idleSince: null, work: [...context.work, { contact: event.contact, media: event.media, from: event.from }] },
    effects: [effects.send(event.from, 'offer.result', { agent: context.id, contact: event.contact, result: 'accepted', resumed: true })],
  };
}

/** The offer ended without an answer (`missed`) or was declined; the ACD stops ringing. */
export function unanswered(context: AgentContext, result: 'missed' | 'declined'): Step {
  const offer = context.offer;
  if (offer === null) return {};
  return {
    patch: { offer: null, missedOffers: result === 'missed' ? context.missedOffers + 1 : context.missedOffers },
    effects: [
      effects.cancel('offer'),
      effects.adapter({ kind: 'stopRinging', agent: context.id, contact: offer.contact }),
      effects.send(offer.from, 'offer.result', { agent: context.id, contact: offer.contact, result }),
    ],
  };
}

/** Too many offers missed in a row: not ready for a back-off that doubles each time, then back by itself. */
export function ringFail(context: AgentContext): Step {
  const { backoffMs, maxBackoffMs } = context.policy.ringFail;
  const delay = Math.min(backoffMs * 2 ** context.backoffs, maxBackoffMs);
  return {
    patch: { reason: 'ringFail', missedOffers: 0, backoffs: context.backoffs + 1 },
    effects: [effects.schedule('ringFail', delay, { type: 'ringFail.return' })],
  };
}

/** A contact ended: it is no longer work. */
export function finish(context: AgentContext, event: AgentEvent): Step {
  if (event.type !== 'work.ended') return {};
  return { patch: { work: context.work.filter((w) => w.contact !== event.body.contact) } };
}

/** The contact withdrew its offer (the customer hung up while it rang): stop ringing; not a miss. */
export function withdraw(context: AgentContext): Step {
  const offer = context.offer;
  if (offer === null) return {};
  return {
    patch: { offer: null },
    effects: [effects.cancel('offer'), effects.adapter({ kind: 'stopRinging', agent: context.id, contact: offer.contact })],
  };
}
