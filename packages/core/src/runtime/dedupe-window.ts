/**
 * Remembers the last `size` keys, to drop repeats of at-least-once messages (invariant 7: a
 * repeated message has the effect of one). Memory is bounded: the oldest key is forgotten first.
 */
export class DedupeWindow {
  readonly #seen = new Set<string>();
  readonly #order: string[] = [];
  #head = 0;

  constructor(readonly size: number) {}

  /** Records `key`; returns false when it was already recorded (a duplicate). */
  add(key: string): boolean {
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    this.#order.push(key);
    if (this.#seen.size > this.size) {
      const oldest = this.#order[this.#head++];
      if (oldest !== undefined) this.#seen.delete(oldest);
      // Compact now and then so the order array does not grow without bound.
      if (this.#head > this.size) {
        this.#order.splice(0, this.#head);
        this.#head = 0;
      }
    }
    return true;
  }
}
