import { type MetricsSnapshot, VirtualClock } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { checkScenario, londonScenario, runOneCentre, type Scenario } from '../../src/index.js';

const hour = 3_600_000;

const simulate = async (seed: number, ms: number, scenario: Scenario = londonScenario): Promise<MetricsSnapshot> => {
  const run = await runOneCentre({ clock: new VirtualClock(0), seed, scenario });
  await run.runFor(ms);
  const metrics = run.summary();
  await run.stop();
  return metrics;
};

describe('runOneCentre: simulated agents and Poisson traffic on a real centre', () => {
  it('offers, answers and handles contacts over two simulated hours, with a service level in [0, 1]', { timeout: 30_000 }, async () => {
    const { at, centre, queues } = await simulate(7, 2 * hour);
    expect(at).toBe(2 * hour);
    expect(queues.map((q) => q.queue)).toEqual(['billing', 'sales', 'support']);
    // 135 arrivals an hour on average.
    expect(centre.cumulative.offered).toBeGreaterThan(200);
    expect(centre.cumulative.offered).toBeLessThan(340);
    expect(centre.cumulative.handled).toBeGreaterThan(0.8 * centre.cumulative.offered);
    for (const figures of [centre.cumulative, ...queues.map((q) => q.cumulative)]) {
      expect(figures.serviceLevel).toBeGreaterThanOrEqual(0);
      expect(figures.serviceLevel).toBeLessThanOrEqual(1);
    }
    expect(centre.cumulative.occupancy).toBeGreaterThan(0.3);
    expect(centre.cumulative.occupancy).toBeLessThan(1);
    expect(centre.agents.loggedIn).toBe(12);
  });

  it('repeats a run exactly for the same seed, and not for another', { timeout: 30_000 }, async () => {
    const first = await simulate(11, hour / 2);
    expect(await simulate(11, hour / 2)).toEqual(first);
    expect(await simulate(12, hour / 2)).not.toEqual(first);
  });

  it('gives the same run however its time is cut into steps', { timeout: 30_000 }, async () => {
    const run = await runOneCentre({ clock: new VirtualClock(0), seed: 5 });
    for (let t = 0; t < hour / 2; t += 7_919) await run.runUntil(Math.min(t + 7_919, hour / 2));
    const stepped = run.summary();
    await run.stop();
    expect(stepped).toEqual(await simulate(5, hour / 2));
  });

  it('lets impatient customers hang up when too few agents answer', { timeout: 30_000 }, async () => {
    const understaffed: Scenario = { ...londonScenario, agents: londonScenario.agents.slice(0, 2) };
    const { centre } = await simulate(3, hour, understaffed);
    expect(centre.cumulative.abandoned).toBeGreaterThan(centre.cumulative.handled);
    expect(centre.cumulative.serviceLevel).toBeLessThan(0.5);
  });

  it('loses nobody when customers never give up, and offers a missed contact again', async () => {
    const patient: Scenario = {
      ...londonScenario,
      traffic: londonScenario.traffic.map(({ meanPatienceSeconds: _, ...traffic }) => traffic),
      answer: { ...londonScenario.answer, missChance: 0.5 },
    };
    const { centre } = await simulate(4, hour / 2, patient);
    expect(centre.cumulative.abandoned).toBe(0);
    // Every contact is answered in the end, bar those still waiting or ringing at an agent.
    expect(centre.cumulative.answered).toBeGreaterThanOrEqual(centre.cumulative.offered - centre.waiting - centre.agents.loggedIn);
    expect(centre.cumulative.answered).toBeGreaterThan(0);
  });

  it('refuses a scenario with an impossible number, naming it', () => {
    expect(() => checkScenario({ ...londonScenario, wrapUpSeconds: -1 })).toThrow(/wrapUpSeconds must be a finite number ≥ 0, got -1/);
    expect(() => checkScenario({ ...londonScenario, answer: { ...londonScenario.answer, offerTimeoutSeconds: 2 } })).toThrow(RangeError);
    expect(() => checkScenario({ ...londonScenario, agents: [] })).toThrow(/at least one agent/);
  });
});
