import type { ContactState } from '../protocol/messages/snapshots.js';

/** What a replica store remembers of an object that is gone, so an older snapshot cannot bring it back. */
export interface Tombstone {
  readonly kind: 'agent' | 'contact';
  /** The object's id; the store's key is `{owner}/{id}` for an agent and the id for a contact. */
  readonly id: string;
  /** The centre that deleted it or handed it over. */
  readonly owner: string;
  readonly rev: number;
  /** The centre a contact was handed over to, when a `tombstone` message says so. */
  readonly movedTo?: string;
  /**
   * The final state, when the contact's own snapshot ended it. `forwarded` means it moved: the new
   * owner's snapshot (a higher `rev`) replaces this tombstone when it arrives.
   */
  readonly state?: ContactState;
}

/**
 * Tombstones by kind and key, at most `max` of them: past that the oldest is forgotten first.
 * A forgotten tombstone lets an older snapshot of its object back in, so keep `max` above the
 * number of objects that end while an old retained snapshot of them may still be on its way.
 */
export class Tombstones {
  readonly #byKey = new Map<string, Tombstone>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.#byKey.size;
  }

  get(kind: Tombstone['kind'], key: string): Tombstone | undefined {
    return this.#byKey.get(slot(kind, key));
  }

  /** Remembers `tombstone` as the newest, replacing any for the same key. */
  set(key: string, tombstone: Tombstone): void {
    const at = slot(tombstone.kind, key);
    // Delete first so a replaced tombstone moves to the young end of the insertion order.
    this.#byKey.delete(at);
    if (this.max === 0) return;
    this.#byKey.set(at, tombstone);
    while (this.#byKey.size > this.max) {
      const oldest = this.#byKey.keys().next();
      if (oldest.done === true) break;
      this.#byKey.delete(oldest.value);
    }
  }

  delete(kind: Tombstone['kind'], key: string): void {
    this.#byKey.delete(slot(kind, key));
  }
}

// One map for both kinds keeps a single age order for `max`.
const slot = (kind: Tombstone['kind'], key: string): string => (kind === 'agent' ? `a ${key}` : `c ${key}`);
