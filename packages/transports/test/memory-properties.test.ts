import type { InboundMessage } from '@contactmesh/core';
import type { FaultPlan, LinkFaults } from '@contactmesh/transports/memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorld, nonDecreasing, textOf } from './support/world.js';

const publishers = ['alice', 'bob'] as const;
const receivers = ['alice', 'xavier', 'yolanda'] as const;
const topics = ['cm/p/one', 'cm/p/two'] as const;
// Who subscribes to what; alice also receives her own publications on one topic.
const filters: Record<(typeof receivers)[number], string> = { alice: 'cm/p/one', xavier: 'cm/p/#', yolanda: 'cm/p/+' };

type Action =
  | { readonly kind: 'publish'; readonly from: (typeof publishers)[number]; readonly topic: string; readonly qos: 0 | 1 }
  | { readonly kind: 'advance'; readonly ms: number };

const probability = fc.double({ min: 0, max: 0.5, noNaN: true });

const orderKeepingFaults = (withDrop: boolean): fc.Arbitrary<LinkFaults> =>
  fc.record(
    {
      delayMs: fc.integer({ min: 0, max: 50 }),
      jitterMs: fc.integer({ min: 0, max: 50 }),
      duplicate: probability,
      ...(withDrop ? { drop: probability } : {}),
    },
    { requiredKeys: [] },
  );

const faultPlan = (withDrop: boolean): fc.Arbitrary<FaultPlan> =>
  fc.record({
    default: orderKeepingFaults(withDrop),
    links: fc.array(
      fc
        .tuple(fc.constantFrom(...publishers), fc.constantFrom(...receivers), orderKeepingFaults(withDrop))
        .map(([from, to, faults]) => ({ ...faults, from, to })),
      { maxLength: 4 },
    ),
  });

const actions: fc.Arbitrary<Action[]> = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('publish' as const),
      from: fc.constantFrom(...publishers),
      topic: fc.constantFrom(...topics),
      qos: fc.constantFrom(0 as const, 1 as const),
    }),
    fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40 }) }),
  ),
  { maxLength: 80 },
);

/** Plays the actions and returns what was published and what each receiver got, as "from|topic|n|qos". */
async function play(seed: number, faults: FaultPlan, script: readonly Action[]) {
  const world = createWorld({ seed, faults });
  const transports = new Map<string, Awaited<ReturnType<typeof world.connect>>>();
  for (const id of ['alice', 'bob', 'xavier', 'yolanda']) transports.set(id, await world.connect(id));
  const inboxes = new Map<string, string[]>();
  for (const id of receivers) {
    const inbox: string[] = [];
    transports
      .get(id)
      ?.subscribe(filters[id])
      .subscribe((m) => inbox.push(textOf(m)));
    inboxes.set(id, inbox);
  }
  const published: string[] = [];
  const counters = new Map<string, number>();
  for (const action of script) {
    if (action.kind === 'advance') {
      world.clock.advance(action.ms);
      continue;
    }
    const key = `${action.from}|${action.topic}`;
    const n = counters.get(key) ?? 0;
    counters.set(key, n + 1);
    const payload = `${key}|${n}|${action.qos}`;
    published.push(payload);
    await transports.get(action.from)?.publish(action.topic, payload, { qos: action.qos });
  }
  world.settle();
  return { published, inboxes };
}

/** Checks, for every receiver, per-publisher-per-topic order and that every message in `mustArrive` arrived. */
function check(published: readonly string[], inboxes: Map<string, string[]>, mustArrive: (payload: string) => boolean): void {
  for (const id of receivers) {
    const inbox = inboxes.get(id) ?? [];
    const matches = (payload: string) => id !== 'alice' || payload.split('|')[1] === 'cm/p/one';
    for (const from of publishers) {
      for (const topic of topics) {
        const stream = inbox.filter((p) => p.startsWith(`${from}|${topic}|`)).map((p) => Number(p.split('|')[2]));
        expect(nonDecreasing(stream), `${id} got ${from} on ${topic} out of order: ${stream.join(',')}`).toBe(true);
      }
    }
    const received = new Set(inbox);
    for (const payload of published.filter((p) => matches(p) && mustArrive(p))) {
      expect(received.has(payload), `${id} never got ${payload}`).toBe(true);
    }
  }
}

describe('memory hub properties', () => {
  it('keeps per-publisher order per topic and delivers everything, for any seed and any delay, jitter and duplicate faults', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), faultPlan(false), actions, async (seed, faults, script) => {
        const { published, inboxes } = await play(seed, faults, script);
        check(published, inboxes, () => true);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps per-publisher order and delivers every QoS 1 message at least once, even with the drop fault', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), faultPlan(true), actions, async (seed, faults, script) => {
        const { published, inboxes } = await play(seed, faults, script);
        check(published, inboxes, (payload) => payload.endsWith('|1'));
      }),
      { numRuns: 150 },
    );
  });

  it('carries any bytes to a subscriber without throwing or ending its subscription', async () => {
    const payload = fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.string({ unit: 'binary', maxLength: 300 }));
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.array(payload, { maxLength: 40 }), async (seed, payloads) => {
        const world = createWorld({ seed, faults: { default: { jitterMs: 5 } } });
        const alice = await world.connect('alice');
        const bob = await world.connect('bob');
        const received: InboundMessage[] = [];
        let ended: string | undefined;
        bob.subscribe('cm/fuzz').subscribe({
          next: (m) => received.push(m),
          error: (e: unknown) => {
            ended = `error: ${String(e)}`;
          },
          complete: () => {
            ended = 'complete';
          },
        });
        for (const p of payloads) await alice.publish('cm/fuzz', p);
        await alice.publish('cm/fuzz', 'still listening', { qos: 1 });
        world.settle();
        expect(ended).toBeUndefined();
        const encoder = new TextEncoder();
        const expected = [...payloads.map((p) => (typeof p === 'string' ? encoder.encode(p) : p)), encoder.encode('still listening')];
        expect(received.map((m) => Buffer.from(m.payload).toString('hex'))).toEqual(expected.map((p) => Buffer.from(p).toString('hex')));
      }),
      { numRuns: 100 },
    );
  });
});
