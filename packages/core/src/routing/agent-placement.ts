import type { AgentSnapshot } from '../protocol/messages/snapshots.js';
import { allMedia, hasRoomFor, isAvailable, proficiencyIn } from './eligible.js';
import { idOrder, type RankedAgent, ranked, rankedOrder } from './orders.js';
import type { AgentPolicy } from './policies.js';
import type { TreeWriter } from './tree-family.js';

/** The scope of the sets that hold every available agent (or contact), whatever the skills. */
export const anySkill = '*';

/**
 * Files `agent` into (or, with `present: false`, out of) every ordered set it belongs to: for each
 * media it has room for now, the set of each of its skills and the any-skill set, once per policy.
 * Agents that could take nothing are in no set, so a scan never wades through busy or absent agents.
 */
export function placeAgent(
  sets: TreeWriter<RankedAgent>,
  agent: AgentSnapshot,
  policies: Readonly<Record<string, AgentPolicy>>,
  present: boolean,
): void {
  if (!isAvailable(agent)) return;
  const key = ranked(agent);
  const scopes = [anySkill, ...Object.keys(agent.skills).filter((skill) => proficiencyIn(agent, skill) >= 1)];
  const named = Object.entries(policies);
  for (const media of allMedia) {
    if (!hasRoomFor(agent, media)) continue;
    for (const scope of scopes) {
      for (const [name, policy] of named) {
        const order = policy.kind === 'rotating' ? idOrder : rankedOrder(policy, scope === anySkill ? undefined : scope);
        // On removal a fresh RankedAgent of the old snapshot compares equal to the one stored, which is all delete needs.
        if (present) sets.add(name, media, scope, key, order);
        else sets.delete(name, media, scope, key);
      }
    }
  }
}
