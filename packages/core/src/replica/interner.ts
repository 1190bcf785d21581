import type { AgentSnapshot } from '../protocol/messages/snapshots.js';

/**
 * One copy of each string and small table that many replicas repeat — a centre id, a state, a
 * skill name, a capacity — so that a store of 100,000 agents holds each once rather than once per
 * decoded snapshot (decoding makes a new string for every value it reads). Bounded: past `limit`
 * distinct values of a kind it keeps what it has and hands new values back as they are, so a
 * stream of unique values costs nothing more than it would have.
 */
export class Interner {
  readonly #strings = new Map<string, string>();
  readonly #tables = new Map<string, unknown>();

  constructor(readonly limit = 20_000) {}

  /** The one copy of `value`. */
  string(value: string): string {
    const held = this.#strings.get(value);
    if (held !== undefined) return held;
    if (this.#strings.size < this.limit) this.#strings.set(value, value);
    return value;
  }

  /** The one copy of a small table equal to `value`, named by `key` (its canonical text). */
  table<T>(key: string, value: T): T {
    const held = this.#tables.get(key);
    if (held !== undefined) return held as T;
    if (this.#tables.size < this.limit) this.#tables.set(key, value);
    return value;
  }
}

const numbers = (table: Readonly<Record<string, number>>): string => {
  let key = '';
  for (const name in table) key += `${name}=${table[name]};`;
  return key;
};

/**
 * The agent as a replica keeps it: the same fields and values, with its strings and small tables
 * (capacity, load, languages) shared through `interner`, and its skills in name order with shared
 * names — V8 gives every key order of an object a hidden class of its own, and agents with their
 * own skill sets would otherwise each bring one.
 */
export function compactAgent(agent: AgentSnapshot, interner: Interner): AgentSnapshot {
  const skills: Record<string, number> = {};
  for (const name of Object.keys(agent.skills).sort()) skills[interner.string(name)] = agent.skills[name] as number;
  const { languages, reason } = agent;
  return {
    ...agent,
    home: interner.string(agent.home),
    state: interner.string(agent.state) as AgentSnapshot['state'],
    skills,
    capacity: interner.table(`c${numbers(agent.capacity)}`, agent.capacity),
    load: interner.table(`l${numbers(agent.load)}`, agent.load),
    ...(languages === undefined ? {} : { languages: interner.table(`g${languages.join(',')}`, languages) }),
    ...(reason === undefined ? {} : { reason: interner.string(reason) }),
  };
}
