import type { ContactSnapshot, ContactState } from '../protocol/messages/snapshots.js';
import { KeyIndex } from './key-index.js';
import type { ContactQuery } from './queries.js';
import { smallest } from './smallest.js';

/**
 * Live contact replicas by contact id (it keeps its id across owners), indexed by owner, state and
 * skillset. The snapshots are kept as handed over; the indexes hold only the id strings.
 */
export class ContactRecords {
  readonly #byKey = new Map<string, ContactSnapshot>();
  readonly #byOwner = new KeyIndex();
  readonly #byState = new KeyIndex();
  readonly #bySkillset = new KeyIndex();

  get size(): number {
    return this.#byKey.size;
  }

  get(key: string): ContactSnapshot | undefined {
    return this.#byKey.get(key);
  }

  /** Holds `contact` under `key`, refiling only the index entries whose field changed. */
  put(key: string, before: ContactSnapshot | undefined, contact: ContactSnapshot): void {
    this.#byKey.set(key, contact);
    refile(this.#byOwner, key, before?.owner, contact.owner);
    refile(this.#byState, key, before?.state, contact.state);
    refile(this.#bySkillset, key, before?.skillset, contact.skillset);
  }

  remove(key: string, before: ContactSnapshot): void {
    this.#byKey.delete(key);
    this.#byOwner.delete(before.owner, key);
    this.#byState.delete(before.state, key);
    this.#bySkillset.delete(before.skillset, key);
  }

  /** The fewest keys that hold every contact `query` can match; every contact when it has no filter. */
  candidates(query: ContactQuery, states: readonly ContactState[] | undefined): Iterable<string>[] {
    const options: ReadonlySet<string>[][] = [];
    if (query.owner !== undefined) options.push([this.#byOwner.get(query.owner)]);
    if (states !== undefined) options.push(states.map((state) => this.#byState.get(state)));
    if (query.skillset !== undefined) options.push([this.#bySkillset.get(query.skillset)]);
    return options.length > 0 ? smallest(options) : [this.#byKey.keys()];
  }
}

function refile(index: KeyIndex, key: string, before: string | undefined, after: string): void {
  if (before === after) return;
  if (before !== undefined) index.delete(before, key);
  index.add(after, key);
}
