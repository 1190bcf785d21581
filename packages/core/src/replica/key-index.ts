/**
 * Record keys grouped by the value of one field: agents by state, contacts by owner, and so on.
 * A group that loses its last key is dropped, so the index holds one set per value in use and one
 * entry per record — nothing per record but the key string the record map already holds.
 */
export class KeyIndex {
  readonly #groups = new Map<string, Set<string>>();

  /** Files `key` under `value`. */
  add(value: string, key: string): void {
    const group = this.#groups.get(value);
    if (group === undefined) this.#groups.set(value, new Set([key]));
    else group.add(key);
  }

  /** Takes `key` out of `value`'s group; does nothing when it is not there. */
  delete(value: string, key: string): void {
    const group = this.#groups.get(value);
    if (group === undefined) return;
    group.delete(key);
    if (group.size === 0) this.#groups.delete(value);
  }

  /** The keys filed under `value`, or an empty set. Do not change it. */
  get(value: string): ReadonlySet<string> {
    return this.#groups.get(value) ?? empty;
  }

  /** Every value that has at least one key. */
  values(): IterableIterator<string> {
    return this.#groups.keys();
  }
}

const empty: ReadonlySet<string> = new Set();
