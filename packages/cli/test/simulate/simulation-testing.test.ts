import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/index.js';
import { parseScenario } from '../../src/simulate/parse-scenario.js';
import { runSimulation } from '../../src/simulate/run-simulation.js';
import { oneOwner, type SimulatedNetwork, type SimulationProperty } from '../../src/simulate/sim-invariants.js';
import { runCli } from '../run-cli.js';

// Deterministic simulation testing (issue 8): the real centres over the memory hub with seeded
// faults and the virtual clock, the invariants checked as each seed runs; a broken seed is named
// with the network's last messages, and runs the same way again.

/** Three centres routing as one network over a lossy, copying, reordering network; an overloaded one. */
const faulty = (routing: 'network' | 'auction') => ({
  seed: 11,
  durationSeconds: 1_200,
  routing,
  centres: ['london', 'paris', 'rome'].map((id) => ({ id, agents: [{ count: 4, skills: { billing: 5 } }] })),
  traffic: [
    { centre: 'london', skillset: 'billing', perHour: 240, handleSeconds: { mean: 120 }, patienceSeconds: 90 },
    { centre: 'paris', skillset: 'billing', perHour: 40, handleSeconds: { mean: 120 }, patienceSeconds: 90 },
    { centre: 'rome', skillset: 'billing', perHour: 40, handleSeconds: { mean: 120 }, patienceSeconds: 90 },
  ],
  faults: { delayMs: 5, jitterMs: 20, drop: 0.05, duplicate: 0.05, reorder: 0.05 },
});

/** A rule of the tester's own: nobody waits in a queue longer than 30 s (the overloaded london breaks it). */
const noLongWait: SimulationProperty = {
  name: 'nobody waits 30 s',
  check: (network: SimulatedNetwork) => {
    for (const [id, centre] of network.centres) {
      for (const address of centre.runtime.addresses()) {
        if (!address.startsWith(`${id}/contact/`)) continue;
        const snapshot = centre.runtime.snapshot(address) as { value: unknown; context: { seniority: number } } | undefined;
        if (snapshot?.value === 'queued' && network.now - snapshot.context.seniority > 30_000) return `${address} has waited over 30 s`;
      }
    }
    return undefined;
  },
};

let dir: string;
const file = (name: string) => join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'contactmesh-dst-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('deterministic simulation testing', { timeout: 120_000 }, () => {
  it.each(['network', 'auction'] as const)(
    'keeps invariants 1–3 with messages lost, copied and reordered (%s routing)',
    async (routing) => {
      const result = await runSimulation(parseScenario(faulty(routing), 'faulty'), { check: { everyMs: 1_000 } });
      expect(result.violation).toBeUndefined();
      expect(result.problems).toEqual([]);
      expect(result.contacts).toBeGreaterThan(60);
      // Checked every simulated second of the run and its drain.
      expect(result.checks).toBeGreaterThanOrEqual(1_200);
    },
  );

  it('stops at the first broken rule, says when and shows the last messages — and a seed replays the same way', async () => {
    const scenario = parseScenario(faulty('network'), 'faulty');
    const first = await runSimulation(scenario, { check: { everyMs: 1_000, properties: [noLongWait], traceLength: 20 } });
    expect(first.violation).toMatchObject({ property: 'nobody waits 30 s', message: expect.stringMatching(/waited over 30 s/) });
    expect(first.violation?.trace).toHaveLength(20);
    expect(first.violation?.trace[0]).toMatch(/^\d+\.\d{3}s (publish|deliver|drop|duplicate|retransmit) /);
    // The run ended there, not at the end of the scenario.
    expect(first.simulatedSeconds).toBeLessThan(1_200);
    const again = await runSimulation(scenario, { check: { everyMs: 1_000, properties: [noLongWait], traceLength: 20 } });
    expect(again.violation).toEqual(first.violation);
    expect(again.contacts).toBe(first.contacts);
  });

  it('finds two owners of one contact where there are two', () => {
    const copy = (value: string) => ({ value, context: {} });
    const centre = (id: string, state: string) => ({
      runtime: { addresses: () => [`${id}/contact/c1`], snapshot: () => copy(state) },
    });
    const network = (a: string, b: string) =>
      ({
        centres: new Map([
          ['london', centre('london', a)],
          ['paris', centre('paris', b)],
        ]),
        arrived: new Map(),
        outcomes: new Map(),
        now: 0,
      }) as unknown as SimulatedNetwork;
    expect(oneOwner.check(network('queued', 'offered'))).toMatch(/contact c1 is owned by london\/contact\/c1 and paris\/contact\/c1/);
    // The old owner's copy handing the contact over is not a second owner.
    expect(oneOwner.check(network('handingOver', 'offered'))).toBeUndefined();
  });
});

describe('contactmesh simulate --seeds', { timeout: 120_000 }, () => {
  it('runs each seed with the invariants checked, a line per seed, and a summary', async () => {
    await writeFile(file('faulty.json'), JSON.stringify(faulty('network')));
    const { out, err, exitCode } = await runCli(['simulate', file('faulty.json'), '--seeds', '2']);
    expect(exitCode).toBe(ExitCode.ok);
    expect(err).toMatch(/^seed 11 \(1\/2\): \d+ contacts, \d+ checks, every invariant held/m);
    expect(err).toMatch(/^seed 12 \(2\/2\): /m);
    expect(out).toMatch(/^2 seeds, \d+ contacts in [\d.]+ s: every invariant held in every seed$/);
    const json = await runCli(['simulate', file('faulty.json'), '--seeds', '1', '--seed', '5', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ seeds: [{ seed: 5, verdict: 'held' }], failed: [] });
  });

  it('names the seeds that break an invariant, with what and when, and exits 1', async () => {
    await writeFile(file('faulty.json'), JSON.stringify(faulty('network')));
    const { out, err, exitCode } = await runCli(['simulate', file('faulty.json'), '--seeds', '2', '--check-every', '5'], {
      simulationProperties: [noLongWait],
    });
    expect(exitCode).toBe(ExitCode.failure);
    expect(err).toMatch(/^seed 11: VIOLATED at 0h\d\dm\d\ds of simulated time — nobody waits 30 s: /m);
    expect(err).toMatch(/the network's last \d+ messages before it:/);
    expect(out).toMatch(/2 seeds, \d+ contacts in [\d.]+ s: \d broke an invariant: 11/);
  });

  it('refuses faults out of range, naming the field', async () => {
    await writeFile(file('bad.json'), JSON.stringify({ ...faulty('network'), faults: { drop: 0.9, delayMs: -1 } }));
    const { err, exitCode } = await runCli(['simulate', file('bad.json'), '--seeds', '1']);
    expect(exitCode).toBe(ExitCode.usage);
    expect(err).toMatch(/faults\.drop/);
    expect(err).toMatch(/faults\.delayMs/);
    await writeFile(file('unknown.json'), JSON.stringify({ ...faulty('network'), faults: { flaky: true } }));
    const unknown = await runCli(['simulate', file('unknown.json')]);
    expect(unknown.exitCode).toBe(ExitCode.usage);
    expect(unknown.err).toMatch(/faults: unknown field "flaky"/);
  });
});
