import type { AgentSnapshot } from '../protocol/messages/snapshots.js';
import type { Media } from '../protocol/primitives.js';
import { allMedia, hasRoomFor, proficiencyIn } from './eligible.js';
import type { RankedAgent } from './orders.js';
import type { AgentPolicy, AgentRank } from './policies.js';

/**
 * An agent as one ordered set files it: the numbers that set orders by (its policy's ranks, best
 * first, ascending), the agent's key, and the media it has room for now. Worked out once per update
 * so that the ~log n comparisons of an edit compare numbers, not skill records.
 */
export interface FiledAgent {
  readonly first: number;
  readonly second: number;
  readonly third: number;
  /** The agent's key (`home/id`): breaks every tie, as every policy's order does. */
  readonly id: string;
  /** A bit per media it has room for, as {@link mediaBit}. */
  readonly room: number;
  readonly agent: AgentSnapshot;
}

const bits = new Map<string, number>(allMedia.map((media, i) => [media, 1 << i]));

/** How many media bits a room has: one per media of {@link allMedia}. */
export const mediaBits = allMedia.length;

/**
 * The bit of `media` in a {@link FiledAgent}'s room.
 *
 * @example
 * ```ts
 * (filed.room & mediaBit('chat')) !== 0; // room for a chat
 * ```
 */
export const mediaBit = (media: Media): number => bits.get(media) ?? 0;

/**
 * The media the agent has room for now, a bit each (0: none, so it is filed nowhere).
 *
 * @example
 * ```ts
 * roomOf({ ...agent, capacity: { voice: 1, chat: 3 }, load: { chat: 1 } }) === mediaBit('chat'); // true
 * ```
 */
export function roomOf(agent: AgentSnapshot): number {
  let room = 0;
  for (const media of allMedia) if (hasRoomFor(agent, media)) room |= mediaBit(media);
  return room;
}

/**
 * The policy's order on filed agents: by `first`, `second`, `third`, then the key. Equal numbers
 * compare as a tie exactly as `agentOrder` does (NaN included), so both orders agree.
 *
 * @example
 * ```ts
 * sorted.sort(compareFiled);
 * ```
 */
export function compareFiled(a: FiledAgent, b: FiledAgent): number {
  if (a.first < b.first) return -1;
  if (a.first > b.first) return 1;
  if (a.second < b.second) return -1;
  if (a.second > b.second) return 1;
  if (a.third < b.third) return -1;
  if (a.third > b.third) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// A repeated rank decides nothing its first use did not, so at most three distinct ones remain.
const distinctRanks = new WeakMap<AgentPolicy, readonly AgentRank[]>();

/**
 * Whether the policy's order depends on the set's skill (it ranks by proficiency): one filed agent
 * per skill then, else one shared by every set of the policy.
 */
export const readsSkill = (policy: AgentPolicy): boolean => ranksOf(policy).includes('proficiency');

function ranksOf(policy: AgentPolicy): readonly AgentRank[] {
  let ranks = distinctRanks.get(policy);
  if (ranks === undefined) {
    ranks = policy.kind === 'rotating' ? [] : [...new Set(policy.by)];
    distinctRanks.set(policy, ranks);
  }
  return ranks;
}

// Ascending in every rank: proficiency is negated (highest first), and reads 0 for everyone in the
// any-skill set, as the policy's order does without a skill.
function rankValue(rank: AgentRank | undefined, agent: RankedAgent, skill: string | undefined): number {
  switch (rank) {
    case 'idleSince':
      return agent.idleSince;
    case 'occupancy':
      return agent.occupancy;
    case 'proficiency':
      return skill === undefined ? 0 : -proficiencyIn(agent.agent, skill);
    case undefined:
      return 0;
  }
}

/**
 * The agent as the set of `policy` for `skill` (undefined: the any-skill set) files it.
 *
 * @example
 * ```ts
 * const filed = fileAgent(ranked(agent), roomOf(agent), agentPolicies.mostProficient, 'billing');
 * ```
 */
export function fileAgent(agent: RankedAgent, room: number, policy: AgentPolicy, skill: string | undefined): FiledAgent {
  const [first, second, third] = ranksOf(policy);
  return {
    first: rankValue(first, agent, skill),
    second: rankValue(second, agent, skill),
    third: rankValue(third, agent, skill),
    id: agent.id,
    room,
    agent: agent.agent,
  };
}
