import {
  explore,
  invariants,
  type Lives,
  type Model,
  type NetworkModelOptions,
  networkModel,
  type Property,
  walk,
} from '@contactmesh/core/check';
import { describe, expect, it } from 'vitest';
import { replayInRuntime } from '../../src/check/runtime-replay.js';

// A counterexample taken again in real centres (createCentre, the memory hub, a virtual clock):
// the runtime follows the checker's story step by step, the agents' and contacts' states compared
// after each, or says where it left the story.

const twoCentres = {
  centres: { london: { mode: 'network' }, paris: { mode: 'network', agents: [{ id: 'a1', skills: { billing: 5 } }] } },
  arrivals: [
    { centre: 'london', id: 'c1', skillset: 'billing' },
    { centre: 'paris', id: 'c2', skillset: 'billing' },
  ],
  horizonMs: 4_000,
} as const satisfies NetworkModelOptions;

const connectedAt = (centre: string, contact: string): Property => ({
  name: `${contact} never connected at ${centre}`,
  check: (world) =>
    world.actors[`${centre}/contact/${contact}`]?.snapshot.value === 'connected' ? `${contact} is connected at ${centre}` : undefined,
});

/** The two centres with agents who decline, calls that end, customers who hang up, and `faults`, over 30 s. */
const busyWith = (faults: NonNullable<NetworkModelOptions['faults']>): NetworkModelOptions => ({
  ...twoCentres,
  ordering: 'unordered',
  faults,
  answers: 'any',
  calls: 'end',
  hangUps: true,
  horizonMs: 30_000,
});

/** Walks end once ten seconds have passed: long enough for offers, leases and rechecks. */
const late: Property = { name: 'ten seconds pass', check: (world) => (world.now >= 10_000 ? 'ten seconds passed' : undefined) };

describe('replaying a story in the real runtime', { timeout: 60_000 }, () => {
  it('follows the shortest way a london caller reaches a paris agent, step by step, to the same states', async () => {
    const story = explore(networkModel(twoCentres), { properties: [connectedAt('paris', 'c1')] }).counterexample;
    expect(story).toBeDefined();
    const run = await replayInRuntime(twoCentres, story?.choices ?? []);
    try {
      expect(run.diverged).toBeUndefined();
      expect(run.steps).toHaveLength(story?.choices.length ?? -1);
      // The production centres did it: the contact moved to paris and rings, then talks, at a1.
      expect(run.centres.get('paris')?.runtime.snapshot('paris/contact/c1')?.value).toBe('connected');
      expect(run.centres.get('london')?.runtime.snapshot('london/contact/c1')).toBeDefined();
    } finally {
      await run.stop();
    }
  });

  it('follows seeded walks with declines, ends and hang-ups, lost and copied messages, as far as both agree', async () => {
    const busy = busyWith({ drops: 1, duplicates: 1 });
    let followed = 0;
    for (const seed of [2, 3, 4, 6]) {
      const story = walk(networkModel(busy), { properties: [late], seeds: [seed], steps: 300 }).counterexample;
      const run = await replayInRuntime(busy, story?.choices ?? []);
      try {
        if (run.diverged === undefined) followed += 1;
        else expect(run.diverged.step).toBeGreaterThan(1);
      } finally {
        await run.stop();
      }
    }
    expect(followed).toBeGreaterThan(0);
  });

  it('follows stories through a crash and the next life: the centre dies, restarts in the same life as the checker’s, and takes back what it held', async () => {
    const crashing: NetworkModelOptions = {
      centres: { london: { mode: 'network' }, paris: { mode: 'network', agents: [{ id: 'a1', skills: { billing: 5 } }] } },
      arrivals: [{ centre: 'london', id: 'c1', skillset: 'billing' }],
      faults: { crashes: 1 },
      horizonMs: 4_000,
    };
    const after = (centre: string, state: string): Property => ({
      name: `c1 never ${state} at paris after ${centre} restarted`,
      check: (world) =>
        (world.lives[centre] ?? 0) > 0 && world.actors['paris/contact/c1']?.snapshot.value === state ? 'reached' : undefined,
    });
    for (const [centre, state] of [
      ['paris', 'connected'],
      ['london', 'connected'],
      ['paris', 'offered'],
    ] as const) {
      const story = explore(networkModel(crashing), { properties: [after(centre, state)], maxStates: 100_000 }).counterexample;
      expect(story?.story.join('\n')).toMatch(new RegExp(`${centre} crashes[\\s\\S]*${centre} restarts`));
      const run = await replayInRuntime(crashing, story?.choices ?? []);
      try {
        expect(run.diverged).toBeUndefined();
        expect(run.steps).toHaveLength(story?.choices.length ?? -1);
        expect(run.centres.get('paris')?.runtime.snapshot('paris/contact/c1')?.value).toBe(state);
      } finally {
        await run.stop();
      }
    }
  });

  it('follows stories through a partition: the centre loses the broker, runs on, and has it again', async () => {
    const cutting: NetworkModelOptions = {
      centres: { london: { mode: 'network' }, paris: { mode: 'network', agents: [{ id: 'a1', skills: { billing: 5 } }] } },
      arrivals: [{ centre: 'london', id: 'c1', skillset: 'billing' }],
      faults: { partitions: 1 },
      horizonMs: 4_000,
    };
    // Cut off once and back, and c1 in `state` at paris.
    const healed = (state: string): Property => ({
      name: `c1 never ${state} at paris after a partition healed`,
      check: (world) =>
        world.budget.partitions === 0 && world.cut.length === 0 && world.actors['paris/contact/c1']?.snapshot.value === state
          ? 'reached'
          : undefined,
    });
    /** The network where only `centre` may be cut off. */
    const onlyCutting = (centre: string): Model => {
      const model = networkModel(cutting);
      return { ...model, lives: { ...(model.lives as Lives), centres: [centre] } };
    };
    const replayed: string[] = [];
    for (const [centre, state] of [
      ['paris', 'connected'],
      ['london', 'connected'],
      ['paris', 'offered'],
    ] as const) {
      const story = explore(onlyCutting(centre), { properties: [healed(state)], maxStates: 100_000 }).counterexample;
      expect(story?.story.join('\n')).toMatch(new RegExp(`${centre} loses the broker[\\s\\S]*${centre} has the broker again`));
      const run = await replayInRuntime(cutting, story?.choices ?? []);
      try {
        replayed.push(run.diverged === undefined ? 'followed' : `step ${run.diverged.step}: ${run.diverged.reason}`);
        expect(run.steps).toHaveLength(story?.choices.length ?? -1);
        expect(run.centres.get('paris')?.runtime.snapshot('paris/contact/c1')?.value).toBe(state);
      } finally {
        await run.stop();
      }
    }
    expect(replayed).toEqual(['followed', 'followed', 'followed']);
  });

  it('follows seeded walks with two partitions, a lost message, declines, ends and hang-ups to the end', async () => {
    const cutOff = busyWith({ partitions: 2, drops: 1 });
    // Seeds whose walks cut a centre off and heal it, two to four times each (docs/model-checking.md
    // says where the other walks of the first 20 leave the runtime).
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 10, 13, 15, 18]) {
      const story = walk(networkModel(cutOff), { properties: [late], seeds: [seed], steps: 300 }).counterexample;
      expect(story?.choices.filter((choice) => choice.kind === 'partition' || choice.kind === 'heal').length).toBeGreaterThanOrEqual(2);
      const run = await replayInRuntime(cutOff, story?.choices ?? []);
      try {
        expect(run.diverged, `seed ${seed}`).toBeUndefined();
        expect(run.steps).toHaveLength(story?.choices.length ?? -1);
      } finally {
        await run.stop();
      }
    }
  });

  it('leaves a mutant’s story where the mutant differs from the production machine', async () => {
    const { agentMachine } = await import('@contactmesh/core');
    const grantsWhileWorking = agentMachine.provide({ guards: { canReserve: ({ event }) => event.type === 'reserve.request' } });
    const mutant = { ...twoCentres, machines: { agent: grantsWhileWorking } };
    const story = explore(networkModel(mutant), { properties: Object.values(invariants) }).counterexample;
    expect(story?.property).toBe(invariants.agentCapacity.name);
    const run = await replayInRuntime(mutant, story?.choices ?? []);
    try {
      expect(run.diverged?.reason).toMatch(/paris\/agent\/a1 is \{"ready":"reserved"\} in the checker, \{"ready":"free"\} in the runtime/);
      expect(run.steps.length).toBe((run.diverged?.step ?? 0) - 1);
    } finally {
      await run.stop();
    }
  });
});
