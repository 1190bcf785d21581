import type { Relaxation } from './relaxation.js';

/**
 * What an agent policy can rank by, best first:
 * - `idleSince`: longest idle first; an agent with no idle time (busy, `idleSince: null`) after every idle one;
 * - `proficiency`: highest proficiency in the contact's skillset first (an agent without the skill counts 0);
 * - `occupancy`: lowest load ÷ capacity first, summed over every media (no capacity counts as full).
 * The agent id breaks every remaining tie, so a choice never depends on insertion order.
 */
export type AgentRank = 'idleSince' | 'proficiency' | 'occupancy';

/**
 * How a router chooses among eligible agents, as data (so it can be configured, compared and sent):
 * `ranked` takes the best by the `by` keys; `rotating` takes the next agent id after the last one chosen
 * (round robin), wrapping around.
 */
export type AgentPolicy = { readonly kind: 'ranked'; readonly by: readonly AgentRank[] } | { readonly kind: 'rotating' };

/** The built-in agent policies; `longestIdle` is the default. Add your own by name to an index's registry. */
export const agentPolicies = {
  longestIdle: { kind: 'ranked', by: ['idleSince'] },
  mostProficient: { kind: 'ranked', by: ['proficiency', 'idleSince'] },
  leastOccupied: { kind: 'ranked', by: ['occupancy', 'idleSince'] },
  roundRobin: { kind: 'rotating' },
} as const satisfies Readonly<Record<string, AgentPolicy>>;

/** The name of a built-in agent policy. */
export type AgentPolicyName = keyof typeof agentPolicies;

/**
 * What a contact policy can rank by, best first: `priority` highest first, `seniority` oldest first
 * (survives queue switches and forwarding), `arrivedAt` oldest first. The contact id breaks ties.
 */
export type ContactRank = 'priority' | 'seniority' | 'arrivedAt';

/** How a router chooses among waiting contacts for an agent, as data. */
export interface ContactPolicy {
  readonly by: readonly ContactRank[];
}

/** The built-in contact policies; `priorityFirst` is the default. */
export const contactPolicies = {
  priorityFirst: { by: ['priority', 'seniority'] },
  oldestFirst: { by: ['seniority'] },
} as const satisfies Readonly<Record<string, ContactPolicy>>;

/** The name of a built-in contact policy. */
export type ContactPolicyName = keyof typeof contactPolicies;

/** The routing settings of one skillset queue: which policies by name, and how its requirement relaxes. */
export interface QueuePolicy {
  readonly agentPolicy: string;
  readonly contactPolicy: string;
  readonly relaxation: Relaxation;
}

export const defaultQueuePolicy: QueuePolicy = { agentPolicy: 'longestIdle', contactPolicy: 'priorityFirst', relaxation: [] };

/**
 * The policy registered under `name`, or a RangeError naming the registered ones.
 *
 * @example
 * ```ts
 * policyNamed(agentPolicies, 'longestIdle', 'agent'); // { kind: 'ranked', by: ['idleSince'] }
 * ```
 */
export function policyNamed<P>(registry: Readonly<Record<string, P>>, name: string, kind: 'agent' | 'contact'): P {
  const policy = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (policy === undefined) {
    throw new RangeError(
      `Unknown ${kind} policy ${JSON.stringify(name)}; this index knows ${Object.keys(registry).join(', ')}. ` +
        `Register it when creating the index: { policies: { ...${kind}Policies, ${name}: … } }.`,
    );
  }
  return policy;
}

/** The policies an index was created with, and the one used when a call names none. */
export interface Registry<P> {
  readonly policies: Readonly<Record<string, P>>;
  /** The first registered: `longestIdle` and `priorityFirst` for the built-ins. */
  readonly defaultName: string;
}

/**
 * Checks the policies an index is created with: at least one, since every ordered set belongs to a
 * policy; the first is the default.
 *
 * @example
 * ```ts
 * registry({ fair: { kind: 'ranked', by: ['occupancy'] }, ...agentPolicies }, 'agent').defaultName; // 'fair'
 * ```
 */
export function registry<P>(policies: Readonly<Record<string, P>>, kind: 'agent' | 'contact'): Registry<P> {
  const [defaultName] = Object.keys(policies);
  if (defaultName === undefined) {
    throw new RangeError(`An index needs at least one ${kind} policy, got none; pass { policies: ${kind}Policies } or leave policies out.`);
  }
  return { policies, defaultName };
}
