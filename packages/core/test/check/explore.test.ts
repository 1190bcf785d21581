import { describe, expect, it } from 'vitest';
import type { NetworkModelOptions } from '../../src/check/index.js';
import { emptyWorld, explore, type Flight, invariants, type Property, replay, type World, worldKey } from '../../src/check/index.js';
import { agentMachine } from '../../src/machines/agent/machine.js';
import { handoverMachine } from '../../src/machines/handover/machine.js';
import { oneMoveNetwork } from './networks.js';

// The model checker (DESIGN.md §3, §8) on the production machines, composed: routers, agents,
// contacts and handover desks of two centres, every interleaving of their messages and timers.

const properties = Object.values(invariants);

/** London has a caller, Paris the only agent: the contact moves to Paris by reservation and handover. */
const oneMove = (more: Partial<NetworkModelOptions> = {}) => oneMoveNetwork({ horizonMs: 6_000, ...more });

/** Both centres have a caller at once and Paris's one agent is wanted by both routers. */
const race = (more: Partial<NetworkModelOptions> = {}) =>
  oneMove({
    arrivals: [
      { centre: 'london', id: 'c1', skillset: 'billing' },
      { centre: 'paris', id: 'c2', skillset: 'billing' },
    ],
    horizonMs: 4_000,
    ...more,
  });

// Each search takes seconds on a busy machine: room for it.
const slow = { timeout: 120_000 };

describe('the explorer on the real machines', slow, () => {
  it('finds every world of a contact moving between centres, and the invariants hold in each', () => {
    const result = explore(oneMove(), { properties });
    expect(result.verdict).toBe('holds');
    expect(result.bound).toBeUndefined();
    // Thousands of interleavings, each expanded once; the contact reached Paris's agent in some.
    expect(result.states).toBeGreaterThan(1_000);
    expect(result.transitions).toBeGreaterThan(result.states);
  });

  it('reaches the worlds where the contact is with the agent at Paris, and tells the way there step by step', () => {
    const connected: Property = {
      name: 'c1 is never connected at Paris (false: the checker must find the way)',
      check: (world) => {
        const copy = world.actors['paris/contact/c1'];
        return copy !== undefined && copy.snapshot.value === 'connected' ? 'c1 is connected at paris' : undefined;
      },
    };
    const result = explore(oneMove(), { properties: [connected] });
    expect(result.verdict).toBe('violated');
    const story = result.counterexample?.story ?? [];
    expect(story.some((line) => /receives reserve\.request .* to paris\/agent\/a1/.test(line))).toBe(true);
    expect(story.some((line) => /receives handover\.request/.test(line))).toBe(true);
    expect(story.at(-1)).toMatch(/a1 at paris answers c1 .*paris\/contact\/c1 offered → connected/);
    // The story is numbered from 1, a line per step.
    expect(story.map((line) => Number(line.split('.')[0]))).toEqual(story.map((_, i) => i + 1));
  });

  it('replays a counterexample: the same steps reach the same breaking world', () => {
    const connected: Property = {
      name: 'never connected',
      check: (world) => (Object.values(world.actors).some((a) => a.snapshot.value === 'connected') ? 'connected' : undefined),
    };
    const model = oneMove();
    const result = explore(model, { properties: [connected] });
    const steps = result.counterexample?.choices ?? [];
    const { worlds, story } = replay(model, steps);
    expect(story).toEqual(result.counterexample?.story);
    expect(connected.check(worlds.at(-1) as (typeof worlds)[number])).toBe('connected');
    expect(connected.check(worlds.at(-2) as (typeof worlds)[number])).toBeUndefined();
  });

  it('finds the shortest counterexample breadth first, and one no shorter depth first', () => {
    const connected: Property = {
      name: 'never connected',
      check: (world) => (Object.values(world.actors).some((a) => a.snapshot.value === 'connected') ? 'connected' : undefined),
    };
    const bfs = explore(oneMove(), { properties: [connected] });
    const dfs = explore(oneMove(), { properties: [connected], search: 'dfs' });
    expect(dfs.verdict).toBe('violated');
    expect(bfs.counterexample?.choices.length).toBeLessThanOrEqual(dfs.counterexample?.choices.length ?? 0);
  });

  it('says when a bound stopped it: not exhaustive', () => {
    expect(explore(oneMove(), { properties, maxStates: 50 })).toMatchObject({ verdict: 'bounded', bound: 'states', states: 50 });
    expect(explore(oneMove(), { properties, maxDepth: 5 })).toMatchObject({ verdict: 'bounded', bound: 'depth' });
  });

  it('explores lost and copied messages within the budget, and the invariants still hold', () => {
    const reliable = explore(oneMove({ horizonMs: 4_000 }), { properties });
    const faulty = explore(oneMove({ horizonMs: 4_000, faults: { drops: 1, duplicates: 1 } }), { properties });
    expect(faulty.verdict).toBe('holds');
    expect(faulty.states).toBeGreaterThan(reliable.states);
  });
});

describe('mutants: would the checker have caught the bug?', slow, () => {
  it('the real agent machine keeps its capacity when two routers want the same agent at once', () => {
    expect(explore(race(), { properties }).verdict).toBe('holds');
  });

  it('an agent that grants a lease while it works a contact is caught: two contacts with one voice agent', () => {
    const grantsAlways = agentMachine.provide({ guards: { canReserve: ({ event }) => event.type === 'reserve.request' } });
    const result = explore(race({ machines: { agent: grantsAlways } }), { properties });
    expect(result.verdict).toBe('violated');
    expect(result.counterexample).toMatchObject({ property: 'agent capacity (invariant 1)' });
    expect(result.counterexample?.message).toMatch(/paris\/agent\/a1 holds 2 voice contacts/);
  });
});

describe('mutants of the handover desk', slow, () => {
  it('a desk that neither remembers its answers nor sees the copy it holds adopts a contact twice when its asker retries', () => {
    const forgetful = handoverMachine.provide({ guards: { answeredBefore: () => false, heldHere: () => false } });
    const result = explore(race({ machines: { handover: forgetful } }), { properties });
    expect(result.counterexample).toMatchObject({ property: 'no actor fails', message: 'paris/contact/c1 hosted twice' });
    // The asker's own retry (its handover timer) brings the second request: no fault was needed.
    expect(result.counterexample?.story.some((line) => /timer handover of london\/contact\/c1 fires/.test(line))).toBe(true);
  });
});

describe("a world's identity", () => {
  const flight = (link: string, type: string, faulty = true): Flight => ({
    link,
    to: `${link.split('>')[1]}/router/main`,
    message: { type, from: `${link.split('>')[0]}/router/main`, body: { n: type } },
    faulty,
  });
  const world = (...flight: Flight[]): World => ({ ...emptyWorld(), flight });
  const a1 = flight('london>paris', 'a1');
  const a2 = flight('london>paris', 'a2');
  const b1 = flight('paris>london', 'b1');

  it('in order per link: the order across links means nothing, within a link it does', () => {
    expect(worldKey(world(a1, b1, a2), 'fifo')).toBe(worldKey(world(b1, a1, a2), 'fifo'));
    expect(worldKey(world(a1, a2, b1), 'fifo')).not.toBe(worldKey(world(a2, a1, b1), 'fifo'));
    // Equal parts that are other objects make the same world.
    expect(worldKey(world(a1, b1), 'fifo')).toBe(worldKey(world(flight('london>paris', 'a1'), flight('paris>london', 'b1')), 'fifo'));
  });

  it("unordered: messages between actors in any order are one world, but a link's replica publications keep their order", () => {
    expect(worldKey(world(a1, a2, b1), 'unordered')).toBe(worldKey(world(a2, b1, a1), 'unordered'));
    const r1 = flight('london>paris', 'r1', false);
    const r2 = flight('london>paris', 'r2', false);
    expect(worldKey(world(r1, a1, r2), 'unordered')).toBe(worldKey(world(a1, r1, r2), 'unordered'));
    expect(worldKey(world(r1, r2), 'unordered')).not.toBe(worldKey(world(r2, r1), 'unordered'));
  });

  it('keeps no order that means nothing: contacts ended, presences heard, in whatever order they came', () => {
    const ended = (address: string): World['ended'][number] => ({ address, kind: 'contact', state: 'ended' });
    const heard = (centres: readonly string[]): World['heard'] =>
      Object.fromEntries(centres.map((c) => [c, { [c === 'london' ? 'paris' : 'london']: { status: 'online', incarnation: 1 } }]));
    const at = (more: Partial<World>) => worldKey({ ...emptyWorld(), ...more }, 'fifo');
    expect(at({ ended: [ended('london/contact/c1'), ended('paris/contact/c2')] })).toBe(
      at({ ended: [ended('paris/contact/c2'), ended('london/contact/c1')] }),
    );
    expect(at({ heard: heard(['london', 'paris']) })).toBe(at({ heard: heard(['paris', 'london']) }));
    expect(at({ heard: heard(['london']) })).not.toBe(at({ heard: heard(['paris']) }));
  });

  it('tells a world where a message was lost from one where none was (nothingLeftBehind reads it)', () => {
    const at = (dropped: number) => worldKey({ ...emptyWorld(), dropped }, 'fifo');
    expect(at(0)).not.toBe(at(1));
    expect(at(1)).toBe(at(2));
  });

  it('counts a copied message: two of one message are not one', () => {
    expect(worldKey(world(a1, a1), 'unordered')).not.toBe(worldKey(world(a1), 'unordered'));
    expect(worldKey(world(a1, a1, a2, a2), 'unordered')).not.toBe(worldKey(world(a1, a2), 'unordered'));
  });
});

describe('the ready-made invariants', () => {
  const ended = (address: string, state: string): World['ended'][number] => ({ address, kind: 'contact', state });

  it('nothing lost: a contact that no centre holds must have ended, once', () => {
    const world = emptyWorld();
    expect(invariants.nothingLost.check({ ...world, ended: [ended('london/contact/c1', 'forwarded')] })).toMatch(/c1 is lost/);
    expect(
      invariants.nothingLost.check({ ...world, ended: [ended('london/contact/c1', 'forwarded'), ended('paris/contact/c1', 'ended')] }),
    ).toBeUndefined();
    expect(
      invariants.nothingLost.check({ ...world, ended: [ended('london/contact/c1', 'ended'), ended('paris/contact/c1', 'abandoned')] }),
    ).toMatch(/c1 ended twice/);
  });

  it('nothing lost: a contact that ended does not live on', () => {
    const model = oneMove();
    // The first world in which London holds the contact, then a claim that it had ended already.
    const arrived = replay(model, [{ kind: 'outside' }]).worlds.at(-1) as World;
    expect(invariants.nothingLost.check(arrived)).toBeUndefined();
    expect(invariants.nothingLost.check({ ...arrived, ended: [ended('paris/contact/c1', 'ended')] })).toMatch(/ended .* yet lives on/);
  });

  it('no deadlock: a contact that waits where nothing more can ever happen (no message, no timer at all) is a deadlock', () => {
    const arrived = replay(oneMove(), [{ kind: 'outside' }]).worlds.at(-1) as World;
    // Its timers (the expiry, the router's next look) are what keep a waiting contact alive.
    expect(arrived.timers.length).toBeGreaterThan(0);
    expect(invariants.noDeadlock.check(arrived)).toBeUndefined();
    const stuck = { ...arrived, timers: [], flight: [] };
    expect(invariants.noDeadlock.check(stuck)).toMatch(/london\/contact\/c1 waits in "queued" but nothing more can happen/);
  });
});
