/**
 * A `Map` that holds at most `max` entries: setting a new key beyond that forgets the oldest
 * (first set) entry. For what a component remembers of the past — answered requests, outcomes,
 * entities — whose oldest entries matter least, so memory stays bounded (docs/limits.md).
 * Setting an existing key keeps its place.
 *
 * @example
 * ```ts
 * const answered = new BoundedMap<string, string>(2);
 * answered.set('r1', 'accepted').set('r2', 'refused').set('r3', 'accepted');
 * answered.has('r1'); // false: the oldest was forgotten
 * ```
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    if (this.size > this.max) this.delete(this.keys().next().value as K);
    return this;
  }
}

/**
 * A `Set` that holds at most `max` values, forgetting the oldest added first, as {@link BoundedMap}.
 *
 * @example
 * ```ts
 * const ended = new BoundedSet<string>(1_000);
 * ended.add('c1');
 * ```
 */
export class BoundedSet<T> extends Set<T> {
  constructor(readonly max: number) {
    super();
  }

  override add(value: T): this {
    super.add(value);
    if (this.size > this.max) this.delete(this.values().next().value as T);
    return this;
  }
}
