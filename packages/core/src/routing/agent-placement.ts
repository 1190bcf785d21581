import type { AgentSnapshot } from '../protocol/messages/snapshots.js';
import { isAvailable, proficiencyIn } from './eligible.js';
import { compareFiled, type FiledAgent, fileAgent, readsSkill, roomOf } from './filed-agent.js';
import { ranked } from './orders.js';
import type { AgentPolicy } from './policies.js';
import { buildRoomTree, editRoomTree, type RoomTree } from './room-tree.js';

/** The scope of the sets that hold every available agent (or contact), whatever the skills. */
export const anySkill = '*';

type Policies = Readonly<Record<string, AgentPolicy>>;
// Scope (a skill, or anySkill) → policy name → set. Maps are copied on write, never changed after.
type Sets = ReadonlyMap<string, ReadonlyMap<string, RoomTree>>;

/**
 * The ordered sets of an {@link AgentIndex}: one per (policy, skill) plus one per policy for any
 * skill, each a {@link RoomTree} in the policy's order that knows which media its agents have room
 * for. An agent with room for some media is filed in the set of each skill it has and in the
 * any-skill set, once per policy; an agent that could take nothing is in no set. Immutable.
 */
export class AgentSets {
  private constructor(private readonly sets: Sets) {}

  static empty(): AgentSets {
    return new AgentSets(new Map());
  }

  /** The sets of many agents, each sorted once and built bottom up. */
  static of(agents: Iterable<AgentSnapshot>, policies: Policies): AgentSets {
    const named = namedPolicies(policies);
    // Scope → per policy, the filed agents of its set.
    const pending = new Map<string, FiledAgent[][]>();
    for (const agent of agents) {
      const filings = filingsOf(agent, named);
      if (filings === undefined) continue;
      for (const [s, scope] of filings.scopes.entries()) {
        const lists = pending.get(scope) ?? named.map((): FiledAgent[] => []);
        pending.set(scope, lists);
        for (const [p, filed] of (filings.filed[s] ?? []).entries()) lists[p]?.push(filed);
      }
    }
    const sets = new Map<string, Map<string, RoomTree>>();
    for (const [scope, lists] of pending) {
      const trees = new Map<string, RoomTree>();
      for (const [p, [name]] of named.entries()) {
        const tree = buildRoomTree((lists[p] ?? []).sort(compareFiled));
        if (tree !== undefined) trees.set(name, tree);
      }
      sets.set(scope, trees);
    }
    return new AgentSets(sets);
  }

  /** The set of `policy` for `scope` (a skill or {@link anySkill}); absent when it would be empty. */
  get(policy: string, scope: string): RoomTree | undefined {
    return this.sets.get(scope)?.get(policy);
  }

  /**
   * The sets after the agent changed from `before` to `after` (either absent: it arrives or leaves).
   * Only the sets the change can affect are edited: those of the skills it had or has, and in each
   * one edit that takes out the old filing and puts in the new — one path when its place is the same.
   */
  refile(before: AgentSnapshot | undefined, after: AgentSnapshot | undefined, policies: Policies): AgentSets {
    const named = namedPolicies(policies);
    const old = before === undefined ? undefined : filingsOf(before, named);
    const next = after === undefined ? undefined : filingsOf(after, named);
    if (old === undefined && next === undefined) return this;
    const sets = new Map(this.sets);
    if (next !== undefined) {
      for (const [s, scope] of next.scopes.entries()) {
        const o = old?.scopes.indexOf(scope) ?? -1;
        editScope(sets, named, scope, o < 0 ? undefined : old?.filed[o], next.filed[s]);
      }
    }
    if (old !== undefined) {
      for (const [s, scope] of old.scopes.entries()) {
        if (next?.scopes.includes(scope) !== true) editScope(sets, named, scope, old.filed[s], undefined);
      }
    }
    return new AgentSets(sets);
  }
}

// Each set of one scope: the agent's old filing taken out, its new one put in, per policy.
function editScope(
  sets: Map<string, ReadonlyMap<string, RoomTree>>,
  named: Named,
  scope: string,
  remove: readonly FiledAgent[] | undefined,
  add: readonly FiledAgent[] | undefined,
): void {
  const trees = new Map(sets.get(scope));
  for (let p = 0; p < named.length; p++) {
    const name = (named[p] as NamedPolicy)[0];
    const tree = editRoomTree(trees.get(name), remove?.[p], add?.[p]);
    if (tree === undefined) trees.delete(name);
    else trees.set(name, tree);
  }
  if (trees.size === 0) sets.delete(scope);
  else sets.set(scope, trees);
}

type NamedPolicy = readonly [string, AgentPolicy];
type Named = readonly NamedPolicy[];
const namedOnce = new WeakMap<Policies, Named>();

// The registry's entries, worked out once per registry rather than once per update.
function namedPolicies(policies: Policies): Named {
  let entries = namedOnce.get(policies);
  if (entries === undefined) {
    entries = Object.entries(policies);
    namedOnce.set(policies, entries);
  }
  return entries;
}

/** Where an agent is filed: its scopes, and per scope one filing per policy (in the registry's order). */
interface Filings {
  readonly scopes: readonly string[];
  readonly filed: readonly (readonly FiledAgent[])[];
}

/**
 * The sets the agent belongs in: the any-skill scope and one per skill it has, each with a filing per
 * policy. Absent when it is away or has room for no media.
 */
function filingsOf(agent: AgentSnapshot, policies: Named): Filings | undefined {
  if (!isAvailable(agent)) return undefined;
  const room = roomOf(agent);
  if (room === 0) return undefined;
  const ranks = ranked(agent);
  // A policy that does not rank by proficiency files the agent alike in every set: one object for all.
  const shared = policies.map(([, policy]) => (readsSkill(policy) ? undefined : fileAgent(ranks, room, policy, undefined)));
  const scopes = [anySkill, ...Object.keys(agent.skills).filter((skill) => proficiencyIn(agent, skill) >= 1)];
  const filed = scopes.map((scope) =>
    policies.map(([, policy], p) => shared[p] ?? fileAgent(ranks, room, policy, scope === anySkill ? undefined : scope)),
  );
  return { scopes, filed };
}
