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

/** One level of the filter tree: the filters that end here, those that go on with `#`, and the next levels. */
class Level<P> {
  readonly next = new Map<string, Level<P>>();
  readonly ending = new Set<IndexedSubscription<P>>();
  /** Filters whose next level is `#`: they match this level and everything below it. */
  readonly rest = new Set<IndexedSubscription<P>>();

  get empty(): boolean {
    return this.next.size === 0 && this.ending.size === 0 && this.rest.size === 0;
  }
}

/**
 * The relay's subscriptions, found by topic without trying each one. A filter without wildcards
 * matches only the topic equal to it, so those are looked up in a map; every other filter (a shared
 * one, `$share/{group}/{filter}`, by its filter) sits in a tree of its levels, which a topic walks
 * level by level — its own level and `+` at each, `#` wherever it is — so a match costs the
 * topic's depth times the wildcards along it, however many filters there are. Candidates are
 * confirmed with `topicMatches`, so what matches is exactly what it says.
 *
 * @example
 * ```ts
 * index.add({ peer, sid: 1, filter: 'cm/demo/+/inbox', qos: 1, peerOrder: 0, order: 0 });
 * for (const sub of index.match('cm/demo/london/inbox')) peer.deliver(sub.sid, message);
 * ```
 */
export class SubscriptionIndex<P> {
  readonly #exact = new Map<string, Set<IndexedSubscription<P>>>();
  readonly #tree = new Level<P>();

  add(sub: IndexedSubscription<P>): void {
    const inner = innerFilter(sub.filter);
    if (inner === undefined) {
      const subs = this.#exact.get(sub.filter);
      if (subs === undefined) this.#exact.set(sub.filter, new Set([sub]));
      else subs.add(sub);
      return;
    }
    let level = this.#tree;
    for (const name of inner.split('/')) {
      if (name === '#') {
        level.rest.add(sub);
        return;
      }
      let next = level.next.get(name);
      if (next === undefined) {
        next = new Level<P>();
        level.next.set(name, next);
      }
      level = next;
    }
    level.ending.add(sub);
  }

  remove(sub: IndexedSubscription<P>): void {
    const inner = innerFilter(sub.filter);
    if (inner === undefined) {
      const subs = this.#exact.get(sub.filter);
      subs?.delete(sub);
      if (subs?.size === 0) this.#exact.delete(sub.filter);
      return;
    }
    // The levels walked, to take away those left empty.
    const path: [Level<P>, string][] = [];
    let level: Level<P> | undefined = this.#tree;
    for (const name of inner.split('/')) {
      if (name === '#') {
        level.rest.delete(sub);
        break;
      }
      const next: Level<P> | undefined = level.next.get(name);
      if (next === undefined) return;
      path.push([level, name]);
      level = next;
    }
    if (!inner.endsWith('#')) level.ending.delete(sub);
    for (let i = path.length - 1; i >= 0; i -= 1) {
      const [parent, name] = path[i] as [Level<P>, string];
      if (!(parent.next.get(name) as Level<P>).empty) break;
      parent.next.delete(name);
    }
  }

  /** The subscriptions matching `topic`, in routing order. */
  match(topic: string): IndexedSubscription<P>[] {
    const found: IndexedSubscription<P>[] = [];
    const exact = this.#exact.get(topic);
    if (exact !== undefined) for (const sub of exact) found.push(sub);
    if (!this.#tree.empty) walk(this.#tree, topic.split('/'), 0, topic, found);
    if (found.length > 1) found.sort(inRoutingOrder);
    return found;
  }
}

/** A filter with a wildcard, or a shared one: its filter (to file in the tree); `undefined` for a plain topic. */
function innerFilter(filter: string): string | undefined {
  const inner = sharedSubscription(filter)?.filter ?? filter;
  return inner === filter && !filter.includes('+') && !filter.includes('#') ? undefined : inner;
}

function walk<P>(level: Level<P>, names: readonly string[], at: number, topic: string, found: IndexedSubscription<P>[]): void {
  pushMatching(found, level.rest, topic);
  if (at === names.length) {
    pushMatching(found, level.ending, topic);
    return;
  }
  const own = level.next.get(names[at] as string);
  if (own !== undefined) walk(own, names, at + 1, topic, found);
  // (A topic has no wildcards; were a level `+`, the branch above took it already.)
  const wildcard = names[at] === '+' ? undefined : level.next.get('+');
  if (wildcard !== undefined) walk(wildcard, names, at + 1, topic, found);
}

function pushMatching<P>(found: IndexedSubscription<P>[], subs: Set<IndexedSubscription<P>>, topic: string): void {
  for (const sub of subs) if (topicMatches(sub.filter, topic)) found.push(sub);
}

const inRoutingOrder = <P>(a: IndexedSubscription<P>, b: IndexedSubscription<P>): number => a.peerOrder - b.peerOrder || a.order - b.order;
