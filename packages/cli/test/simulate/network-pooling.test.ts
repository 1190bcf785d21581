import { beforeAll, describe, expect, it } from 'vitest';
import { erlangPrediction } from '../../src/simulate/erlang-prediction.js';
import { runReferenceQueue } from '../../src/simulate/reference-queue.js';
import { runSimulation, type SimulationResult } from '../../src/simulate/run-simulation.js';
import { largestDifference, mmnScenario, rounded, spread } from './scenarios.js';

// Three equal centres, each 10 agents and 150 calls an hour (ρ = 0.75). Alone, each is an M/M/10
// queue: Erlang C says 76.8 % answered within 20 s, ASA 22 s. Routed as one network from the
// replicas, they should act as one M/M/30 pool: 96 %, ASA 2.2 s. The run is short (2 hours, 1.5
// measured: ~700 contacts, as network routing is the dearest to simulate), so the tolerance is
// again 3 run-to-run standard deviations at this length, measured on 200 runs of the pooled
// reference queue (about 0.05 for the service level and 3 s for the ASA), their mean held to 4
// standard errors; and the centres must match that pooled queue call for call.

const hours = 2;
const network = mmnScenario({ seed: 3, hours, centres: 3, routing: 'network' });
const isolated = { ...network, routing: 'isolated' as const };
let pooled: SimulationResult;
let alone: SimulationResult;

beforeAll(async () => {
  pooled = await runSimulation(network);
  alone = await runSimulation(isolated);
}, 60_000);

describe('network routing of three equal centres', () => {
  it('serves the calls of all three as one first-come-first-served pool of 30 agents, call for call', () => {
    expect(pooled.problems).toEqual([]);
    expect(pooled.overall.offered).toBeGreaterThan(600);
    const reference = runReferenceQueue(network);
    expect(largestDifference(pooled.waits, reference.waits)).toBeLessThan(1e-6);
    const { answeredElsewhere: _ours, occupancy: _o, ...figures } = rounded(pooled.overall);
    const { answeredElsewhere: _theirs, occupancy: _p, ...expected } = rounded(reference.overall);
    // Which free agent takes a call (so who is busy, and where) is the router's choice; the waits are not.
    expect(figures).toEqual(expected);
    expect(pooled.overall.occupancy).toBeCloseTo(reference.overall.occupancy ?? Number.NaN, 9);
    // A third of the calls or more are answered at another centre.
    expect(pooled.overall.answeredElsewhere).toBeGreaterThan(pooled.overall.offered / 3);
  });

  it('approaches the pooled Erlang C figure', () => {
    const erlang = erlangPrediction(network);
    expect('omitted' in erlang ? erlang.omitted : erlang.model).toBe('pooled');
    if ('omitted' in erlang || pooled.overall.serviceLevel === null || pooled.overall.averageSpeedOfAnswer === null) return;
    expect(erlang.overall.agents).toBe(30);
    expect(erlang.overall.serviceLevel).toBeCloseTo(0.96, 2);
    const runs = Array.from({ length: 200 }, (_, i) => runReferenceQueue({ ...network, seed: 2_000 + i }).overall);
    const sl = spread(runs.map((r) => r.serviceLevel ?? Number.NaN));
    const asa = spread(runs.map((r) => r.averageSpeedOfAnswer ?? Number.NaN));
    expect(sl.sd).toBeLessThan(0.1);
    expect(Math.abs(pooled.overall.serviceLevel - erlang.overall.serviceLevel)).toBeLessThan(3 * sl.sd);
    expect(Math.abs(pooled.overall.averageSpeedOfAnswer - erlang.overall.averageSpeedOfAnswer)).toBeLessThan(3 * asa.sd);
    expect(Math.abs(sl.mean - erlang.overall.serviceLevel)).toBeLessThan((4 * sl.sd) / Math.sqrt(runs.length));
    expect(Math.abs(asa.mean - erlang.overall.averageSpeedOfAnswer)).toBeLessThan((4 * asa.sd) / Math.sqrt(runs.length));
  });

  it('beats the same centres routed alone, on the very same calls, and the isolated Erlang C figure', () => {
    const erlang = erlangPrediction(isolated);
    expect('omitted' in erlang ? erlang.omitted : erlang.model).toBe('per-centre');
    if ('omitted' in erlang) return;
    expect(alone.contacts).toBe(pooled.contacts);
    expect(alone.overall.answeredElsewhere).toBe(0);
    const sl = { network: pooled.overall.serviceLevel ?? 0, alone: alone.overall.serviceLevel ?? 1 };
    expect(sl.network).toBeGreaterThan(sl.alone + 0.1);
    expect(sl.network).toBeGreaterThan(erlang.overall.serviceLevel + 0.1);
    expect(pooled.overall.averageSpeedOfAnswer ?? Number.POSITIVE_INFINITY).toBeLessThan((alone.overall.averageSpeedOfAnswer ?? 0) / 2);
    // Alone, each centre is its own M/M/10 queue (the reference queue per centre), call for call too.
    expect(largestDifference(alone.waits, runReferenceQueue(isolated).waits)).toBeLessThan(1e-6);
  });
});
