import { describe, expect, it } from 'vitest';
import { choices, explore, invariants, type NetworkModelOptions, networkModel, take, type World, walk } from '../../src/check/index.js';
import { busyNetwork, oneMoveNetwork, requestOnItsWay, seeds } from './networks.js';

// Partition and heal steps: a centre loses the broker and runs on (its session is clean: what is
// on its way to it is lost; what it sends waits in its client; its will tells the others it is
// offline), then has the broker again (what it kept goes out, it announces itself and republishes
// its objects, and hears the others' replicas), as centre/network.ts does on a reconnect.

const properties = Object.values(invariants);

const oneMove = (more: Partial<NetworkModelOptions> = {}) => oneMoveNetwork({ faults: { partitions: 1 }, ...more });

type RouterContext = { agents: { size: number }; contacts: { get(id: string): { state: string } | undefined } };
const routerOf = (world: World, centre: string) => world.actors[`${centre}/router/main`]?.snapshot.context as RouterContext;

/** Delivers every message that may be delivered, first first, until none is left. */
function settle(model: ReturnType<typeof oneMove>, from: World): World {
  let world = from;
  for (let next = choices(model, world).find((c) => c.kind === 'deliver'); next !== undefined; ) {
    world = take(model, world, next);
    next = choices(model, world).find((c) => c.kind === 'deliver');
  }
  return world;
}

describe('partition and heal steps', { timeout: 120_000 }, () => {
  it('a centre cut off runs on; the others hear its will and forget its agents; healed, it is routed to again', () => {
    const model = oneMove({ arrivals: [] });
    let world = settle(model, model.initial);
    expect(routerOf(world, 'london').agents.size).toBe(1);
    expect(choices(model, world)).toContainEqual({ kind: 'partition', centre: 'paris' });

    world = take(model, world, { kind: 'partition', centre: 'paris' });
    expect(world.cut).toEqual(['paris']);
    expect(world.budget.partitions).toBe(0);
    // It runs on: nothing of it is gone.
    expect(world.actors['paris/agent/a1']).toBeDefined();
    expect(world.flight.filter((f) => f.message.type === 'presence')).toEqual([
      expect.objectContaining({ link: 'paris>london', to: 'london/replicas/main', faulty: false }),
    ]);
    // No second partition, no crash while cut: only the heal.
    expect(choices(model, world).filter((c) => c.kind === 'partition' || c.kind === 'heal')).toEqual([{ kind: 'heal', centre: 'paris' }]);
    world = settle(model, world);
    expect(routerOf(world, 'london').agents.size).toBe(0);
    // London's replica store still holds Paris's agent, marked offline, as the will left it.
    expect(world.heard.london?.paris).toEqual({
      status: 'offline',
      incarnation: 0,
      held: { agents: [expect.objectContaining({ id: 'a1', home: 'paris' })], contacts: [] },
    });

    world = take(model, world, { kind: 'heal', centre: 'paris' });
    expect(world.cut).toEqual([]);
    // Paris's presence alone (before its replicas) gives London's router its agent back, from the
    // store, as the runtime's network desk feeds it when a centre's presence changes.
    const presence = world.flight.findIndex((f) => f.message.type === 'presence' && f.to === 'london/replicas/main');
    const heardBack = take(model, world, { kind: 'deliver', index: presence });
    expect(heardBack.flight.some((f) => f.message.type === 'agent.snapshot' && f.to === 'london/replicas/main')).toBe(true);
    expect(routerOf(heardBack, 'london').agents.size).toBe(1);
    world = settle(model, world);
    expect(world.heard.london?.paris).toEqual({ status: 'online', incarnation: 0 });
    expect(routerOf(world, 'london').agents.size).toBe(1);
  });

  it('what a cut-off centre sends waits in its client, in order, and goes out when it heals', () => {
    const model = oneMove({ arrivals: [{ centre: 'paris', id: 'c1', skillset: 'billing' }] });
    let world = settle(model, model.initial);
    world = take(model, world, { kind: 'partition', centre: 'paris' });
    world = settle(model, world);
    world = take(model, world, { kind: 'outside' });
    const kept = world.flight.filter((f) => f.held === true);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((f) => f.link === 'paris>london')).toBe(true);
    expect(choices(model, world).filter((c) => c.kind === 'deliver')).toEqual([]);

    world = take(model, world, { kind: 'heal', centre: 'paris' });
    expect(world.flight.some((f) => f.held === true)).toBe(false);
    // First what it kept, in its order; then its presence and its objects again.
    const types = world.flight.map((f) => f.message.type);
    expect(types.slice(0, kept.length)).toEqual(kept.map((f) => f.message.type));
    expect(types[kept.length]).toBe('presence');
    world = settle(model, world);
    expect(routerOf(world, 'london').contacts.get('c1')).toBeDefined();
  });

  it("what a cut-off centre publishes to retained topics is the broker's only once it heals", () => {
    const model = oneMove({ arrivals: [{ centre: 'paris', id: 'c1', skillset: 'billing' }] });
    let world = take(model, settle(model, model.initial), { kind: 'partition', centre: 'paris' });
    world = take(model, world, { kind: 'outside' });
    expect(world.retained['replica/paris/contact/c1']).toBeUndefined();
    expect(world.unsent.paris?.['replica/paris/contact/c1']).toMatchObject({ id: 'c1', owner: 'paris' });
    world = take(model, world, { kind: 'heal', centre: 'paris' });
    expect(world.retained['replica/paris/contact/c1']).toMatchObject({ id: 'c1', owner: 'paris' });
    expect(world.unsent).toEqual({});
  });

  it('a centre that heals while another is cut off hears that one as offline, not its replicas', () => {
    const model = networkModel({
      centres: {
        london: { mode: 'network' },
        paris: { mode: 'network', agents: [{ id: 'a1', skills: { billing: 5 } }] },
        rome: { mode: 'network' },
      },
      arrivals: [],
      faults: { partitions: 2 },
      horizonMs: 4_000,
    });
    let world = settle(model, model.initial);
    world = take(model, world, { kind: 'partition', centre: 'paris' });
    world = take(model, world, { kind: 'partition', centre: 'rome' });
    world = settle(model, world);
    world = take(model, world, { kind: 'heal', centre: 'rome' });
    expect(world.heard.rome?.paris).toMatchObject({
      status: 'offline',
      incarnation: 0,
      held: { agents: [expect.objectContaining({ id: 'a1' })] },
    });
    expect(routerOf(world, 'rome').agents.size).toBe(0);
    // Nothing goes to paris while it is cut off: not rome's presence, not its replicas.
    expect(world.flight.some((f) => f.to.startsWith('paris/'))).toBe(false);
  });

  it('what is on its way to a cut-off centre, or sent to it while cut, is lost and counted so', () => {
    const model = oneMove();
    // london asks paris for its agent; paris loses the broker with the request on its way.
    let world = requestOnItsWay(model);
    const dropped = world.dropped;
    world = take(model, world, { kind: 'partition', centre: 'paris' });
    expect(world.flight.some((f) => f.to.startsWith('paris/'))).toBe(false);
    expect(world.dropped).toBe(dropped + 1);
  });

  it('healed, a centre hears what it missed: a contact that arrived elsewhere meanwhile reaches its router', () => {
    const model = oneMove({
      centres: { london: { mode: 'network' }, paris: { mode: 'network', agents: [{ id: 'a1', skills: { sales: 5 } }] } },
    });
    let world = settle(model, model.initial);
    world = take(model, world, { kind: 'partition', centre: 'paris' });
    world = settle(model, take(model, world, { kind: 'outside' }));
    expect(routerOf(world, 'paris').contacts.get('c1')).toBeUndefined();
    world = take(model, world, { kind: 'heal', centre: 'paris' });
    expect(routerOf(world, 'paris').contacts.get('c1')).toMatchObject({ state: 'queued' });
  });

  it('every interleaving of one move with a partition of either centre, healed at any point, keeps every invariant', () => {
    const calm = explore(oneMove({ faults: {} }), { properties });
    const cut = explore(oneMove(), { properties, maxStates: 100_000 });
    expect(cut.verdict).toBe('holds');
    expect(cut.states).toBeGreaterThan(calm.states * 5);
    // With a lost message as well.
    expect(explore(oneMove({ faults: { partitions: 1, drops: 1 } }), { properties, maxStates: 100_000 }).verdict).toBe('holds');
  });

  it('the contact is served across the partition once it heals: a world where c1 is connected at paris after a heal is reachable', () => {
    const served = {
      name: 'never served after a heal',
      check: (world: World) =>
        world.budget.partitions === 0 && world.cut.length === 0 && world.actors['paris/contact/c1']?.snapshot.value === 'connected'
          ? 'served'
          : undefined,
    };
    const result = explore(oneMove(), { properties: [served], maxStates: 100_000 });
    expect(result.verdict).toBe('violated');
    expect(result.counterexample?.story.join('\n')).toMatch(/loses the broker[\s\S]*has the broker again/);
  });

  it('seeded walks through a busy, faulty network where centres lose the broker and crash keep every invariant', () => {
    const result = walk(busyNetwork({ faults: { drops: 2, duplicates: 2, crashes: 1, partitions: 2 }, calls: 'end', hangUps: true }), {
      properties,
      seeds: seeds(150),
      steps: 600,
    });
    expect(result).toMatchObject({ verdict: 'holds', walks: 150 });
  });
});
