import type { FaultPlan, HubStats, TraceEvent } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';
import { countTrace, createWorld, nonDecreasing, numbers, publishNumbered, type Received } from './support/world.js';

interface Outcome {
  readonly trace: readonly TraceEvent[];
  readonly received: Record<string, Received[]>;
  readonly stats: HubStats;
}

/** One publisher, two subscribers (bob, carol), `count` numbered messages on one topic. */
async function fanOut(seed: number, faults: FaultPlan, count: number, qos: 0 | 1): Promise<Outcome> {
  const world = createWorld({ seed, faults });
  const alice = await world.connect('alice');
  const bob = world.record(await world.connect('bob'), 'cm/t/#');
  const carol = world.record(await world.connect('carol'), 'cm/t/#');
  await publishNumbered(alice, 'cm/t/x', count, qos);
  world.settle();
  return { trace: world.hub.trace(), received: { bob, carol }, stats: world.hub.stats() };
}

/** Runs a scenario twice with one seed and checks the runs are identical, trace included. */
async function twice(scenario: () => Promise<Outcome>): Promise<Outcome> {
  const first = await scenario();
  expect(first.trace.length).toBeGreaterThan(0);
  expect(await scenario()).toEqual(first);
  return first;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('memory hub faults', () => {
  it('delays every delivery by delayMs plus jitter, never reordering a link', async () => {
    const outcome = await twice(() => fanOut(5, { default: { delayMs: 100, jitterMs: 50 } }, 50, 0));
    for (const received of Object.values(outcome.received)) {
      expect(numbers(received)).toEqual(range(50));
      expect(received.every((r) => r.at >= 100 && r.at <= 150)).toBe(true);
      expect(nonDecreasing(received.map((r) => r.at))).toBe(true);
      expect(new Set(received.map((r) => r.at)).size).toBeGreaterThan(1);
    }
  });

  it('applies a per-link rule on top of the default', async () => {
    const faults: FaultPlan = { default: { delayMs: 10 }, links: [{ from: 'alice', to: 'carol', delayMs: 500 }] };
    const outcome = await twice(() => fanOut(5, faults, 3, 0));
    expect(outcome.received.bob?.map((r) => r.at)).toEqual([10, 10, 10]);
    expect(outcome.received.carol?.map((r) => r.at)).toEqual([500, 500, 500]);
  });

  it('loses QoS 0 messages to the drop fault, and the trace counts every loss', async () => {
    const outcome = await twice(() => fanOut(11, { default: { drop: 0.3 } }, 200, 0));
    const lost = outcome.trace.filter((e) => e.kind === 'drop');
    expect(lost.length).toBeGreaterThan(200 * 2 * 0.15);
    expect(lost.length).toBeLessThan(200 * 2 * 0.45);
    expect(outcome.stats.dropped).toBe(lost.length);
    for (const [name, received] of Object.entries(outcome.received)) {
      expect(received.length).toBe(200 - lost.filter((e) => 'to' in e && e.to === name).length);
      expect(nonDecreasing(numbers(received))).toBe(true);
    }
  });

  it('retransmits QoS 1 messages hit by the drop fault: all arrive, later and still in order', async () => {
    const outcome = await twice(() => fanOut(11, { default: { drop: 0.3 } }, 200, 1));
    expect(outcome.stats.dropped).toBe(0);
    expect(outcome.stats.retransmitted).toBeGreaterThan(0);
    expect(outcome.trace.filter((e) => e.kind === 'retransmit')).toHaveLength(outcome.stats.retransmitted);
    for (const received of Object.values(outcome.received)) {
      expect(numbers(received)).toEqual(range(200));
      expect(received.at(-1)?.at).toBeGreaterThanOrEqual(50);
    }
  });

  it('gives a different run for a different seed', async () => {
    const one = await fanOut(1, { default: { drop: 0.3 } }, 100, 0);
    const other = await fanOut(2, { default: { drop: 0.3 } }, 100, 0);
    expect(other.trace).not.toEqual(one.trace);
  });

  it('delivers extra copies with the duplicate fault, right behind the original', async () => {
    const outcome = await twice(() => fanOut(3, { default: { duplicate: 0.25 } }, 200, 1));
    const copies = outcome.trace.filter((e) => e.kind === 'duplicate');
    expect(copies.length).toBeGreaterThan(0);
    expect(outcome.stats.duplicated).toBe(copies.length);
    for (const [name, received] of Object.entries(outcome.received)) {
      expect(received.length).toBe(200 + copies.filter((e) => 'to' in e && e.to === name).length);
      expect([...new Set(numbers(received))]).toEqual(range(200));
      expect(nonDecreasing(numbers(received))).toBe(true);
    }
  });

  it('reorders messages with the reorder fault, losing none', async () => {
    const outcome = await twice(() => fanOut(9, { default: { reorder: 0.3 } }, 100, 0));
    expect(outcome.stats.reordered).toBeGreaterThan(0);
    for (const received of Object.values(outcome.received)) {
      expect(numbers(received)).not.toEqual(range(100));
      expect(numbers(received).sort((a, b) => a - b)).toEqual(range(100));
    }
  });

  it('loses QoS 0 and holds QoS 1 across a partition, then delivers the held messages on heal', async () => {
    const scenario = async (): Promise<Outcome> => {
      const world = createWorld({ seed: 4 });
      const alice = await world.connect('alice');
      const bob = world.record(await world.connect('bob'), 'cm/t/#');
      const carol = world.record(await world.connect('carol'), 'cm/t/#');
      world.hub.partition([['alice'], ['bob']]);
      await publishNumbered(alice, 'cm/t/q0', 10, 0);
      await publishNumbered(alice, 'cm/t/q1', 10, 1);
      world.settle();
      expect(bob).toEqual([]);
      expect(carol).toHaveLength(20); // named in no group: reachable by all
      expect(world.hub.stats()).toMatchObject({ held: 10, dropped: 10, released: 0 });
      world.hub.heal();
      world.settle();
      return { trace: world.hub.trace(), received: { bob, carol }, stats: world.hub.stats() };
    };
    const outcome = await twice(scenario);
    expect(outcome.received.bob?.map((r) => r.topic)).toEqual(Array(10).fill('cm/t/q1'));
    expect(numbers(outcome.received.bob ?? [])).toEqual(range(10));
    expect(outcome.stats).toMatchObject({ held: 10, released: 10, dropped: 10 });
    expect(outcome.trace.filter((e) => e.kind === 'release')).toHaveLength(10);
  });

  it('fires the will on a crash, and a restarted participant receives the retained state', async () => {
    const scenario = async (): Promise<Outcome> => {
      const world = createWorld({ seed: 8, faults: { default: { delayMs: 2, jitterMs: 5 } } });
      const will = { topic: 'cm/t/presence/alice', payload: 'offline', retain: true, qos: 1 as const };
      const alice = await world.connect('alice', { will });
      await alice.publish('cm/t/presence/alice', 'online', { retain: true, qos: 1 });
      await alice.publish('cm/t/state/alice', 'v7', { retain: true, qos: 1 });
      const before = world.record(alice, 'cm/t/state/#');
      const bob = world.record(await world.connect('bob'), 'cm/t/presence/#');
      world.settle();
      expect(world.hub.crash('alice')).toBe(true);
      expect(alice.state).toBe('closed');
      await expect(alice.publish('cm/t/x', 'ghost')).rejects.toMatchObject({ code: 'CM_ERR_TRANSPORT_CLOSED' });
      world.settle();
      const restarted = await world.connect('alice');
      const after = world.record(restarted, 'cm/t/#');
      world.settle();
      return { trace: world.hub.trace(), received: { bob, before, after }, stats: world.hub.stats() };
    };
    const outcome = await twice(scenario);
    expect(outcome.received.bob?.map((r) => [r.text, r.retained])).toEqual([
      ['online', true],
      ['offline', false],
    ]);
    expect(outcome.received.before?.map((r) => r.text)).toEqual(['v7']);
    const after = outcome.received.after?.map((r) => [r.topic, r.text, r.retained]);
    expect(after?.sort()).toEqual([
      ['cm/t/presence/alice', 'offline', true],
      ['cm/t/state/alice', 'v7', true],
    ]);
    expect(outcome.trace.map((e) => e.kind)).toContain('crash');
    expect(outcome.stats).toMatchObject({ crashes: 1, wills: 1 });
  });

  it('records the same trace on trace$ as in trace()', async () => {
    const world = createWorld({ seed: 2, faults: { default: { drop: 0.2, duplicate: 0.2 } } });
    const live: TraceEvent[] = [];
    world.hub.trace$.subscribe((e) => live.push(e));
    const alice = await world.connect('alice');
    world.record(await world.connect('bob'), '#');
    await publishNumbered(alice, 'cm/t/x', 50, 1);
    world.settle();
    expect(live).toEqual(world.hub.trace());
    expect(countTrace(world.hub, 'deliver')).toBe(world.hub.stats().delivered);
  });
});
