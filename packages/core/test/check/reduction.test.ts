import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  explore,
  invariants,
  type Model,
  type NetworkModelOptions,
  networkModel,
  type Property,
  scenarios,
  WorldEngine,
  worldKey,
} from '../../src/check/index.js';
import { agentMachine } from '../../src/machines/agent/machine.js';
import { oneMoveNetwork } from './networks.js';

/** Explores `model` and keeps the identity of every world it expanded. */
function visited(model: Model, reduction: boolean, maxStates = 40_000, search: 'bfs' | 'dfs' = 'bfs', maxDepth = 60) {
  const worlds = new Set<string>();
  const record: Property = {
    name: 'records the world',
    check: (world) => {
      worlds.add(worldKey(world, model.ordering));
      return undefined;
    },
  };
  const result = explore(model, {
    properties: [record, ...Object.values(invariants)],
    reduction,
    maxStates,
    maxMs: 120_000,
    search,
    maxDepth,
  });
  return { result, worlds };
}

/** The same model without the doors' claim to read only their own centre: nothing may be taken in one order only. */
const withoutClaim = (model: Model): Model => {
  const { ownCentreOnly: _, ...rules } = model.engine.rules;
  return { ...model, engine: new WorldEngine(rules) };
};

const billing = (id: string) => ({ id, skills: { billing: 5 } });

/** Small networks of two or three centres, london auctioning or not, with every fault the model has, each small enough to explore whole. */
const networks: fc.Arbitrary<NetworkModelOptions> = fc
  .record({
    third: fc.boolean(),
    auctions: fc.boolean(),
    modes: fc.tuple(...[0, 1, 2].map(() => fc.constantFrom('network' as const, 'overflow' as const, 'local' as const))),
    agents: fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })),
    arrivals: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 2 }),
    ordering: fc.constantFrom('fifo' as const, 'unordered' as const),
    fault: fc.constantFrom('none', 'drops', 'duplicates', 'crashes', 'partitions'),
    answers: fc.constantFrom('accept' as const, 'any' as const),
    hangUps: fc.boolean(),
  })
  .map(({ third, auctions, modes, agents, arrivals, ordering, fault, answers, hangUps }) => {
    const ids = third ? ['london', 'paris', 'rome'] : ['london', 'paris'];
    const centres = Object.fromEntries(
      ids.map((id, i) => [
        id,
        {
          mode: modes[i] ?? 'network',
          agents: agents[i] === 1 ? [billing(`${id[0]}1`)] : [],
          ...(auctions && i === 0 ? { auctions } : {}),
        },
      ]),
    );
    return {
      centres,
      arrivals: arrivals.map((i, n) => ({ centre: ids[i % ids.length] as string, id: `c${n + 1}`, skillset: 'billing' })),
      ordering,
      faults: fault === 'none' ? {} : { [fault]: 1 },
      answers,
      hangUps,
      horizonMs: 4_000,
    };
  });

// Each search takes a second or more on a busy machine: room for it.
describe('the partial-order reduction (sleep sets)', { timeout: 300_000 }, () => {
  it('expands exactly the worlds of the full search, with fewer steps, on every built-in scenario small enough to finish', () => {
    for (const name of ['status-commands-race', 'handover-with-crash'] as const) {
      const full = visited(networkModel(scenarios[name].network), false);
      const reduced = visited(networkModel(scenarios[name].network), true);
      expect(full.result.verdict, name).toBe('holds');
      expect(reduced.result.verdict, name).toBe('holds');
      expect(reduced.worlds, name).toEqual(full.worlds);
      expect(reduced.result.states, name).toBe(full.result.states);
      expect(reduced.result.transitions, name).toBeLessThan(full.result.transitions);
    }
  });

  it('takes every order where the model does not say what its doors read', () => {
    const model = oneMoveNetwork({ faults: { drops: 1 } });
    const claimed = visited(model, true);
    const unclaimed = visited(withoutClaim(model), true);
    const full = visited(model, false);
    expect(unclaimed.result.transitions).toBe(full.result.transitions);
    expect(claimed.result.transitions).toBeLessThan(full.result.transitions);
    expect(claimed.worlds).toEqual(full.worlds);
  });

  it('counts a step that passes a door reading beyond its centre (who owns a contact), and not one that reads its own', () => {
    const model = oneMoveNetwork();
    const { engine } = model;
    const arrive = (to: string, type: string, body: unknown) =>
      engine.arrive(model.initial, { link: 'london>paris', to, message: { type, from: 'london/contact/c1', body }, faulty: true });
    const before = engine.wide;
    arrive('paris/replicas/main', 'agent.snapshot', { id: 'x1', home: 'london', rev: 1 });
    expect(engine.wide).toBe(before);
    arrive('paris/handover/main', 'handover.request', { contact: 'c1' });
    expect(engine.wide).toBe(before + 1);
  });

  it('finds a counterexample as short as the full search does: an agent that grants a lease while it works a contact', () => {
    const grantsAlways = agentMachine.provide({ guards: { canReserve: ({ event }) => event.type === 'reserve.request' } });
    // Both centres have a caller at once and paris's one agent is wanted by both routers.
    const race = () =>
      oneMoveNetwork({
        arrivals: [
          { centre: 'london', id: 'c1', skillset: 'billing' },
          { centre: 'paris', id: 'c2', skillset: 'billing' },
        ],
        machines: { agent: grantsAlways },
      });
    const full = explore(race(), { properties: Object.values(invariants), reduction: false });
    const reduced = explore(race(), { properties: Object.values(invariants) });
    expect(full.counterexample?.property).toBe(invariants.agentCapacity.name);
    expect(reduced.counterexample?.property).toBe(invariants.agentCapacity.name);
    expect(reduced.counterexample?.choices.length).toBe(full.counterexample?.choices.length);
  });

  it('for any small network with any one fault, expands the same worlds as the full search and gives the same verdict', () => {
    fc.assert(
      fc.property(networks, (options) => {
        const full = visited(networkModel(options), false, 8_000);
        fc.pre(full.result.verdict !== 'bounded');
        const reduced = visited(networkModel(options), true, 8_000);
        expect(reduced.result.verdict).toBe(full.result.verdict);
        expect(reduced.result.counterexample?.choices.length).toBe(full.result.counterexample?.choices.length);
        if (full.result.verdict === 'holds') expect(reduced.worlds).toEqual(full.worlds);
        expect(reduced.result.transitions).toBeLessThanOrEqual(full.result.transitions);
      }),
      { numRuns: 20, seed: 20261207 },
    );
  });

  it('depth first and bounded in depth too: the same worlds within the bound as the full search', () => {
    // A world reached again deeper, with steps that woke, sleeps what every way to it let sleep:
    // depth first, the ways to it come in any order, and the depth bound cuts some of them.
    fc.assert(
      fc.property(networks, fc.integer({ min: 6, max: 14 }), (options, maxDepth) => {
        const full = visited(networkModel(options), false, 8_000, 'dfs', maxDepth);
        fc.pre(full.result.bound !== 'states');
        const reduced = visited(networkModel(options), true, 8_000, 'dfs', maxDepth);
        expect(reduced.worlds).toEqual(full.worlds);
      }),
      { numRuns: 15, seed: 7 },
    );
  });

  it('depth first counts and checks each world once, and finds the worlds breadth first finds', () => {
    fc.assert(
      fc.property(networks, (options) => {
        const bfs = visited(networkModel(options), true, 8_000, 'bfs', 400);
        fc.pre(bfs.result.verdict === 'holds');
        let checks = 0;
        const counted: Property = {
          name: 'counts its checks',
          check: () => {
            checks += 1;
            return undefined;
          },
        };
        const dfs = explore(networkModel(options), { properties: [counted], search: 'dfs', maxDepth: 400, maxStates: 8_000 });
        const worlds = visited(networkModel(options), true, 8_000, 'dfs', 400).worlds;
        expect(dfs.verdict).toBe('holds');
        expect(dfs.states).toBe(bfs.result.states);
        expect(checks).toBe(dfs.states);
        expect(worlds).toEqual(bfs.worlds);
      }),
      { numRuns: 20, seed: 20261208 },
    );
  });

  it('depth first counts a world once even where the depth bound makes it go on from one again', () => {
    const model = networkModel(scenarios['handover-with-crash'].network);
    const whole = explore(model, { properties: [], search: 'bfs', maxDepth: 400 });
    const bounded = explore(model, { properties: [], search: 'dfs', maxDepth: 30 });
    expect(bounded).toMatchObject({ verdict: 'bounded', bound: 'depth' });
    expect(bounded.states).toBeLessThanOrEqual(whole.states);
  });
});
