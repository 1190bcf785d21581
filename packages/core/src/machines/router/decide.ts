import { effects } from '../../effects/effects.js';
import type { AgentSnapshot, ContactSnapshot } from '../../protocol/messages/snapshots.js';
import { isAvailable } from '../../routing/eligible.js';
import { relaxationFor, requiredProficiency } from '../../routing/relaxation.js';
import type { Step as StepOf } from '../step.js';
import type { RouterContext } from './context.js';

type Step = StepOf<RouterContext>;

const terminal = new Set(['ended', 'abandoned', 'expired', 'substituted', 'forwarded']);
/** Reasons a reservation was refused or went unanswered: the agent is skipped until it changes. */
const refusals = new Set(['notIdle', 'leased', 'unknownAgent', 'noCapacity', 'notEligible', 'offline', 'no answer']);
const agentAddress = (agent: AgentSnapshot) => `${agent.home}/agent/${agent.id}`;
const contactAddress = (contact: ContactSnapshot) => `${contact.owner}/contact/${contact.id}`;
const idOf = (address: string) => address.slice(address.lastIndexOf('/') + 1);

/**
 * Assign: tell the contact which agent to reserve, and until the answer comes, mark the agent
 * reserved and the contact reserving, so neither is chosen twice. `rev` lets the contact refuse
 * an assignment made for an older version of itself (say, before a queue switch).
 */
function assign(context: RouterContext, contact: ContactSnapshot, agent: AgentSnapshot, now: number): Step {
  const relaxation = relaxationFor(context.policy.relaxation, contact.skillset);
  const requirements = contact.requirements.map((r) => ({
    skill: r.skill,
    minProficiency: requiredProficiency(contact, r, now, relaxation),
  }));
  return {
    patch: {
      agents: context.agents.upsert({ ...agent, state: 'reserved' }),
      contacts: context.contacts.upsert({ ...contact, state: 'reserving' }),
      pending: { ...context.pending, [contact.id]: { agent, contact } },
      lastChosen: agent.id,
    },
    effects: [
      effects.send(contactAddress(contact), 'route.assign', {
        contact: contact.id,
        agent: agentAddress(agent),
        requirements,
        rev: contact.rev,
      }),
    ],
  };
}

/** Agents skipped for a contact: those that refused it and have not changed since. */
function skipped(context: RouterContext, contactId: string): Set<string> {
  const out = new Set<string>();
  for (const [agent, rev] of Object.entries(context.tried[contactId] ?? {})) {
    if (context.agents.get(agent)?.rev === rev) out.add(agent);
  }
  return out;
}

/** An agent for a waiting contact, if one is eligible now. */
export function routeContact(context: RouterContext, contact: ContactSnapshot, now: number): Step {
  if (contact.state !== 'queued' || context.pending[contact.id] !== undefined) return {};
  const agent = context.agents.choose(contact, {
    now,
    policy: context.policy.agentPolicy,
    relaxation: relaxationFor(context.policy.relaxation, contact.skillset),
    exclude: skipped(context, contact.id),
    ...(context.lastChosen === undefined ? {} : { after: context.lastChosen }),
  });
  return agent === undefined ? {} : assign(context, contact, agent, now);
}

/** A waiting contact for an agent that is available, if there is one it can take. */
export function routeAgent(context: RouterContext, agent: AgentSnapshot, now: number): Step {
  if (!isAvailable(agent)) return {};
  const contact = context.contacts.choose(agent, { now, policy: context.policy.contactPolicy, relaxation: context.policy.relaxation });
  return contact === undefined ? {} : assign(context, contact, agent, now);
}

/** A newer agent snapshot (replica rule: never older than what the index holds). */
export function agentChanged(context: RouterContext, agent: AgentSnapshot, now: number): Step {
  const known = context.agents.get(agent.id);
  if (known !== undefined && known.rev > agent.rev) return {};
  // While an assignment is on its way the mark stays; the real snapshot waits in `pending`.
  const marked = Object.entries(context.pending).find(([, p]) => p.agent.id === agent.id);
  if (marked !== undefined) {
    const [contactId, p] = marked;
    return { patch: { pending: { ...context.pending, [contactId]: { ...p, agent } } } };
  }
  const agents = agent.state === 'loggedOut' ? context.agents.remove(agent.id) : context.agents.upsert(agent);
  return then({ patch: { agents } }, context, (next) => routeAgent(next, agent, now));
}

/** A newer contact snapshot: queue it, route it, or forget it when it has ended. */
export function contactChanged(context: RouterContext, contact: ContactSnapshot, now: number): Step {
  const known = context.contacts.get(contact.id);
  if (known !== undefined && known.rev > contact.rev) return {};
  const pending = context.pending[contact.id];
  if (terminal.has(contact.state)) {
    const released = pending === undefined ? {} : giveBack(context, contact.id);
    return then(
      {
        patch: {
          ...released.patch,
          contacts: (released.patch?.contacts ?? context.contacts).remove(contact.id),
          tried: without(context.tried, contact.id),
        },
      },
      context,
      (next) => (pending === undefined ? {} : routeAgent(next, next.agents.get(pending.agent.id) ?? pending.agent, now)),
    );
  }
  if (pending !== undefined && (contact.state === 'queued' || contact.state === 'reserving')) {
    // Still waiting for the contact's answer: remember what it is now, keep the mark.
    return { patch: { pending: { ...context.pending, [contact.id]: { ...pending, contact } } } };
  }
  // Offered or further on: the assignment worked, its round is over.
  const settled = contact.state !== 'queued' && contact.state !== 'reserving';
  const seen = pending?.agent;
  const newer = seen !== undefined && (context.agents.get(seen.id)?.rev ?? -1) < seen.rev;
  const patch: Partial<RouterContext> = {
    contacts: context.contacts.upsert(contact),
    // The agent's own snapshots kept arriving under the mark: show the newest now.
    ...(settled && newer ? { agents: context.agents.upsert(seen) } : {}),
    ...(settled ? { pending: without(context.pending, contact.id), tried: without(context.tried, contact.id) } : {}),
  };
  return then({ patch }, context, (next) => routeContact(next, contact, now));
}

/**
 * The agent could not be had. Undo the marks; if the owner refused, skip that agent for this
 * contact until it changes; then route both again at once.
 */
export function assignmentFailed(
  context: RouterContext,
  contactId: string,
  agentAddr: string,
  reason: string | undefined,
  now: number,
): Step {
  const pending = context.pending[contactId];
  if (pending === undefined || pending.agent.id !== idOf(agentAddr)) return {};
  const released = giveBack(context, contactId);
  const agent = pending.agent;
  const refused = refusals.has(reason ?? 'no answer');
  const tried = refused ? { ...context.tried, [contactId]: { ...context.tried[contactId], [agent.id]: agent.rev } } : context.tried;
  return then({ patch: { ...released.patch, tried } }, context, (next) => {
    const contactStep = routeContact(next, pending.contact, now);
    // An agent whose owner refused is routed again when it publishes something new, not now:
    // it would only be handed the same contact and refuse again, at the same instant, for ever.
    if (refused) return contactStep;
    const after = { ...next, ...contactStep.patch };
    return merge(contactStep, routeAgent(after, after.agents.get(agent.id) ?? agent, now));
  });
}

/** Undo an assignment's marks: the agent and the contact as they really are. */
function giveBack(context: RouterContext, contactId: string): Step {
  const pending = context.pending[contactId];
  if (pending === undefined) return {};
  return {
    patch: {
      pending: without(context.pending, contactId),
      agents: pending.agent.state === 'loggedOut' ? context.agents.remove(pending.agent.id) : context.agents.upsert(pending.agent),
      contacts: context.contacts.upsert(pending.contact),
    },
  };
}

/** Look at the best waiting contacts again: relaxation may have widened their choice. */
export function recheck(context: RouterContext, now: number): Step {
  let step: Step = {};
  let current = context;
  let looked = 0;
  // queue() walks the waiting contacts best first, across every skillset queue.
  for (const contact of context.contacts.queue()) {
    if (looked >= context.policy.recheckBatch) break;
    looked += 1;
    const next = routeContact(current, contact, now);
    if (next.patch !== undefined) current = { ...current, ...next.patch };
    step = merge(step, next);
  }
  return step;
}

/** Any contact waiting? */
export const anyWaiting = (context: RouterContext): boolean => context.contacts.waiting() > 0;

/** Apply `first`, then a step computed on the context it leaves. */
function then(first: Step, context: RouterContext, next: (context: RouterContext) => Step): Step {
  return merge(first, next({ ...context, ...first.patch }));
}

function merge(a: Step, b: Step): Step {
  return { patch: { ...a.patch, ...b.patch }, effects: [...(a.effects ?? []), ...(b.effects ?? [])] };
}

function without<V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> {
  const { [key]: _, ...rest } = record;
  return rest;
}
