import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import { agentKey } from './agent-key.js';
import { type AgentSets, anySkill } from './agent-placement.js';
import { eligible, proficiencyIn } from './eligible.js';
import { type FiledAgent, mediaBit } from './filed-agent.js';
import { agentOrder } from './orders.js';
import type { AgentPolicy } from './policies.js';
import type { Relaxation } from './relaxation.js';
import { firstInRoomTree, type RoomTree } from './room-tree.js';

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
 * usually stops at the first entry with room for the contact's media: the cost follows how many
 * ineligible agents with room come first, not n.
 */
export function chooseAgent(sets: AgentSets, choice: AgentChoice): AgentSnapshot | undefined {
  const { contact, policy } = choice;
  if (policy.kind === 'rotating') return rotate(narrowest(sets, choice), choice);
  if (!policy.by.includes('proficiency')) return first(narrowest(sets, choice), choice, undefined)?.agent;
  const skillset = contact.skillset;
  const withSkill = first(sets.get(choice.policyName, skillset), choice, undefined);
  if (contact.requirements.some((r) => r.skill === skillset)) return withSkill?.agent;
  // The skillset is not required, so agents without it are eligible too, at proficiency 0. Only the
  // any-skill set holds them; among them its order (which reads proficiency as 0) is the policy's.
  const without = first(sets.get(choice.policyName, anySkill), choice, skillset);
  if (withSkill === undefined || without === undefined) return (withSkill ?? without)?.agent;
  return agentOrder(policy, skillset)(withSkill.agent, without.agent) <= 0 ? withSkill.agent : without.agent;
}

function narrowest(sets: AgentSets, { contact, policyName }: AgentChoice): RoomTree | undefined {
  if (contact.requirements.length === 0) return sets.get(policyName, anySkill);
  const room = mediaBit(contact.media);
  let best: RoomTree | undefined;
  for (const { skill } of contact.requirements) {
    const tree = sets.get(policyName, skill);
    // No available agent has this skill with room for this media: nobody is eligible.
    if (tree === undefined || (tree.room & room) === 0) return undefined;
    if (best === undefined || tree.size < best.size) best = tree;
  }
  return best;
}

// A scan's test, with what it reads passed along rather than closed over: no closure per decision.
interface Wanted {
  readonly choice: AgentChoice;
  /** Only agents without this skill, when given. */
  readonly lacking: string | undefined;
}

const wanted = (filed: FiledAgent, { choice, lacking }: Wanted): boolean =>
  (lacking === undefined || proficiencyIn(filed.agent, lacking) < 1) && acceptable(filed.agent, choice);

// One object shape for every scan (see RoomTreeScan). Only the cursor's scan has a start, and it starts after the cursor.
const scanFor = (choice: AgentChoice, lacking: string | undefined, from: FiledAgent | undefined, until: FiledAgent | undefined) => ({
  room: mediaBit(choice.contact.media),
  from,
  strict: true,
  until,
  accept: wanted,
  with: { choice, lacking },
});

// The first acceptable agent of a set; with `lacking`, only agents without that skill.
function first(tree: RoomTree | undefined, choice: AgentChoice, lacking: string | undefined): FiledAgent | undefined {
  return firstInRoomTree(tree, scanFor(choice, lacking, undefined, undefined));
}

// Round robin: the first acceptable agent after the cursor in id order, else from the start (the cursor's own agent last).
function rotate(tree: RoomTree | undefined, choice: AgentChoice): AgentSnapshot | undefined {
  if (tree === undefined) return undefined;
  const { after } = choice;
  if (after === undefined) return first(tree, choice, undefined)?.agent;
  // The set orders by id alone, so a filing with the cursor's id seeks to it, present or not.
  const cursor: FiledAgent = { ...tree.last, first: 0, second: 0, third: 0, id: after };
  const next =
    firstInRoomTree(tree, scanFor(choice, undefined, cursor, undefined)) ??
    firstInRoomTree(tree, scanFor(choice, undefined, undefined, cursor));
  return next?.agent;
}
