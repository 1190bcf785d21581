import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import { agentKey } from './agent-key.js';
import { allMedia, proficiencyIn } from './eligible.js';
import type { AgentPolicy, AgentRank, ContactPolicy, ContactRank } from './policies.js';

/** A total order: negative when `a` comes first. */
export type Compare<T> = (a: T, b: T) => number;

/** A ranked (not rotating) agent policy. */
export type RankedAgentPolicy = Extract<AgentPolicy, { kind: 'ranked' }>;

/**
 * An agent with the numbers policies rank by, worked out once per update (the ordered sets file
 * them as filed agents, see filed-agent.ts) rather than on each comparison.
 */
export interface RankedAgent {
  readonly id: string;
  /** `idleSince`, with never-idle (null) as +∞ so that it sorts last. */
  readonly idleSince: number;
  /** Load ÷ capacity over every media; 1 (full) without capacity. */
  readonly occupancy: number;
  readonly agent: AgentSnapshot;
}

/**
 * The ranking numbers of an agent.
 *
 * @example
 * ```ts
 * ranked({ ...agent, capacity: { chat: 4 }, load: { chat: 1 } }).occupancy; // 0.25
 * ```
 */
export function ranked(agent: AgentSnapshot): RankedAgent {
  let load = 0;
  let capacity = 0;
  for (const media of allMedia) {
    load += agent.load[media] ?? 0;
    capacity += agent.capacity[media] ?? 0;
  }
  const occupancy = capacity > 0 ? load / capacity : 1;
  return { id: agentKey(agent), idleSince: agent.idleSince ?? Number.POSITIVE_INFINITY, occupancy, agent };
}

const byNumber = (x: number, y: number): number => (x < y ? -1 : x > y ? 1 : 0);
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function rankOrder(rank: AgentRank, skill: string | undefined): Compare<RankedAgent> {
  switch (rank) {
    case 'idleSince':
      return (a, b) => byNumber(a.idleSince, b.idleSince);
    case 'proficiency':
      return skill === undefined ? () => 0 : (a, b) => byNumber(proficiencyIn(b.agent, skill), proficiencyIn(a.agent, skill));
    case 'occupancy':
      return (a, b) => byNumber(a.occupancy, b.occupancy);
  }
}

function contactKey(rank: ContactRank): Compare<ContactSnapshot> {
  switch (rank) {
    case 'priority':
      return (a, b) => byNumber(b.priority, a.priority);
    case 'seniority':
      return (a, b) => byNumber(a.seniority, b.seniority);
    case 'arrivedAt':
      return (a, b) => byNumber(a.arrivedAt, b.arrivedAt);
  }
}

function lexicographic<T extends { readonly id: string }>(keys: readonly Compare<T>[]): Compare<T> {
  // Unrolled for the usual one or two keys: these run ~log n times per set an update touches.
  const [first, second] = keys;
  if (first === undefined) return (a, b) => byId(a.id, b.id);
  if (second === undefined) return (a, b) => first(a, b) || byId(a.id, b.id);
  if (keys.length === 2) return (a, b) => first(a, b) || second(a, b) || byId(a.id, b.id);
  return (a, b) => {
    for (const key of keys) {
      const c = key(a, b);
      if (c !== 0) return c;
    }
    return byId(a.id, b.id);
  };
}

// Sets keep the comparator they were created with; one per (policy, skill) keeps them identical
// across index versions and saves building closures on every update.
const rankedOrders = new WeakMap<RankedAgentPolicy, Map<string | undefined, Compare<RankedAgent>>>();
const contactOrders = new WeakMap<ContactPolicy, Compare<ContactSnapshot>>();

/**
 * The order a ranked agent policy puts agents in, best first, on precomputed {@link RankedAgent}s;
 * `skill` is the contact's skillset that `proficiency` reads (undefined reads 0 for everyone).
 *
 * @example
 * ```ts
 * rankedOrder(agentPolicies.longestIdle, undefined)(ranked(alice), ranked(bob)); // < 0 when alice is idle longer
 * ```
 */
export function rankedOrder(policy: RankedAgentPolicy, skill: string | undefined): Compare<RankedAgent> {
  let perSkill = rankedOrders.get(policy);
  if (perSkill === undefined) {
    perSkill = new Map();
    rankedOrders.set(policy, perSkill);
  }
  let order = perSkill.get(skill);
  if (order === undefined) {
    order = lexicographic(policy.by.map((rank) => rankOrder(rank, skill)));
    perSkill.set(skill, order);
  }
  return order;
}

/**
 * The order a ranked agent policy puts agent snapshots in, best first, for a contact of `skill`.
 *
 * @example
 * ```ts
 * agents.sort(agentOrder(agentPolicies.mostProficient, 'billing'));
 * ```
 */
export function agentOrder(policy: RankedAgentPolicy, skill: string | undefined): Compare<AgentSnapshot> {
  const order = rankedOrder(policy, skill);
  return (a, b) => order(ranked(a), ranked(b));
}

/**
 * The order a contact policy puts waiting contacts in, first served first.
 *
 * @example
 * ```ts
 * contacts.sort(contactOrder(contactPolicies.priorityFirst));
 * ```
 */
export function contactOrder(policy: ContactPolicy): Compare<ContactSnapshot> {
  let order = contactOrders.get(policy);
  if (order === undefined) {
    order = lexicographic(policy.by.map(contactKey));
    contactOrders.set(policy, order);
  }
  return order;
}
