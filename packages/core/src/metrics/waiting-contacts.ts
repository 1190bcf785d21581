import { BTreeEx } from 'sorted-btree/extended/index.js';

/**
 * The contacts waiting in one queue, as a persistent set: `with` and `without` return a new set that
 * shares untouched B+ tree nodes with this one, so a queue of thousands costs O(log n) per change,
 * and the oldest wait is read off the ordered tree instead of scanning.
 *
 * @example
 * ```ts
 * const waiting = WaitingContacts.empty.with('c1', 1_000).with('c2', 2_000);
 * waiting.oldestSince(); // 1000
 * ```
 */
export class WaitingContacts {
  static readonly empty = new WaitingContacts(new BTreeEx(), new BTreeEx());

  private constructor(
    private readonly sinceOf: BTreeEx<string, number>,
    private readonly bySince: BTreeEx<[number, string], undefined>,
  ) {}

  get size(): number {
    return this.sinceOf.size;
  }

  has(contact: string): boolean {
    return this.sinceOf.has(contact);
  }

  /** Waiting since `since` (ms); a contact that was already waiting keeps the new time. */
  with(contact: string, since: number): WaitingContacts {
    const before = this.sinceOf.get(contact);
    const bySince = before === undefined ? this.bySince : this.bySince.without([before, contact]);
    return new WaitingContacts(this.sinceOf.with(contact, since, true), bySince.with([since, contact], undefined, true));
  }

  /** No longer waiting; unchanged when it was not. */
  without(contact: string): WaitingContacts {
    const since = this.sinceOf.get(contact);
    if (since === undefined) return this;
    return new WaitingContacts(this.sinceOf.without(contact), this.bySince.without([since, contact]));
  }

  /** When the longest-waiting contact started waiting, or `undefined` when nobody waits. */
  oldestSince(): number | undefined {
    return this.bySince.minKey()?.[0];
  }
}
