import { BTreeEx } from 'sorted-btree/extended/index.js';

/**
 * A persistent map by id (a frozen B+ tree): `with` and `without` return a new map that shares all
 * untouched nodes with this one, which is never changed.
 *
 * @example
 * ```ts
 * const one = PersistentMap.empty<number>().with('a', 1);
 * const two = one.with('b', 2); // one.size is still 1
 * ```
 */
export class PersistentMap<V> {
  private constructor(private readonly tree: BTreeEx<string, V>) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.sealed(new BTreeEx<string, V>());
  }

  /** A map of `entries` (the last one wins for a repeated id), built in one pass. */
  static of<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    const tree = new BTreeEx<string, V>();
    for (const [id, value] of entries) tree.set(id, value);
    return PersistentMap.sealed(tree);
  }

  get size(): number {
    return this.tree.size;
  }

  get(id: string): V | undefined {
    return this.tree.get(id);
  }

  /** Its values, in order, as JSON: a snapshot or a message that holds it serialises what it holds. */
  toJSON(): V[] {
    return Array.from(this.values());
  }

  /** The values in id order. */
  values(): IterableIterator<V> {
    return this.tree.values();
  }

  with(id: string, value: V): PersistentMap<V> {
    const next = this.tree.clone();
    next.set(id, value);
    return PersistentMap.sealed(next);
  }

  without(id: string): PersistentMap<V> {
    const next = this.tree.clone();
    next.delete(id);
    return PersistentMap.sealed(next);
  }

  private static sealed<V>(tree: BTreeEx<string, V>): PersistentMap<V> {
    tree.freeze();
    return new PersistentMap(tree);
  }
}
