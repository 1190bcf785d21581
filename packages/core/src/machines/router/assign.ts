/**
 * The router's building blocks: addresses, its two agent indexes, making an assignment, and
 * composing steps. Pure.
 */
import { effects } from '../../effects/effects.js';
import type { AgentSnapshot, ContactSnapshot } from '../../protocol/messages/snapshots.js';
import { agentKey } from '../../routing/agent-key.js';
import { relaxationFor, requiredProficiency } from '../../routing/relaxation.js';
import type { Step as StepOf } from '../step.js';
import type { RouterContext } from './context.js';

type Step = StepOf<RouterContext>;

export const agentAddress = (agent: AgentSnapshot) => `${agent.home}/agent/${agent.id}`;
export const contactAddress = (contact: ContactSnapshot) => `${contact.owner}/contact/${contact.id}`;
/** `london/agent/a1` → `london/a1`, the agent's key in the router's indexes. */
export const keyOf = (address: string) => `${address.slice(0, address.indexOf('/'))}/${address.slice(address.lastIndexOf('/') + 1)}`;

/** The indexes with `agent` in (and in `local` too when it is this centre's). */
export function put(context: RouterContext, agent: AgentSnapshot): Pick<RouterContext, 'agents' | 'local'> {
  const agents = context.agents.upsert(agent);
  return {
    agents,
    local: agent.home === context.centre ? (context.local === context.agents ? agents : context.local.upsert(agent)) : context.local,
  };
}

/** The indexes without the agent. */
export function drop(context: RouterContext, agent: AgentSnapshot): Pick<RouterContext, 'agents' | 'local'> {
  const key = agentKey(agent);
  const agents = context.agents.remove(key);
  return { agents, local: context.local === context.agents ? agents : context.local.remove(key) };
}

/**
 * Assign: tell the contact which agent to reserve, and until the answer comes, mark the agent
 * reserved and the contact reserving, so neither is chosen twice. `rev` lets the contact refuse
 * an assignment made for an older version of itself (say, before a queue switch).
 */
export function assign(context: RouterContext, contact: ContactSnapshot, agent: AgentSnapshot, now: number): Step {
  const relaxation = relaxationFor(context.policy.relaxation, contact.skillset);
  const requirements = contact.requirements.map((r) => ({
    skill: r.skill,
    minProficiency: requiredProficiency(contact, r, now, relaxation),
  }));
  return {
    patch: {
      ...put(context, { ...agent, state: 'reserved' }),
      contacts: context.contacts.upsert({ ...contact, state: 'reserving' }),
      pending: { ...context.pending, [contact.id]: { agent, contact, since: now } },
      lastChosen: agentKey(agent),
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
export function skipped(context: RouterContext, contactId: string): Set<string> {
  const out = new Set<string>();
  for (const [agent, rev] of Object.entries(context.tried[contactId] ?? {})) {
    if (context.agents.get(agent)?.rev === rev) out.add(agent);
  }
  return out;
}

/** Apply `first`, then a step computed on the context it leaves. */
export function andThen(first: Step, context: RouterContext, next: (context: RouterContext) => Step): Step {
  return merge(first, next({ ...context, ...first.patch }));
}

export function merge(a: Step, b: Step): Step {
  return { patch: { ...a.patch, ...b.patch }, effects: [...(a.effects ?? []), ...(b.effects ?? [])] };
}

export function without<V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> {
  const { [key]: _, ...rest } = record;
  return rest;
}
