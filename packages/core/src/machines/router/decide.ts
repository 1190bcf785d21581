import { effects } from '../../effects/effects.js';
import type { AgentSnapshot, ContactSnapshot } from '../../protocol/messages/snapshots.js';
import { isAvailable } from '../../routing/eligible.js';
import { relaxationFor, requiredProficiency } from '../../routing/relaxation.js';
import type { Step as StepOf } from '../step.js';
import type { RouterContext } from './context.js';

type Step = StepOf<RouterContext>;

const terminal = new Set(['ended', 'abandoned', 'expired', 'substituted', 'forwarded']);
const agentAddress = (agent: AgentSnapshot) => `${agent.home}/agent/${agent.id}`;
const contactAddress = (contact: ContactSnapshot) => `${contact.owner}/contact/${contact.id}`;

/**
 * Assign: tell the contact which agent to reserve, and until the answer comes, treat the agent as
 * reserved and the contact as reserving, so neither is chosen twice.
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
      pending: { ...context.pending, [contact.id]: { agent } },
      lastChosen: agent.id,
    },
    effects: [effects.send(contactAddress(contact), 'route.assign', { contact: contact.id, agent: agentAddress(agent), requirements })],
  };
}

/** An agent for a waiting contact, if one is eligible now. */
export function routeContact(context: RouterContext, contact: ContactSnapshot, now: number): Step {
  if (contact.state !== 'queued' || context.pending[contact.id] !== undefined) return {};
  const agent = context.agents.choose(contact, {
    now,
    policy: context.policy.agentPolicy,
    relaxation: relaxationFor(context.policy.relaxation, contact.skillset),
    exclude: new Set(context.tried[contact.id] ?? []),
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
  const agents = agent.state === 'loggedOut' ? context.agents.remove(agent.id) : context.agents.upsert(agent);
  const next = { ...context, agents };
  return merge({ patch: { agents } }, routeAgent(next, agent, now));
}

/** A newer contact snapshot: queue it, route it, or forget it when it has ended. */
export function contactChanged(context: RouterContext, contact: ContactSnapshot, now: number): Step {
  const known = context.contacts.get(contact.id);
  if (known !== undefined && known.rev > contact.rev) return {};
  if (terminal.has(contact.state)) {
    const { [contact.id]: _pending, ...pending } = context.pending;
    const { [contact.id]: _tried, ...tried } = context.tried;
    return { patch: { contacts: context.contacts.remove(contact.id), pending, tried } };
  }
  // A queued snapshot sent before the contact saw its assignment is stale: keep it reserving.
  if (contact.state === 'queued' && context.pending[contact.id] !== undefined) return {};
  // Offered or further on: the assignment worked; its round is over.
  const settled = contact.state !== 'queued' && contact.state !== 'reserving';
  const pending = settled ? withoutKey(context.pending, contact.id) : context.pending;
  const tried = settled ? withoutKey(context.tried, contact.id) : context.tried;
  const next = { ...context, contacts: context.contacts.upsert(contact), pending, tried };
  return merge({ patch: { contacts: next.contacts, pending: next.pending, tried } }, routeContact(next, contact, now));
}

/** The agent could not be had: forget the assignment, remember the agent for this contact's round. */
export function assignmentFailed(context: RouterContext, contactId: string, agentAddr: string): Step {
  const pending = context.pending[contactId];
  const agentId = agentAddr.slice(agentAddr.lastIndexOf('/') + 1);
  const marked = context.agents.get(agentId);
  // Put the agent back as it was, unless a newer snapshot of it arrived meanwhile.
  const agents =
    pending !== undefined && marked !== undefined && marked.rev === pending.agent.rev
      ? context.agents.upsert(pending.agent)
      : context.agents;
  return {
    patch: {
      agents,
      pending: withoutKey(context.pending, contactId),
      tried: { ...context.tried, [contactId]: [...(context.tried[contactId] ?? []), agentId] },
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

function merge(a: Step, b: Step): Step {
  return { patch: { ...a.patch, ...b.patch }, effects: [...(a.effects ?? []), ...(b.effects ?? [])] };
}

function withoutKey<V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> {
  const { [key]: _, ...rest } = record;
  return rest;
}
