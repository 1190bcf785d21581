import { type Centre, VirtualClock } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { type ErlangPrediction, erlangPrediction } from './erlang-prediction.js';
import { lineSeeds, startPoissonTraffic } from './poisson-traffic.js';
import type { SimulationScenario } from './scenario-file.js';
import { createSimulatedSwitch } from './simulated-switch.js';
import { simulationCentres, staffCentres } from './simulation-centres.js';
import { type HourFigures, type SimulatedFigures, SimulationTally } from './simulation-tally.js';

/** Where a run is, for a progress bar. */
export interface SimulationProgress {
  /** Simulated ms done, of `totalMs` (the scenario's duration; the drain after it is not counted). */
  readonly doneMs: number;
  readonly totalMs: number;
  /** Contacts that arrived so far. */
  readonly contacts: number;
  /** `running` until the end of the scenario, then `draining` while measured contacts still wait, then `done`. */
  readonly phase: 'running' | 'draining' | 'done';
}

/** Options of {@link runSimulation}. */
export interface SimulationOptions {
  /** Called after each step of simulated time (and once at the end). */
  readonly onProgress?: (progress: SimulationProgress) => void;
  /** Steps the duration is cut into for progress reports; default 100. */
  readonly steps?: number;
  /** Longest drain after the end, ms of simulated time; default 24 hours. */
  readonly maxDrainMs?: number;
}

type Figures = SimulatedFigures & { readonly answeredElsewhere: number };

/** What a simulation found (docs/simulation.md, Output). */
export interface SimulationResult {
  readonly scenario: SimulationScenario;
  readonly overall: Figures;
  readonly centres: readonly (Figures & { readonly centre: string })[];
  readonly erlangC: ErlangPrediction;
  readonly hours: readonly HourFigures[];
  /** Waits (seconds) of the measured contacts that were answered. */
  readonly waits: readonly number[];
  /** Every contact that arrived, warm-up included. */
  readonly contacts: number;
  /** Measured contacts still waiting when the drain gave up (0 in any run that can clear its queue). */
  readonly unfinished: number;
  /** Simulated seconds in all, the drain included. */
  readonly simulatedSeconds: number;
  /** Failures the centres reported (`actor.failed`, `effect.failed`, `adapter.failed`), or reports they refused unexpectedly: a sound run has none. */
  readonly problems: readonly string[];
}

const drainStepMs = 60_000;

/**
 * Runs a scenario: the real centres (`createCentre`, the production statecharts) on the memory hub
 * and one `VirtualClock`, Poisson traffic through a simulated switch, until the scenario's end; then
 * a drain without new arrivals until every contact that arrived has been answered or abandoned (so
 * each measured contact's wait is complete). The same scenario and seed give the same result.
 *
 * @example
 * ```ts
 * const result = await runSimulation(scenario, { onProgress: (p) => bar.update(p.doneMs / p.totalMs) });
 * result.overall.serviceLevel; // e.g. 0.82
 * ```
 */
export async function runSimulation(scenario: SimulationScenario, options: SimulationOptions = {}): Promise<SimulationResult> {
  const clock = new VirtualClock(0);
  // The hub's trace is for debugging tests; a long run would only pay for it.
  const hub = createMemoryHub({ clock, seed: scenario.seed, traceLimit: 1 });
  const totalMs = scenario.durationSeconds * 1_000;
  const tally = new SimulationTally({
    centres: scenario.centres.map((c) => c.id),
    agents: scenario.centres.map((c) => c.agents.reduce((n, g) => n + g.count, 0)),
    fromMs: scenario.warmupSeconds * 1_000,
    toMs: totalMs,
    targetMs: scenario.serviceLevelSeconds * 1_000,
  });
  let centres = new Map<string, Centre>();
  const centreOf = (id: string): Centre => {
    const centre = centres.get(id);
    if (centre === undefined) throw new Error(`The simulation has no centre ${id}.`);
    return centre;
  };
  const acd = createSimulatedSwitch({
    clock,
    centre: centreOf,
    tally,
    answerDelayMs: scenario.answerDelaySeconds * 1_000,
    wrapUpMs: scenario.wrapUpSeconds * 1_000,
  });
  centres = simulationCentres({ scenario, clock, hub, acd });
  const problems: string[] = [];
  for (const [id, centre] of centres) {
    centre.events$.subscribe((event) => {
      if ((event.type === 'actor.failed' || event.type === 'effect.failed' || event.type === 'adapter.failed') && problems.length < 10) {
        problems.push(`${id}: ${event.type}: ${'reason' in event ? event.reason : ''}`);
      }
    });
  }
  const report = (phase: SimulationProgress['phase']) =>
    options.onProgress?.({ doneMs: Math.min(clock.now(), totalMs), totalMs, contacts: tally.arrivals, phase });
  try {
    for (const centre of centres.values()) await centre.start();
    staffCentres(scenario, centres);
    const seeds = lineSeeds(scenario);
    for (const [index, line] of scenario.traffic.entries()) {
      startPoissonTraffic({ clock, acd, line, index, seed: seeds[index] ?? 0, untilMs: totalMs });
    }
    const steps = Math.max(1, Math.floor(options.steps ?? 100));
    for (let step = 1; step <= steps; step++) {
      clock.advanceTo(Math.round((totalMs * step) / steps));
      report('running');
    }
    const drainUntil = totalMs + (options.maxDrainMs ?? 86_400_000);
    while (tally.waitingMeasured > 0 && clock.now() < drainUntil) {
      clock.advanceTo(Math.min(drainUntil, clock.now() + drainStepMs));
      report('draining');
    }
    // Calls still talking end as planned; only their handling counts are still to come.
    while (acd.live > 0 && tally.waitingMeasured === 0 && clock.now() < drainUntil) {
      clock.advanceTo(Math.min(drainUntil, clock.now() + drainStepMs));
    }
    report('done');
  } finally {
    for (const centre of centres.values()) await centre.stop();
  }
  if (acd.surprise !== undefined) problems.push(`a centre refused a report of the switch: ${acd.surprise}`);

  const { overall, centres: perCentre } = tally.figures();
  return {
    scenario,
    overall,
    centres: perCentre,
    erlangC: erlangPrediction(scenario),
    hours: tally.hours(),
    waits: tally.waits(),
    contacts: tally.arrivals,
    unfinished: tally.waitingMeasured,
    simulatedSeconds: clock.now() / 1_000,
    problems,
  };
}
