import type { Delivery } from './delivery.js';

interface Link {
  last: number;
  queue: Delivery[];
  head: number;
}

/**
 * Per-publisher-per-subscriber order. Each directed link remembers its last scheduled delivery
 * time, and a new delivery is never scheduled before it. The link also keeps its deliveries in
 * order, and a firing timer first delivers every earlier one still due — so order holds even on a
 * clock that fires equal deadlines out of order.
 */
export class LinkQueues {
  // Keyed by receiver first, so everything about a departed receiver is forgotten at once.
  readonly #links = new Map<string, Map<string, Link>>();

  /** Appends a delivery to its link; returns its time: `earliest`, or later to stay behind the link's last. */
  reserve(delivery: Delivery, earliest: number): number {
    const link = this.#link(delivery.from, delivery.to);
    const at = Math.max(earliest, link.last);
    link.last = at;
    link.queue.push(delivery);
    return at;
  }

  /** Removes and returns the link's deliveries up to and including `delivery`, in order. */
  takeThrough(delivery: Delivery): Delivery[] {
    const link = this.#links.get(delivery.to)?.get(delivery.from);
    const index = link?.queue.indexOf(delivery, link.head) ?? -1;
    if (link === undefined || index < 0) return [delivery];
    const due = link.queue.slice(link.head, index + 1);
    link.head = index + 1;
    if (link.head === link.queue.length) {
      link.queue = [];
      link.head = 0;
    } else if (link.head > 1024) {
      link.queue = link.queue.slice(link.head);
      link.head = 0;
    }
    return due;
  }

  /** Forgets every link into a participant that left; its deliveries were all discarded. */
  forgetReceiver(participant: string): void {
    this.#links.delete(participant);
  }

  #link(from: string, to: string): Link {
    let byFrom = this.#links.get(to);
    if (byFrom === undefined) {
      byFrom = new Map();
      this.#links.set(to, byFrom);
    }
    let link = byFrom.get(from);
    if (link === undefined) {
      link = { last: Number.NEGATIVE_INFINITY, queue: [], head: 0 };
      byFrom.set(from, link);
    }
    return link;
  }
}
