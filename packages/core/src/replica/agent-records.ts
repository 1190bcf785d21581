import type { AgentSnapshot, AgentState } from '../protocol/messages/snapshots.js';
import { Interner } from './interner.js';
import { KeyIndex } from './key-index.js';
import type { AgentQuery } from './queries.js';
import { smallest } from './smallest.js';

/**
 * Agent replicas by `{home}/{id}`, indexed by home centre, state and skill. Each snapshot is kept
 * compacted (`compactAgent`: equal values, shared strings and tables) and never changed after;
 * the indexes hold only the key strings.
 */
export class AgentRecords {
  /** Shares the strings and tables the records repeat. */
  readonly interner = new Interner();
  readonly #byKey = new Map<string, AgentSnapshot>();
  readonly #byCentre = new KeyIndex();
  readonly #byState = new KeyIndex();
  readonly #bySkill = new KeyIndex();

  get size(): number {
    return this.#byKey.size;
  }

  get(key: string): AgentSnapshot | undefined {
    return this.#byKey.get(key);
  }

  /** Holds `agent` under `key`, refiling only the index entries whose field changed. */
  put(key: string, before: AgentSnapshot | undefined, agent: AgentSnapshot): void {
    this.#byKey.set(key, agent);
    if (before === undefined) this.#byCentre.add(agent.home, key);
    if (before?.state !== agent.state) {
      if (before !== undefined) this.#byState.delete(before.state, key);
      this.#byState.add(agent.state, key);
    }
    if (before !== undefined) {
      for (const skill of Object.keys(before.skills)) if (!Object.hasOwn(agent.skills, skill)) this.#bySkill.delete(skill, key);
    }
    for (const skill of Object.keys(agent.skills)) {
      if (before === undefined || !Object.hasOwn(before.skills, skill)) this.#bySkill.add(skill, key);
    }
  }

  remove(key: string, before: AgentSnapshot): void {
    this.#byKey.delete(key);
    this.#byCentre.delete(before.home, key);
    this.#byState.delete(before.state, key);
    for (const skill of Object.keys(before.skills)) this.#bySkill.delete(skill, key);
  }

  /**
   * The fewest keys that hold every agent `query` can match: one index's groups, whichever is
   * smallest. Without a centre, state or skill, the groups of every centre not offline (or all).
   */
  candidates(query: AgentQuery, states: readonly AgentState[] | undefined, isOffline: (centre: string) => boolean): ReadonlySet<string>[] {
    const options: ReadonlySet<string>[][] = [];
    if (query.centre !== undefined) options.push([this.#byCentre.get(query.centre)]);
    if (states !== undefined) options.push(states.map((state) => this.#byState.get(state)));
    if (query.skill !== undefined) options.push([this.#bySkill.get(query.skill)]);
    if (options.length > 0) return smallest(options);
    const centres = [...this.#byCentre.values()].filter((centre) => query.includeOffline === true || !isOffline(centre));
    return centres.map((centre) => this.#byCentre.get(centre));
  }
}
