import { defaultLimits, type QoS, topicMatches, validateFilter } from '@contactmesh/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BrokerPeer, RelayBroker, type Routed } from '../src/websocket/relay-broker.js';

// The relay finds a publication's subscriptions in an index (exact topics in a map, wildcard
// filters by first level) instead of trying each one. The oracle is what it did before: every
// participant in the order they joined, each one's subscriptions in the order they were made, kept
// when `topicMatches` says so. Any sequence of joins, departures, subscriptions and publications
// must deliver the same messages, to the same subscriptions, in the same order.

type Delivery = readonly [peer: string, sid: number, topic: string, qos: QoS];

type Op =
  | { readonly kind: 'join' | 'leave'; readonly peer: number }
  | { readonly kind: 'subscribe'; readonly peer: number; readonly sid: number; readonly filter: string; readonly qos: QoS }
  | { readonly kind: 'unsubscribe'; readonly peer: number; readonly sid: number }
  | { readonly kind: 'publish'; readonly peer: number; readonly topic: string; readonly qos: QoS };

// Few levels, so that topics often equal an exact filter as well as matching wildcard ones.
const level = fc.constantFrom('cm', 'a', '$SYS');
const topic = fc.array(level, { minLength: 1, maxLength: 3 }).map((levels) => levels.join('/'));
const filter = fc
  .tuple(fc.constantFrom('', '', '', '$share/g/'), fc.array(fc.constantFrom('cm', 'a', '$SYS', '+', '#'), { minLength: 1, maxLength: 3 }))
  .map(([share, levels]) => share + levels.join('/'))
  .filter((f) => validateFilter(f).ok);
const peer = fc.nat({ max: 3 });
const sid = fc.integer({ min: 1, max: 4 });
const qos = fc.constantFrom<QoS>(0, 1);

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('join' as const, 'leave' as const), peer }),
  { arbitrary: fc.record({ kind: fc.constant('subscribe' as const), peer, sid, filter, qos }), weight: 4 },
  fc.record({ kind: fc.constant('unsubscribe' as const), peer, sid }),
  { arbitrary: fc.record({ kind: fc.constant('publish' as const), peer, topic, qos }), weight: 4 },
);

/** The routing before the index: a linear scan in join and subscription order. */
class LinearScan {
  readonly #subs = new Map<string, Map<number, { filter: string; qos: QoS }>>();
  readonly delivered: Delivery[] = [];

  apply(o: Op): void {
    const id = `p${o.peer}`;
    if (o.kind === 'join' && !this.#subs.has(id)) this.#subs.set(id, new Map());
    if (o.kind === 'leave') this.#subs.delete(id);
    if (o.kind === 'subscribe') this.#subs.get(id)?.set(o.sid, { filter: o.filter, qos: o.qos });
    if (o.kind === 'unsubscribe') this.#subs.get(id)?.delete(o.sid);
    if (o.kind !== 'publish' || !this.#subs.has(id)) return;
    for (const [to, subs] of this.#subs) {
      for (const [s, sub] of subs) {
        if (topicMatches(sub.filter, o.topic)) this.delivered.push([to, s, o.topic, o.qos === 1 && sub.qos === 1 ? 1 : 0]);
      }
    }
  }
}

function indexed(ops: readonly Op[]): Delivery[] {
  const broker = new RelayBroker(defaultLimits);
  const delivered: Delivery[] = [];
  const peers = new Map<number, BrokerPeer>();
  const peerOf = (n: number): BrokerPeer => {
    const id = `p${n}`;
    const known = peers.get(n);
    if (known !== undefined) return known;
    const made: BrokerPeer = { id, deliver: (s: number, m: Routed, q: QoS) => void delivered.push([id, s, m.topic, q]) };
    peers.set(n, made);
    return made;
  };
  for (const o of ops) {
    const p = peerOf(o.peer);
    if (o.kind === 'join') broker.join(p);
    if (o.kind === 'leave') {
      broker.leave(p, undefined);
      peers.delete(o.peer); // a participant that comes back is a new connection
    }
    if (o.kind === 'subscribe') broker.subscribe(p, o.sid, o.filter, o.qos);
    if (o.kind === 'unsubscribe') broker.unsubscribe(p, o.sid);
    if (o.kind === 'publish') broker.publish(p, { topic: o.topic, payload: new Uint8Array([1]), qos: o.qos, retain: false });
  }
  return delivered;
}

describe('websocket relay routing', () => {
  it('delivers what a scan of every subscription delivers, in the same order, for any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (random) => {
        // Everyone joins first (departures and returns are among the operations), so most publications reach someone.
        const ops: Op[] = [...[0, 1, 2, 3].map((n): Op => ({ kind: 'join', peer: n })), ...random];
        const scan = new LinearScan();
        for (const o of ops) scan.apply(o);
        expect(indexed(ops)).toEqual(scan.delivered);
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps a replaced subscription in its place among the participant’s others', () => {
    const ops: Op[] = [
      { kind: 'join', peer: 0 },
      { kind: 'subscribe', peer: 0, sid: 1, filter: 'cm/a', qos: 1 },
      { kind: 'subscribe', peer: 0, sid: 2, filter: 'cm/#', qos: 1 },
      { kind: 'subscribe', peer: 0, sid: 1, filter: 'cm/+', qos: 0 },
      { kind: 'publish', peer: 0, topic: 'cm/a', qos: 1 },
    ];
    expect(indexed(ops)).toEqual([
      ['p0', 1, 'cm/a', 0],
      ['p0', 2, 'cm/a', 1],
    ]);
  });

  it('does not give a $ topic to a filter starting with a wildcard, shared or not', () => {
    const ops: Op[] = [
      { kind: 'join', peer: 0 },
      { kind: 'subscribe', peer: 0, sid: 1, filter: '#', qos: 1 },
      { kind: 'subscribe', peer: 0, sid: 2, filter: '$share/g/+/x', qos: 1 },
      { kind: 'subscribe', peer: 0, sid: 3, filter: '$SYS/#', qos: 1 },
      { kind: 'publish', peer: 0, topic: '$SYS/x', qos: 1 },
    ];
    expect(indexed(ops)).toEqual([['p0', 3, '$SYS/x', 1]]);
  });
});
