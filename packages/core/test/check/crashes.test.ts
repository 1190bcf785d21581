import { describe, expect, it } from 'vitest';
import { type Choice, choices, explore, invariants, type NetworkModelOptions, take, type World, walk } from '../../src/check/index.js';
import { busyNetwork, oneMoveNetwork, requestOnItsWay, seeds } from './networks.js';

// Crash and restart steps: a centre's process dies (its actors, timers and the messages on their
// way to it are lost; its will reaches the others) and comes back in a later life, taking its
// contacts and agents back from the network's replicas, as the runtime does.

const properties = Object.values(invariants);

const oneMove = (more: Partial<NetworkModelOptions> = {}) => oneMoveNetwork({ faults: { crashes: 1 }, ...more });

const stateOf = (world: World, address: string): unknown => world.actors[address]?.snapshot.value;

describe('crash and restart steps', { timeout: 120_000 }, () => {
  it('a crashed centre loses its actors, the others hear its will, and its next life takes its contact back, queued, past its old revs', () => {
    const model = oneMove({
      centres: { london: { mode: 'network', agents: [{ id: 'l1', skills: { sales: 5 } }] }, paris: { mode: 'network' } },
    });
    let world = take(model, model.initial, { kind: 'outside' });
    const before = world.actors['london/contact/c1']?.snapshot.context as { rev: number; seniority: number };
    expect(choices(model, world)).toContainEqual({ kind: 'crash', centre: 'london' });

    world = take(model, world, { kind: 'crash', centre: 'london' });
    expect(world.down).toEqual(['london']);
    expect(Object.keys(world.actors).filter((a) => a.startsWith('london/'))).toEqual([]);
    expect(world.timers.filter((t) => t.address.startsWith('london/'))).toEqual([]);
    expect(world.budget.crashes).toBe(0);
    // The contact lives on in london's ACD: nothing is lost while london is down.
    expect(invariants.nothingLost.check(world)).toBeUndefined();
    const will = world.flight.find((f) => f.message.type === 'presence');
    expect(will).toMatchObject({ link: 'london>paris', to: 'paris/replicas/main', faulty: false });
    // No second crash (the budget is spent); london may only restart.
    expect(choices(model, world).filter((c) => c.kind === 'crash' || c.kind === 'restart')).toEqual([
      { kind: 'restart', centre: 'london' },
    ]);

    world = take(model, world, { kind: 'restart', centre: 'london' });
    expect(world.down).toEqual([]);
    expect(world.lives.london).toBeGreaterThan(0);
    const after = world.actors['london/contact/c1']?.snapshot.context as { rev: number; seniority: number; incarnation: number };
    expect(stateOf(world, 'london/contact/c1')).toBe('queued');
    expect(after.rev).toBeGreaterThan(before.rev);
    expect(after.seniority).toBe(before.seniority);
    expect(after.incarnation).toBe(world.lives.london);
    expect(stateOf(world, 'london/agent/l1')).toEqual({ ready: 'free' });
    expect(stateOf(world, 'london/router/main')).toBeDefined();
  });

  it("the will makes the others' routers forget the crashed centre's agents", () => {
    const model = oneMove({ arrivals: [] });
    const router = (world: World) =>
      (world.actors['london/router/main']?.snapshot.context as { agents: { size: number } } | undefined)?.agents.size;
    let world = model.initial;
    while (world.flight.length > 0) world = take(model, world, { kind: 'deliver', index: 0 });
    expect(router(world)).toBe(1);
    world = take(model, world, { kind: 'crash', centre: 'paris' });
    world = take(model, world, { kind: 'deliver', index: world.flight.findIndex((f) => f.message.type === 'presence') });
    expect(router(world)).toBe(0);
    // Its next life publishes its agent again: the router holds it once more.
    world = take(model, world, { kind: 'restart', centre: 'paris' });
    while (world.flight.length > 0) world = take(model, world, { kind: 'deliver', index: 0 });
    expect(router(world)).toBe(1);
  });

  it('messages on their way to a centre that is down are lost, and counted so', () => {
    const model = oneMove();
    // london asks paris for its agent; paris crashes with the request on its way.
    let world = requestOnItsWay(model);
    const dropped = world.dropped;
    world = take(model, world, { kind: 'crash', centre: 'paris' });
    expect(world.flight.some((f) => f.to.startsWith('paris/'))).toBe(false);
    expect(world.dropped).toBeGreaterThan(dropped);
  });

  it('a customer of a contact held by a centre that is down hangs up only once that centre is back (the ACD tells its next life)', () => {
    const model = oneMove({ hangUps: true });
    let world = take(model, model.initial, { kind: 'outside' });
    const hangUp = (w: World) => choices(model, w).filter((c) => c.kind === 'react');
    expect(hangUp(world)).toHaveLength(1);
    world = take(model, world, { kind: 'crash', centre: 'london' });
    expect(hangUp(world)).toEqual([]);
    world = take(model, world, { kind: 'restart', centre: 'london' });
    expect(hangUp(world)).toHaveLength(1);
    world = take(model, world, hangUp(world)[0] as Choice);
    expect(world.ended).toContainEqual({ address: 'london/contact/c1', kind: 'contact', state: 'abandoned' });
  });

  it('every interleaving of one move with a crash of either centre, at any point, keeps every invariant', () => {
    const calm = explore(oneMove({ faults: {} }), { properties });
    const crashing = explore(oneMove(), { properties, maxStates: 100_000 });
    expect(crashing.verdict).toBe('holds');
    // Crashes at every point, and the restarts after them, are worlds of their own.
    expect(crashing.states).toBeGreaterThan(calm.states * 5);
  });

  it('seeded walks through a busy, faulty network where two centres crash keep every invariant', () => {
    const result = walk(busyNetwork({ faults: { drops: 2, duplicates: 2, crashes: 2 }, calls: 'end', hangUps: true }), {
      properties,
      seeds: seeds(150),
      steps: 600,
    });
    expect(result).toMatchObject({ verdict: 'holds', walks: 150 });
  });
});
