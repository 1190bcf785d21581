import type { Digest } from './world-key.js';

/**
 * The worlds a search has seen, by their 64-bit digests: an open-addressing table over typed
 * arrays, so a world seen costs no string and no entry object, and the garbage collector does not
 * trace millions of keys. The digests are well mixed: the low bits of one half place a world.
 */
export class Visited<V> {
  #a: Uint32Array;
  #b: Uint32Array;
  /** Where each slot's value is in `values`, or -1 for an empty slot. */
  #at: Int32Array;
  readonly #values: V[] = [];

  /** `capacity`: slots to start with, rounded up to a power of two (the table grows by doubling). */
  constructor(capacity = 1 << 16) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(2, capacity)));
    this.#a = new Uint32Array(slots);
    this.#b = new Uint32Array(slots);
    this.#at = new Int32Array(slots).fill(-1);
  }

  get size(): number {
    return this.#values.length;
  }

  get(digest: Digest): V | undefined {
    const at = this.#at[this.#slot(digest)] as number;
    return at === -1 ? undefined : this.#values[at];
  }

  /** Keeps `value` for the world with `digest`, in place of any kept before. */
  set(digest: Digest, value: V): void {
    const slot = this.#slot(digest);
    const at = this.#at[slot] as number;
    if (at !== -1) {
      this.#values[at] = value;
      return;
    }
    this.#a[slot] = digest.a;
    this.#b[slot] = digest.b;
    this.#at[slot] = this.#values.length;
    this.#values.push(value);
    if (this.#values.length * 2 > this.#at.length) this.#grow();
  }

  /** The slot of `digest`: where it is, or the empty one where it would go. */
  #slot({ a, b }: Digest): number {
    const mask = this.#at.length - 1;
    let slot = a & mask;
    while (this.#at[slot] !== -1 && (this.#a[slot] !== a || this.#b[slot] !== b)) slot = (slot + 1) & mask;
    return slot;
  }

  #grow(): void {
    const [a, b, at] = [this.#a, this.#b, this.#at];
    this.#a = new Uint32Array(at.length * 2);
    this.#b = new Uint32Array(at.length * 2);
    this.#at = new Int32Array(at.length * 2).fill(-1);
    for (let i = 0; i < at.length; i += 1) {
      if (at[i] === -1) continue;
      const slot = this.#slot({ a: a[i] as number, b: b[i] as number });
      this.#a[slot] = a[i] as number;
      this.#b[slot] = b[i] as number;
      this.#at[slot] = at[i] as number;
    }
  }
}
