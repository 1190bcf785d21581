import { agentKey } from '@contactmesh/core';
import type { AgentSnapshot, ContactSnapshot } from '../../src/protocol/index.js';
import {
  type AgentPolicy,
  agentOrder,
  type ContactPolicy,
  contactOrder,
  eligible,
  type Relaxation,
  type RelaxationBySkillset,
  relaxationFor,
} from '../../src/routing/index.js';

// The specification the indexes must match: look at every agent or contact, apply the one rule, take the best.

export interface BruteAgentOptions {
  readonly now: number;
  readonly relaxation?: Relaxation;
  readonly exclude?: ReadonlySet<string>;
  readonly after?: string;
}

export function bruteAgent(
  agents: Iterable<AgentSnapshot>,
  contact: ContactSnapshot,
  policy: AgentPolicy,
  options: BruteAgentOptions,
): AgentSnapshot | undefined {
  const candidates = [...agents].filter(
    (a) => !options.exclude?.has(agentKey(a)) && eligible(a, contact, options.now, options.relaxation ?? []),
  );
  if (policy.kind === 'rotating') {
    candidates.sort((a, b) => (agentKey(a) < agentKey(b) ? -1 : 1));
    const { after } = options;
    return (after === undefined ? undefined : candidates.find((a) => agentKey(a) > after)) ?? candidates[0];
  }
  return candidates.sort(agentOrder(policy, contact.skillset))[0];
}

export function bruteContact(
  contacts: Iterable<ContactSnapshot>,
  agent: AgentSnapshot,
  policy: ContactPolicy,
  options: { readonly now: number; readonly relaxation?: Relaxation | RelaxationBySkillset },
): ContactSnapshot | undefined {
  return [...contacts]
    .filter((c) => c.state === 'queued' && eligible(agent, c, options.now, relaxationFor(options.relaxation, c.skillset)))
    .sort(contactOrder(policy))[0];
}

export function brutePosition(contacts: Iterable<ContactSnapshot>, id: string, policy: ContactPolicy): number | undefined {
  const all = [...contacts];
  const target = all.find((c) => c.id === id);
  if (target === undefined || target.state !== 'queued') return undefined;
  const queue = all.filter((c) => c.state === 'queued' && c.skillset === target.skillset).sort(contactOrder(policy));
  return queue.findIndex((c) => c.id === id) + 1;
}
