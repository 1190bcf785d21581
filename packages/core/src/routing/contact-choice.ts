import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import { anySkill } from './agent-placement.js';
import { allMedia, eligible, hasRoomFor, isAvailable, proficiencyIn } from './eligible.js';
import type { Compare } from './orders.js';
import { type Relaxation, type RelaxationBySkillset, relaxationFor } from './relaxation.js';
import type { TreeFamily } from './tree-family.js';

/** One choice of a contact for an agent, as plain data. */
export interface ContactChoice {
  readonly policyName: string;
  readonly order: Compare<ContactSnapshot>;
  readonly now: number;
  readonly relaxation: Relaxation | RelaxationBySkillset | undefined;
}

/**
 * The first waiting contact in policy order that `agent` is eligible for. A contact is filed under
 * one skill it requires (its anchor) and its media, so the agent looks only under the skills it has
 * and the media it has room for, and in each set stops at the first eligible contact or at the first
 * one that already ranks behind the best found: a few heads, whatever the queue's length.
 */
export function chooseContact(
  anchored: TreeFamily<ContactSnapshot>,
  agent: AgentSnapshot,
  choice: ContactChoice,
): ContactSnapshot | undefined {
  if (!isAvailable(agent)) return undefined;
  const { policyName, order, now, relaxation } = choice;
  const scopes = [anySkill, ...Object.keys(agent.skills).filter((skill) => proficiencyIn(agent, skill) >= 1)];
  let best: ContactSnapshot | undefined;
  for (const media of allMedia) {
    if (!hasRoomFor(agent, media)) continue;
    for (const scope of scopes) {
      const set = anchored.get(policyName, media, scope);
      if (set === undefined) continue;
      for (const contact of set.keys()) {
        if (best !== undefined && order(contact, best) > 0) break;
        if (!eligible(agent, contact, now, relaxationFor(relaxation, contact.skillset))) continue;
        best = contact;
        break;
      }
    }
  }
  return best;
}
