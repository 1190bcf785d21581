import { topicMatches } from '@contactmesh/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IndexedSubscription, SubscriptionIndex } from '../src/websocket/subscription-index.js';

// The relay finds a topic's subscribers in a tree of filter levels instead of trying every filter;
// what it finds must be exactly what trying every filter finds, in the same routing order, through
// any mix of subscribing and unsubscribing.

const level = fc.constantFrom('cm', 'demo', 'inbox', 'london', 'paris', 'replica', '', '$sys');
const topic = fc.array(level, { minLength: 1, maxLength: 5 }).map((levels) => levels.join('/'));
const filterLevel = fc.oneof({ weight: 3, arbitrary: level }, { weight: 2, arbitrary: fc.constant('+') });
const filter = fc
  .tuple(fc.array(filterLevel, { minLength: 0, maxLength: 5 }), fc.boolean(), fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }))
  .filter(([levels, hash]) => levels.length > 0 || hash)
  .map(([levels, hash, group]) => {
    const plain = [...levels, ...(hash ? ['#'] : [])].join('/');
    return group === undefined ? plain : `$share/${group}/${plain}`;
  });

type Op = { readonly add: true; readonly peer: number; readonly filter: string } | { readonly add: false; readonly pick: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ add: fc.constant(true as const), peer: fc.nat(4), filter }) },
  { weight: 1, arbitrary: fc.record({ add: fc.constant(false as const), pick: fc.nat() }) },
);

describe('the relay subscription index', () => {
  it('finds exactly the subscriptions whose filter matches, in routing order, after any adds and removes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(topic, { minLength: 1, maxLength: 20 }), (ops, topics) => {
        const index = new SubscriptionIndex<number>();
        const live: IndexedSubscription<number>[] = [];
        ops.forEach((o, order) => {
          if (o.add) {
            const sub = { peer: o.peer, sid: order, filter: o.filter, qos: 1 as const, peerOrder: o.peer, order };
            index.add(sub);
            live.push(sub);
          } else if (live.length > 0) {
            const [gone] = live.splice(o.pick % live.length, 1);
            if (gone !== undefined) index.remove(gone);
          }
        });
        for (const t of topics) {
          const expected = live.filter((sub) => topicMatches(sub.filter, t)).sort((a, b) => a.peerOrder - b.peerOrder || a.order - b.order);
          expect(index.match(t)).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("finds a topic's one subscriber among 20,000 filters that do not match it", () => {
    const index = new SubscriptionIndex<number>();
    for (let peer = 0; peer < 20; peer += 1)
      for (let i = 0; i < 1_000; i += 1)
        index.add({ peer, sid: i, filter: `cm/demo/other/${peer}/${i}/+`, qos: 1, peerOrder: peer, order: i });
    const target = { peer: 99, sid: 1, filter: 'cm/demo/target/#', qos: 1 as const, peerOrder: 99, order: 0 };
    index.add(target);
    expect(index.match('cm/demo/target/x')).toEqual([target]);
    expect(index.match('cm/demo/other/3/7/y').map((sub) => [sub.peer, sub.sid])).toEqual([[3, 7]]);
  });
});
