import { effects } from '../../effects/effects.js';
import { centreOf } from '../../protocol/address.js';
import { derivedId } from '../../protocol/derived-id.js';
import type { ContactState } from '../../protocol/messages/snapshots.js';
import { announce, eventTime, type Step as StepOf } from '../step.js';
import type { CommandPhase } from './commands.js';
import { decide } from './commands.js';
import { agentId, type ContactContext, toSnapshot } from './context.js';
import type { ContactEvent } from './events.js';

type Step = StepOf<ContactContext>;

/** Every change: `rev` grows by one, the snapshot is published retained, and the router hears of it. */
export function published(context: ContactContext, event: { type: string }, state: ContactState): Step {
  const next: ContactContext = { ...context, rev: context.rev + 1, updatedAt: eventTime(event, context.updatedAt) };
  const snapshot = toSnapshot(next, state);
  const topic = `replica/${context.owner}/contact/${context.id}`;
  // A contact that has ended is announced once, then its retained value is cleared: a broker does
  // not keep one message per contact ever handled, and a late joiner sees only live contacts.
  const final = state === 'ended' || state === 'abandoned' || state === 'expired' || state === 'substituted' || state === 'forwarded';
  // The auctioneer hears it from here, not from the broker's echo: it cancels an auction of a
  // contact that left the queue before a stale copy could start another.
  const auctioneer = context.auctioneer === undefined ? [] : [effects.send(context.auctioneer, 'contact.snapshot', snapshot)];
  return {
    patch: { rev: next.rev, updatedAt: next.updatedAt },
    effects: final
      ? [
          effects.publish(topic, 'contact.snapshot', snapshot, { qos: 1 }),
          effects.clear(topic),
          effects.send(context.router, 'contact.snapshot', snapshot),
          ...auctioneer,
        ]
      : [...announce(topic, 'contact.snapshot', snapshot, context.router), ...auctioneer],
  };
}

/** The router chose an agent: ask its owner for a lease, and give up if no answer comes in time. */
export function reserve(context: ContactContext, event: ContactEvent): Step {
  if (event.type !== 'route.assign') return {};
  const requestId = derivedId(context.id, context.attempts + 1);
  return {
    patch: { agent: event.body.agent, requestId, fence: null, attempts: context.attempts + 1, assignedBy: event.from },
    effects: [
      effects.send(event.body.agent, 'reserve.request', {
        requestId,
        agent: agentId(event.body.agent),
        contact: context.id,
        leaseMs: context.policy.leaseMs,
        media: context.media,
        // What the router applied (after skill relaxation), so the owner checks the same rule.
        requirements: event.body.requirements ?? context.requirements,
        ...(context.language === undefined ? {} : { language: context.language }),
      }),
      effects.schedule('reserve', context.policy.leaseMs, { type: 'reserve.timeout', requestId }),
    ],
  };
}

/** The lease is granted: offer the contact to the agent under its fence. */
export function offer(context: ContactContext, event: ContactEvent): Step {
  if (event.type !== 'reserve.granted' || context.agent === null) return {};
  return {
    patch: { fence: event.body.fence },
    effects: [
      effects.cancel('reserve'),
      effects.send(context.agent, 'offer.request', {
        agent: agentId(context.agent),
        contact: context.id,
        media: context.media,
        fence: event.body.fence,
      }),
    ],
  };
}

/** The agent could not be had: tell the router that chose it, which tries the next one. */
export function routeFailed(context: ContactContext, event: ContactEvent): Step {
  if (context.agent === null) return {};
  const reason =
    event.type === 'reserve.denied'
      ? event.body.reason
      : event.type === 'offer.result'
        ? event.body.result
        : event.type === 'handover.ack'
          ? 'handover refused'
          : event.type === 'handover.timeout'
            ? 'handover unanswered'
            : 'no answer';
  return {
    patch: { agent: null, requestId: null, fence: null, assignedBy: null, handover: null },
    effects: [
      effects.cancel('reserve'),
      effects.cancel('handover'),
      effects.send(context.assignedBy ?? context.router, 'route.failed', {
        contact: context.id,
        agent: context.agent,
        reason,
        rev: context.rev,
      }),
    ],
  };
}

/** Give back a lease (or a ringing offer) the contact no longer needs. */
export function release(context: ContactContext): Step {
  if (context.agent === null || context.fence === null) return { effects: [effects.cancel('reserve')] };
  const agent = agentId(context.agent);
  return {
    effects: [
      effects.cancel('reserve'),
      effects.send(context.agent, 'reserve.release', { agent, leaseId: derivedId(agent, context.fence), fence: context.fence }),
    ],
  };
}

/** Answer a customer command (once per command id) and apply what it decides. */
export function command(context: ContactContext, event: ContactEvent, phase: CommandPhase): Step {
  if (event.type !== 'command.request') return {};
  const decision = decide(context, event, phase);
  const answer = { commandId: event.body.commandId, ...decision.answer };
  const reply = effects.send(event.from, 'command.result', answer);
  if (decision.repeat || decision.answer.retry) return { effects: [reply] };
  const commands = { ...context.commands, [event.body.commandId]: decision.answer };
  return { patch: { ...decision.patch, commands }, effects: [reply] };
}

/** The substitute goes to the ACD to be created, with the original's seniority and priority (invariant 6). */
export function createSubstitute(context: ContactContext): Step {
  if (context.substitute === null) return {};
  return {
    effects: [
      effects.adapter({
        kind: 'substitute',
        contact: context.id,
        substitute: context.substitute,
        skillset: context.skillset,
        seniority: context.seniority,
        priority: context.priority,
      }),
    ],
  };
}

/** The agent answered: the ACD connects the customer to the agent. */
export function connect(context: ContactContext, event: ContactEvent): Step {
  // A re-sync after a restart: the call is connected already.
  if (context.agent === null || (event.type === 'offer.result' && event.body.resumed === true)) return {};
  return { effects: [effects.adapter({ kind: 'connect', contact: context.id, agent: agentId(context.agent) })] };
}

/**
 * The contact ended here for a reason the ACD did not cause (the customer cancelled on the status
 * page, it expired, a substitute replaced it): the ACD takes the call out of its queue.
 */
export function endAtAcd(context: ContactContext, event: { type: string }, outcome: string): Step {
  if (event.type === 'abandoned') return {}; // the ACD told us: it knows
  return { effects: [effects.adapter({ kind: 'end', contact: context.id, outcome, reason: context.reason ?? outcome })] };
}

/** The conversation is over (ended or the customer hung up): the agent's capacity is free again. */
export function freeAgent(context: ContactContext): Step {
  if (context.agent === null) return {};
  return { effects: [effects.send(context.agent, 'work.ended', { agent: agentId(context.agent), contact: context.id })] };
}

/**
 * An assignment the contact cannot take: made for an older version of it (it switched queue
 * since: `stale`), or while it is already reserving, offered or further on (`busy`, as when two
 * centres' routers choose it at once). The router that made it hears why and which rev it is at.
 */
export function refuseAssignment(context: ContactContext, event: ContactEvent, reason: 'stale' | 'busy'): Step {
  if (event.type !== 'route.assign') return {};
  return {
    effects: [effects.send(event.from, 'route.failed', { contact: context.id, agent: event.body.agent, reason, rev: context.rev })],
  };
}

/**
 * The lease is granted on an agent of another centre: hand the contact over to that centre
 * (DESIGN.md §4). This owner keeps it until the new owner acknowledges; asked again, the new owner
 * answers the same (idempotent by contact id and rev).
 */
export function requestHandover(context: ContactContext, event: ContactEvent): Step {
  const fence = event.type === 'reserve.granted' ? event.body.fence : context.fence;
  // A resumed handover has no fence (it was not replicated), nor has a move to a centre's queue
  // won in an auction: the new owner answers by id alone.
  if (context.handover === null && (context.agent === null || fence === null)) return {};
  const to = context.handover?.to ?? centreOf(context.agent ?? '');
  const asked = context.handover === null ? 1 : context.handover.asked + 1;
  // Asked again and again, more slowly, until the new owner answers: only its answer can say whether
  // it took the contact, so giving up on silence could leave the contact in two places.
  const waitMs = Math.min(context.policy.handoverMs * 2 ** Math.min(asked - 1, 10), 30_000);
  const handoverId = context.handover?.id ?? derivedId(context.id, context.rev);
  const agent = context.agent === null ? undefined : agentId(context.agent);
  return {
    patch: { fence, handover: { id: handoverId, to, asked } },
    effects: [
      effects.cancel('reserve'),
      effects.send(`${to}/handover/main`, 'handover.request', {
        handoverId,
        contact: { ...toSnapshot(context, 'reserving'), ...(context.agent === null ? {} : { agent: context.agent }) },
        ...(agent === undefined ? {} : { agent }),
        ...(agent === undefined || fence === null ? {} : { leaseId: derivedId(agent, fence), fence }),
        attempts: context.attempts,
        commands: context.commands,
        ...(context.incarnation === undefined ? {} : { incarnation: context.incarnation }),
      }),
      effects.schedule('handover', waitMs, { type: 'handover.timeout', handoverId }),
    ],
  };
}

/**
 * An auction awarded the contact to another centre (DESIGN.md §5): it moves there — to the
 * winning agent under the bid's lease, or into that centre's queue — by the usual handover, and
 * tells the auction it is on its way.
 */
export function takeAward(context: ContactContext, event: ContactEvent): Step {
  if (event.type !== 'auction.won') return {};
  const { auctionId, centre, agent, fence } = event.body;
  return {
    patch: {
      agent: agent ?? null,
      fence: fence ?? null,
      requestId: null,
      assignedBy: null,
      movedBy: auctionId,
      handover: { id: derivedId(context.id, context.rev), to: centre, asked: 0 },
    },
    effects: [effects.send(event.from, 'auction.taken', { auctionId, contact: context.id, result: 'accepted' })],
  };
}

/** An award the contact cannot take: it is no longer waiting (routed here meanwhile, or ending). */
export function refuseAward(context: ContactContext, event: ContactEvent): Step {
  if (event.type !== 'auction.won') return {};
  return {
    effects: [
      effects.send(event.from, 'auction.taken', {
        auctionId: event.body.auctionId,
        contact: context.id,
        result: 'refused',
        reason: 'the contact is no longer waiting',
      }),
    ],
  };
}

/** A move won in an auction was refused by the winner's centre: back to the queue here. */
export function dropMove(): Step {
  return {
    patch: { agent: null, requestId: null, fence: null, assignedBy: null, handover: null, movedBy: null },
    effects: [effects.cancel('handover')],
  };
}

/** The new owner took the contact: the ACD forwards the call there; this copy ends as `forwarded`. */
export function forward(context: ContactContext): Step {
  if (context.handover === null) return {};
  const { to } = context.handover;
  return {
    patch: { outcome: 'forwarded' },
    effects: [
      effects.cancel('handover'),
      // A customer who hung up meanwhile has no call to forward: the new owner's copy ends instead.
      context.hungUp
        ? effects.send(`${to}/handover/main`, 'contact.abandoned', { contact: context.id })
        : effects.adapter({
            kind: 'forward',
            contact: context.id,
            to,
            ...(context.agent === null ? {} : { agent: agentId(context.agent) }),
          }),
    ],
  };
}

/**
 * Another centre holds this contact at a newer rev: a handover went through though its answer
 * never came back. Replicas reconcile by rev, so that copy is the contact; this one ends as
 * forwarded to it, and the ACD forwards the call there.
 */
export function yieldTo(context: ContactContext, event: ContactEvent): Step {
  if (event.type !== 'superseded') return {};
  return {
    patch: {
      outcome: 'forwarded',
      handover: { id: context.handover?.id ?? derivedId(context.id, context.rev), to: event.owner, asked: 0 },
    },
    effects: [
      effects.cancel('reserve'),
      effects.cancel('handover'),
      effects.cancel('answer'),
      context.hungUp
        ? effects.send(`${event.owner}/handover/main`, 'contact.abandoned', { contact: context.id })
        : effects.adapter({
            kind: 'forward',
            contact: context.id,
            to: event.owner,
            ...(context.agent === null ? {} : { agent: agentId(context.agent) }),
          }),
    ],
  };
}

/** The contact arrived by handover with a lease on its agent: offer it under that lease's fence. */
export function offerAdopted(context: ContactContext): Step {
  if (context.agent === null || context.fence === null) return {};
  return {
    effects: [
      effects.send(context.agent, 'offer.request', {
        agent: agentId(context.agent),
        contact: context.id,
        media: context.media,
        fence: context.fence,
      }),
    ],
  };
}
