import type { Delivery } from './delivery.js';

interface Link {
  last: number;
  // A Set keeps insertion order and removes any member in O(1), so a cancelled delivery leaves at once.
  readonly queue: Set<Delivery>;
}

/**
 * Per-publisher-per-subscriber order. Each directed link remembers its last scheduled delivery
 * time, and a new delivery is never scheduled before it. The link also keeps its deliveries in
 * order, and a firing timer first delivers every earlier one still due — so order holds even on a
 * clock that fires equal deadlines out of order.
 *
 * A link lives only while it holds a delivery: one that is delivered or cancelled leaves at once,
 * and an empty link is forgotten (with nothing left on it, there is no order to keep).
 */
export class LinkQueues {
  // Keyed by receiver first, then publisher.
  readonly #links = new Map<string, Map<string, Link>>();
  #size = 0;

  /** Deliveries waiting on all links now. */
  get size(): number {
    return this.#size;
  }

  /** Appends a delivery to its link; returns its time: `earliest`, or later to stay behind the link's last. */
  reserve(delivery: Delivery, earliest: number): number {
    const link = this.#link(delivery.from, delivery.to);
    const at = Math.max(earliest, link.last);
    link.last = at;
    link.queue.add(delivery);
    this.#size += 1;
    return at;
  }

  /** Removes and returns the link's deliveries up to and including `delivery`, in order. */
  takeThrough(delivery: Delivery): Delivery[] {
    const link = this.#links.get(delivery.to)?.get(delivery.from);
    if (link === undefined || !link.queue.has(delivery)) return [delivery];
    const due: Delivery[] = [];
    for (const d of link.queue) {
      due.push(d);
      if (d === delivery) break;
    }
    for (const d of due) link.queue.delete(d);
    this.#size -= due.length;
    this.#forgetIfEmpty(delivery, link);
    return due;
  }

  /** Takes a delivery off its link (it was cancelled); does nothing when it is not on one. */
  remove(delivery: Delivery): void {
    const link = this.#links.get(delivery.to)?.get(delivery.from);
    if (link === undefined || !link.queue.delete(delivery)) return;
    this.#size -= 1;
    this.#forgetIfEmpty(delivery, link);
  }

  #forgetIfEmpty(delivery: Delivery, link: Link): void {
    if (link.queue.size > 0) return;
    const byFrom = this.#links.get(delivery.to);
    byFrom?.delete(delivery.from);
    if (byFrom?.size === 0) this.#links.delete(delivery.to);
  }

  #link(from: string, to: string): Link {
    let byFrom = this.#links.get(to);
    if (byFrom === undefined) {
      byFrom = new Map();
      this.#links.set(to, byFrom);
    }
    let link = byFrom.get(from);
    if (link === undefined) {
      link = { last: Number.NEGATIVE_INFINITY, queue: new Set() };
      byFrom.set(from, link);
    }
    return link;
  }
}
