import { beforeAll, describe, expect, it } from 'vitest';
import { erlangPrediction } from '../../src/simulate/erlang-prediction.js';
import { parseScenario } from '../../src/simulate/parse-scenario.js';
import { runReferenceQueue } from '../../src/simulate/reference-queue.js';
import { runSimulation, type SimulationResult } from '../../src/simulate/run-simulation.js';
import { largestDifference, mmnScenario, rounded, spread } from './scenarios.js';

// The simulator drives the production centres (createCentre, the statecharts, the memory hub) on
// a virtual clock. Does it agree with queueing theory? Two steps, each strict:
//
// 1. On the same calls, the centres give every contact exactly the wait a textbook
//    first-come-first-served queue gives it (`runReferenceQueue`: a plain event heap, no statecharts).
// 2. That queue, and the centres' own run, agree with Erlang C within a stated statistical
//    tolerance. An 8-hour M/M/10 run at ρ = 0.75 is only ~1,100 measured contacts, and waits in a
//    queue this loaded are strongly correlated: over 300 seeds the run-to-run standard deviation
//    is 0.064 for the service level and 10.5 s for the ASA (mean 22 s). So one run is held to
//    3 standard deviations of its own length (measured below on 200 reference runs), and the
//    mean of those 200 runs — 230,000 contacts — to 4 standard errors (about ±0.018 and ±3 s),
//    which a bias as small as a tenth of the ASA would fail. Seeds are fixed: the test is
//    deterministic, and the margins leave room for any seed rather than fitting one.

const hours = 8;
const scenario = mmnScenario({ seed: 1, hours });
const erlang = erlangPrediction(scenario);
const predicted = 'omitted' in erlang ? undefined : erlang.overall;
let simulated: SimulationResult;

beforeAll(async () => {
  simulated = await runSimulation(scenario);
}, 60_000);

describe('an M/M/10 queue on the production centres (10 agents, 180 s mean handle, 150 calls an hour: ρ = 0.75)', () => {
  it('runs the scenario whole: every measured contact answered and handled, no failure reported', () => {
    expect(simulated.problems).toEqual([]);
    expect(simulated.unfinished).toBe(0);
    expect(simulated.overall.offered).toBeGreaterThan(1_000);
    expect(simulated.overall.answered).toBe(simulated.overall.offered);
    expect(simulated.overall.handled).toBe(simulated.overall.offered);
  });

  it('gives every contact the very wait a first-come-first-served queue of 10 agents gives it on the same calls', () => {
    const reference = runReferenceQueue(scenario);
    expect(reference.contacts).toBe(simulated.contacts);
    expect(largestDifference(simulated.waits, reference.waits)).toBeLessThan(1e-6);
    expect(rounded(simulated.overall)).toEqual(rounded(reference.overall));
  });

  it('lands within the statistical tolerance of Erlang C, and the mean of 200 such runs within 4 standard errors of it', () => {
    expect(predicted).toBeDefined();
    if (predicted === undefined || simulated.overall.serviceLevel === null || simulated.overall.averageSpeedOfAnswer === null) return;
    expect(predicted.serviceLevel).toBeCloseTo(0.7678, 4);
    expect(predicted.averageSpeedOfAnswer).toBeCloseTo(22.08, 2);
    const runs = Array.from({ length: 200 }, (_, i) => runReferenceQueue(mmnScenario({ seed: 1_000 + i, hours })).overall);
    const sl = spread(runs.map((r) => r.serviceLevel ?? Number.NaN));
    const asa = spread(runs.map((r) => r.averageSpeedOfAnswer ?? Number.NaN));
    // The tolerance must be tight enough to mean something.
    expect(sl.sd).toBeLessThan(0.1);
    expect(asa.sd).toBeLessThan(15);
    expect(Math.abs(simulated.overall.serviceLevel - predicted.serviceLevel)).toBeLessThan(3 * sl.sd);
    expect(Math.abs(simulated.overall.averageSpeedOfAnswer - predicted.averageSpeedOfAnswer)).toBeLessThan(3 * asa.sd);
    expect(Math.abs(sl.mean - predicted.serviceLevel)).toBeLessThan((4 * sl.sd) / Math.sqrt(runs.length));
    expect(Math.abs(asa.mean - predicted.averageSpeedOfAnswer)).toBeLessThan((4 * asa.sd) / Math.sqrt(runs.length));
    // Occupancy is the offered load per agent: ρ = 0.75.
    expect(simulated.overall.occupancy).toBeGreaterThan(0.65);
    expect(simulated.overall.occupancy).toBeLessThan(0.85);
  });

  it('follows the textbook queue call for call with abandons, wrap-up, lognormal talk and agents of mixed proficiency too', async () => {
    const rome = parseScenario(
      {
        seed: 5,
        durationSeconds: 2 * 3_600,
        warmupSeconds: 600,
        serviceLevelSeconds: 30,
        routing: 'isolated',
        wrapUpSeconds: 15,
        centres: [
          {
            id: 'rome',
            agents: [
              { count: 3, skills: { sales: 4 } },
              { count: 1, skills: { sales: 9 } },
            ],
          },
        ],
        traffic: [
          {
            centre: 'rome',
            skillset: 'sales',
            perHour: 70,
            handleSeconds: { mean: 200, distribution: 'lognormal', sd: 150 },
            patienceSeconds: 90,
          },
        ],
      },
      'rome',
    );
    const result = await runSimulation(rome);
    const reference = runReferenceQueue(rome);
    expect(result.overall.abandoned).toBeGreaterThan(10);
    expect(largestDifference(result.waits, reference.waits)).toBeLessThan(1e-6);
    expect(rounded(result.overall)).toEqual(rounded(reference.overall));
    expect(result.erlangC).toEqual({ omitted: 'traffic.0 has lognormal handle times, not exponential ones' });
  }, 30_000);
});
