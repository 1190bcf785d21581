import { type QoS, sharedSubscription, topicMatches } from '@contactmesh/core';

/** One subscription in the index, with the place it had in the relay's order of routing. */
export interface IndexedSubscription<P> {
  readonly peer: P;
  readonly sid: number;
  readonly filter: string;
  readonly qos: QoS;
  /** When its participant joined: participants are routed to in the order they joined… */
  readonly peerOrder: number;
  /** …and each participant's subscriptions in the order they were made (a replaced one keeps its place). */
  readonly order: number;
}

/**
 * The relay's subscriptions, found by topic without trying each one. A filter without wildcards
 * matches only the topic equal to it, so those are looked up in a map; every other filter is
 * filed under its first level (a shared one, `$share/{group}/{filter}`, under its filter's), which
 * a matching topic must begin with, or — when that level is `+` or `#` — with those tried on every
 * topic. Candidates are confirmed with `topicMatches`, so what matches is exactly what it says.
 *
 * @example
 * ```ts
 * index.add({ peer, sid: 1, filter: 'cm/demo/+/inbox', qos: 1, peerOrder: 0, order: 0 });
 * for (const sub of index.match('cm/demo/london/inbox')) peer.deliver(sub.sid, message);
 * ```
 */
export class SubscriptionIndex<P> {
  readonly #exact = new Map<string, Set<IndexedSubscription<P>>>();
  readonly #byFirstLevel = new Map<string, Set<IndexedSubscription<P>>>();
  readonly #anyFirstLevel = new Set<IndexedSubscription<P>>();

  add(sub: IndexedSubscription<P>): void {
    const { map, key } = this.#placeOf(sub.filter);
    if (map === undefined) {
      this.#anyFirstLevel.add(sub);
      return;
    }
    const subs = map.get(key);
    if (subs === undefined) map.set(key, new Set([sub]));
    else subs.add(sub);
  }

  remove(sub: IndexedSubscription<P>): void {
    const { map, key } = this.#placeOf(sub.filter);
    if (map === undefined) {
      this.#anyFirstLevel.delete(sub);
      return;
    }
    const subs = map.get(key);
    subs?.delete(sub);
    if (subs?.size === 0) map.delete(key);
  }

  /** The subscriptions matching `topic`, in routing order. */
  match(topic: string): IndexedSubscription<P>[] {
    const found: IndexedSubscription<P>[] = [];
    const exact = this.#exact.get(topic);
    if (exact !== undefined) for (const sub of exact) found.push(sub);
    if (this.#byFirstLevel.size > 0) {
      const bucket = this.#byFirstLevel.get(firstLevel(topic));
      if (bucket !== undefined) pushMatching(found, bucket, topic);
    }
    if (this.#anyFirstLevel.size > 0) pushMatching(found, this.#anyFirstLevel, topic);
    if (found.length > 1) found.sort(inRoutingOrder);
    return found;
  }

  #placeOf(filter: string): { map: Map<string, Set<IndexedSubscription<P>>> | undefined; key: string } {
    const inner = sharedSubscription(filter)?.filter ?? filter;
    if (inner === filter && !filter.includes('+') && !filter.includes('#')) return { map: this.#exact, key: filter };
    const first = firstLevel(inner);
    return first === '+' || first === '#' ? { map: undefined, key: '' } : { map: this.#byFirstLevel, key: first };
  }
}

function firstLevel(topic: string): string {
  const slash = topic.indexOf('/');
  return slash < 0 ? topic : topic.slice(0, slash);
}

function pushMatching<P>(found: IndexedSubscription<P>[], subs: Set<IndexedSubscription<P>>, topic: string): void {
  for (const sub of subs) if (topicMatches(sub.filter, topic)) found.push(sub);
}

const inRoutingOrder = <P>(a: IndexedSubscription<P>, b: IndexedSubscription<P>): number => a.peerOrder - b.peerOrder || a.order - b.order;
