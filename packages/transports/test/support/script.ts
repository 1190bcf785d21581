import type { Transport } from '@contactmesh/core';
import type { FaultPlan, LinkFaults, MemoryHubOptions } from '@contactmesh/transports/memory';
import fc from 'fast-check';
import { expect } from 'vitest';
import { createWorld, nonDecreasing, textOf, type World } from './world.js';

// Random scripts for the hub's property tests: two publishers, three receivers, two topics.

export const publishers = ['alice', 'bob'] as const;
export const receivers = ['alice', 'xavier', 'yolanda'] as const;
export const topics = ['cm/p/one', 'cm/p/two'] as const;
const participants = ['alice', 'bob', 'xavier', 'yolanda'] as const;
// Who subscribes to what; alice also receives her own publications on one topic.
const filters: Record<(typeof receivers)[number], string> = { alice: 'cm/p/one', xavier: 'cm/p/#', yolanda: 'cm/p/+' };

export type Receiver = (typeof receivers)[number];

export type Action =
  | { readonly kind: 'publish'; readonly from: (typeof publishers)[number]; readonly topic: string; readonly qos: 0 | 1 }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'partition'; readonly groups: readonly (readonly string[])[] }
  | { readonly kind: 'heal' };

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

/** Faults that keep per-link order (no reorder), with or without the drop fault. */
export const faultPlan = (withDrop: boolean): fc.Arbitrary<FaultPlan> =>
  fc.record({
    default: orderKeepingFaults(withDrop),
    links: fc.array(
      fc
        .tuple(fc.constantFrom(...publishers), fc.constantFrom(...receivers), orderKeepingFaults(withDrop))
        .map(([from, to, faults]) => ({ ...faults, from, to })),
      { maxLength: 4 },
    ),
  });

// Each participant lands in one of three groups or in none (-1: reaches everyone).
const partition: fc.Arbitrary<Action> = fc
  .array(fc.integer({ min: -1, max: 2 }), { minLength: participants.length, maxLength: participants.length })
  .map((groupOf) => ({
    kind: 'partition' as const,
    groups: [0, 1, 2].map((g) => participants.filter((_, i) => groupOf[i] === g)).filter((group) => group.length > 0),
  }));

/** Scripts of publications and clock moves; with `partitions`, also partitions and heals (the player heals at the end). */
export function actions(options: { readonly partitions?: boolean } = {}): fc.Arbitrary<Action[]> {
  const steps: fc.WeightedArbitrary<Action>[] = [
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('publish' as const),
        from: fc.constantFrom(...publishers),
        topic: fc.constantFrom(...topics),
        qos: fc.constantFrom(0 as const, 1 as const),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40 }) }) },
  ];
  if (options.partitions === true)
    steps.push({ weight: 1, arbitrary: partition }, { weight: 1, arbitrary: fc.constant({ kind: 'heal' as const }) });
  // 'medium' lets scripts grow to dozens of steps: long enough for queues to fill and partitions to matter.
  return fc.array(fc.oneof(...steps), { maxLength: 80, size: 'medium' });
}

/** What a played script left: the world, what was published and each receiver's inbox, as "from|topic|n|qos". */
export interface Played {
  readonly world: World;
  readonly published: readonly string[];
  readonly inboxes: ReadonlyMap<Receiver, readonly string[]>;
}

/** Plays a script on a fresh world, then heals any partition and runs the clock until idle. */
export async function play(options: Omit<MemoryHubOptions, 'clock'>, script: readonly Action[]): Promise<Played> {
  const world = createWorld(options);
  const transports = new Map<string, Transport>();
  for (const id of participants) transports.set(id, await world.connect(id));
  const inboxes = new Map<Receiver, string[]>();
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
    if (action.kind === 'advance') world.clock.advance(action.ms);
    else if (action.kind === 'partition') world.hub.partition(action.groups);
    else if (action.kind === 'heal') world.hub.heal();
    else {
      const key = `${action.from}|${action.topic}`;
      const n = counters.get(key) ?? 0;
      counters.set(key, n + 1);
      const payload = `${key}|${n}|${action.qos}`;
      published.push(payload);
      await transports.get(action.from)?.publish(action.topic, payload, { qos: action.qos });
    }
  }
  world.hub.heal();
  world.settle();
  return { world, published, inboxes };
}

/** Whether a receiver's subscription matches a published payload's topic. */
export const subscribedTo = (receiver: Receiver, payload: string): boolean => receiver !== 'alice' || payload.split('|')[1] === 'cm/p/one';

/**
 * Checks, for every receiver, per-publisher-per-topic order and that every message in `mustArrive`
 * arrived; and that the hub holds nothing back once the clock is idle.
 */
export function checkDelivery(played: Played, mustArrive: (payload: string) => boolean): void {
  expect(played.world.hub.stats()).toMatchObject({ queued: 0, linkQueued: 0 });
  for (const id of receivers) {
    const inbox = played.inboxes.get(id) ?? [];
    for (const from of publishers) {
      for (const topic of topics) {
        const stream = inbox.filter((p) => p.startsWith(`${from}|${topic}|`)).map((p) => Number(p.split('|')[2]));
        expect(nonDecreasing(stream), `${id} got ${from} on ${topic} out of order: ${stream.join(',')}`).toBe(true);
      }
    }
    const received = new Set(inbox);
    for (const payload of played.published.filter((p) => subscribedTo(id, p) && mustArrive(p))) {
      expect(received.has(payload), `${id} never got ${payload}`).toBe(true);
    }
  }
}
