import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import { agentKey } from './agent-key.js';
import { anySkill } from './agent-placement.js';
import { eligible, proficiencyIn } from './eligible.js';
import { type RankedAgent, rankedOrder } from './orders.js';
import type { AgentPolicy } from './policies.js';
import type { Relaxation } from './relaxation.js';
import type { SortedView, TreeFamily } from './tree-family.js';

/** One choice, as plain data (no closures are made per decision). */
export interface AgentChoice {
  readonly contact: ContactSnapshot;
  readonly policyName: string;
  readonly policy: AgentPolicy;
  readonly now: number;
  readonly relaxation: Relaxation;
  readonly exclude: ReadonlySet<string> | undefined;
  /** Round robin: the agent chosen last. */
  readonly after: string | undefined;
}

const acceptable = (agent: AgentSnapshot, choice: AgentChoice): boolean =>
  choice.exclude?.has(agentKey(agent)) !== true && eligible(agent, choice.contact, choice.now, choice.relaxation);

/**
 * The first acceptable agent in the policy's order. Every eligible agent has every required skill,
 * so scanning the smallest required skill's set (already in the policy's order) sees them all and
 * usually stops at the first entry: the cost follows how many ineligible agents come first, not n.
 */
export function chooseAgent(sets: TreeFamily<RankedAgent>, choice: AgentChoice): AgentSnapshot | undefined {
  const { contact, policy } = choice;
  if (policy.kind === 'rotating') return rotate(narrowest(sets, choice), choice);
  if (!policy.by.includes('proficiency')) return first(narrowest(sets, choice), choice, undefined)?.agent;
  const skillset = contact.skillset;
  const withSkill = first(sets.get(choice.policyName, contact.media, skillset), choice, undefined);
  if (contact.requirements.some((r) => r.skill === skillset)) return withSkill?.agent;
  // The skillset is not required, so agents without it are eligible too, at proficiency 0. Only the
  // any-skill set holds them; among them its order (which reads proficiency as 0) is the policy's.
  const without = first(sets.get(choice.policyName, contact.media, anySkill), choice, skillset);
  if (withSkill === undefined || without === undefined) return (withSkill ?? without)?.agent;
  return rankedOrder(policy, skillset)(withSkill, without) <= 0 ? withSkill.agent : without.agent;
}

function narrowest(sets: TreeFamily<RankedAgent>, { contact, policyName }: AgentChoice): SortedView<RankedAgent> | undefined {
  if (contact.requirements.length === 0) return sets.get(policyName, contact.media, anySkill);
  let best: SortedView<RankedAgent> | undefined;
  for (const { skill } of contact.requirements) {
    const tree = sets.get(policyName, contact.media, skill);
    // No available agent has this skill for this media: nobody is eligible.
    if (tree === undefined) return undefined;
    if (best === undefined || tree.size < best.size) best = tree;
  }
  return best;
}

// The first acceptable agent of a set; with `lacking`, only agents without that skill.
function first(tree: SortedView<RankedAgent> | undefined, choice: AgentChoice, lacking: string | undefined): RankedAgent | undefined {
  if (tree === undefined) return undefined;
  for (const key of tree.keys()) {
    if ((lacking === undefined || proficiencyIn(key.agent, lacking) < 1) && acceptable(key.agent, choice)) return key;
  }
  return undefined;
}

// Round robin: the first acceptable agent after the cursor in id order, else from the start (the cursor's own agent last).
function rotate(tree: SortedView<RankedAgent> | undefined, choice: AgentChoice): AgentSnapshot | undefined {
  const { after } = choice;
  const head = tree?.minKey();
  if (tree === undefined || head === undefined) return undefined;
  if (after !== undefined) {
    // The set compares ids only, so any entry with the cursor's id seeks to it, present or not.
    for (const key of tree.keys({ ...head, id: after })) {
      if (key.id !== after && acceptable(key.agent, choice)) return key.agent;
    }
  }
  for (const key of tree.keys()) {
    if (after !== undefined && key.id > after) break;
    if (acceptable(key.agent, choice)) return key.agent;
  }
  return undefined;
}
