import type { AgentSnapshot, ContactSnapshot } from '../packages/core/src/protocol/index.js';
import { type Compare, eligible } from '../packages/core/src/routing/index.js';

// The "bare" baseline: one pass over every agent or contact with the same eligibility rule,
// keeping the best so far. No index, no allocation; what a router without indexes would do.

/** Longest idle, then id: the default agent policy, written out so the scan pays no wrapper. */
const longestIdle: Compare<AgentSnapshot> = (a, b) => {
  const x = a.idleSince ?? Number.POSITIVE_INFINITY;
  const y = b.idleSince ?? Number.POSITIVE_INFINITY;
  return x !== y ? x - y : a.id < b.id ? -1 : 1;
};

export function scanForAgent(agents: readonly AgentSnapshot[], contact: ContactSnapshot, now: number): AgentSnapshot | undefined {
  let best: AgentSnapshot | undefined;
  for (const agent of agents) {
    if ((best === undefined || longestIdle(agent, best) < 0) && eligible(agent, contact, now)) best = agent;
  }
  return best;
}

export function scanForContact(
  contacts: readonly ContactSnapshot[],
  agent: AgentSnapshot,
  now: number,
  order: Compare<ContactSnapshot>,
): ContactSnapshot | undefined {
  let best: ContactSnapshot | undefined;
  for (const contact of contacts) {
    if (contact.state === 'queued' && (best === undefined || order(contact, best) < 0) && eligible(agent, contact, now)) best = contact;
  }
  return best;
}
