import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import { chooseAgent } from './agent-choice.js';
import { agentKey } from './agent-key.js';
import { AgentSets } from './agent-placement.js';
import { PersistentMap } from './persistent-map.js';
import { type AgentPolicy, agentPolicies, policyNamed, type Registry, registry } from './policies.js';
import type { Relaxation } from './relaxation.js';

export interface AgentIndexOptions {
  /**
   * The agent policies `choose` may name; the first is the default. Default: {@link agentPolicies}.
   * Each policy keeps its own ordered sets, so an update costs in proportion to how many there are:
   * register only the ones your queues use.
   */
  readonly policies?: Readonly<Record<string, AgentPolicy>>;
}

export interface ChooseAgentOptions {
  /** The time the choice is made at; relaxation measures a contact's wait from its `arrivedAt`. */
  readonly now: number;
  /** A policy name in the index's registry. Default: the registry's first (`longestIdle` for the built-ins). */
  readonly policy?: string;
  /** The relaxation steps of the contact's queue. */
  readonly relaxation?: Relaxation;
  /** Agents not to choose (by {@link agentKey}, `home/id`), e.g. those that already denied a reservation for this contact. */
  readonly exclude?: ReadonlySet<string>;
  /** For a rotating (round-robin) policy: the key (`home/id`) of the agent chosen last; the choice starts after it. */
  readonly after?: string;
}

/**
 * One centre's index of the agents it can route to (its replicas of the whole network), ordered per
 * skill and policy, each set knowing which media its agents have room for, so that choosing an
 * agent looks at the first few candidates instead of every agent.
 *
 * Immutable: `upsert` and `remove` return a new index and leave this one as it was, sharing
 * everything they did not touch (copy-on-write tree nodes, see room-tree.ts). That is what lets it
 * sit in a statechart's context, where the model checker keeps older states and compares them.
 * Snapshots are values too: the index files them by their fields, so never change one after handing
 * it over.
 *
 * @example
 * ```ts
 * const index = AgentIndex.empty().upsert(alice).upsert(bob);
 * const agent = index.choose(contact, { now: clock.now(), policy: 'mostProficient' });
 * ```
 */
export class AgentIndex {
  private constructor(
    private readonly agents: PersistentMap<AgentSnapshot>,
    private readonly sets: AgentSets,
    private readonly registry: Registry<AgentPolicy>,
  ) {}

  /**
   * An index with no agents.
   *
   * @example
   * ```ts
   * const index = AgentIndex.empty({ policies: { ...agentPolicies, fair: { kind: 'ranked', by: ['occupancy'] } } });
   * ```
   */
  static empty(options: AgentIndexOptions = {}): AgentIndex {
    return new AgentIndex(PersistentMap.empty(), AgentSets.empty(), registry(options.policies ?? agentPolicies, 'agent'));
  }

  /**
   * An index of many agents at once, much faster than upserting them one by one (no version in
   * between is kept). For a repeated id the last snapshot wins.
   *
   * @example
   * ```ts
   * const index = AgentIndex.from(replicas.values());
   * ```
   */
  static from(agents: Iterable<AgentSnapshot>, options: AgentIndexOptions = {}): AgentIndex {
    const byId = PersistentMap.of([...agents].map((agent) => [agentKey(agent), agent] as const));
    const policies = registry(options.policies ?? agentPolicies, 'agent');
    return new AgentIndex(byId, AgentSets.of(byId.values(), policies.policies), policies);
  }

  /** How many agents the index holds, available or not. */
  get size(): number {
    return this.agents.size;
  }

  /**
   * The agent's snapshot as last upserted, available or not.
   *
   * @example
   * ```ts
   * index.get('london/alice')?.state; // 'idle'
   * ```
   */
  get(key: string): AgentSnapshot | undefined {
    return this.agents.get(key);
  }

  /**
   * Every agent, in id order: what a model checker hashes, or a rebuild starts from.
   *
   * @example
   * ```ts
   * const ids = [...index.values()].map((agent) => agent.id);
   * ```
   */
  /** Its values, in order, as JSON: a snapshot or a message that holds it serialises what it holds. */
  toJSON(): AgentSnapshot[] {
    return Array.from(this.values());
  }

  values(): IterableIterator<AgentSnapshot> {
    return this.agents.values();
  }

  /**
   * A new index where `agent` replaces the agent with its id. The caller applies replication's
   * rule (only a newer `rev`) first; the index takes what it is given.
   *
   * @example
   * ```ts
   * index = index.upsert({ ...alice, rev: alice.rev + 1, state: 'busy', load: { chat: 1 } });
   * ```
   */
  upsert(agent: AgentSnapshot): AgentIndex {
    const key = agentKey(agent);
    const old = this.agents.get(key);
    if (old === agent) return this;
    return new AgentIndex(this.agents.with(key, agent), this.sets.refile(old, agent, this.registry.policies), this.registry);
  }

  /**
   * A new index without the agent (a tombstone, or its centre went away).
   *
   * @example
   * ```ts
   * index = index.remove('london/alice');
   * ```
   */
  remove(key: string): AgentIndex {
    const old = this.agents.get(key);
    if (old === undefined) return this;
    return new AgentIndex(this.agents.without(key), this.sets.refile(old, undefined, this.registry.policies), this.registry);
  }

  /**
   * The agent `policy` picks for `contact` among the eligible ones (see {@link eligible}) not in
   * `exclude`, or undefined when there is none. Throws a RangeError for a policy the index was not built with.
   *
   * @example
   * ```ts
   * const agent = index.choose(contact, { now, relaxation: queue.relaxation, exclude: new Set(['london/bob']) });
   * ```
   */
  choose(contact: ContactSnapshot, options: ChooseAgentOptions): AgentSnapshot | undefined {
    const policyName = options.policy ?? this.registry.defaultName;
    const policy = policyNamed(this.registry.policies, policyName, 'agent');
    const { now, relaxation = [], exclude, after } = options;
    return chooseAgent(this.sets, { contact, policyName, policy, now, relaxation, exclude, after });
  }
}
