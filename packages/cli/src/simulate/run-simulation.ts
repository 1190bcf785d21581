import { type Centre, VirtualClock } from '@contactmesh/core';
import type { TraceEvent } from '@contactmesh/transports/memory';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { type ErlangPrediction, erlangPrediction } from './erlang-prediction.js';
import { lineSeeds, startPoissonTraffic } from './poisson-traffic.js';
import type { SimulationScenario } from './scenario-file.js';
import { type SimulatedNetwork, type SimulationProperty, simulationInvariants } from './sim-invariants.js';
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
  /**
   * Check invariants while the run goes (deterministic simulation testing): every `everyMs` of
   * simulated time (default 1,000), `properties` (default DESIGN.md §8 invariants 1–3) over every
   * centre; the run stops at the first one broken and says so in `violation`.
   */
  readonly check?: {
    readonly everyMs?: number;
    readonly properties?: readonly SimulationProperty[];
    /** Messages of the network kept for a broken run's report (the last ones); default 40. */
    readonly traceLength?: number;
  };
}

/** An invariant a run broke: when, which, what, and the network's last messages before it. */
export interface SimulationViolation {
  /** Simulated ms: the check that found it (the fault is at most `everyMs` older). */
  readonly atMs: number;
  readonly property: string;
  readonly message: string;
  /** The last messages between participants, oldest first (`12.500s deliver london→paris cm/sim/…`). */
  readonly trace: readonly string[];
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
  /** With `check`: the first invariant broken (the run stopped there); `undefined`: every check held. */
  readonly violation?: SimulationViolation;
  /** With `check`: how many times the invariants were checked. */
  readonly checks: number;
}

// A status topic names its contact by the hash of the customer's token, which comes from the
// system's cryptographic source, never from the seed: the trace shows `{token}` instead, so a
// seed's trace is the same on every run.
const traceLine = (event: TraceEvent): string => {
  const at = `${(event.at / 1_000).toFixed(3)}s`;
  if (!('topic' in event)) return `${at} ${event.kind} ${event.from}`;
  const topic = event.topic.replace(/\/status\/[0-9a-f]{64}$/, '/status/{token}');
  return `${at} ${event.kind} ${event.from}${event.to === undefined ? '' : `→${event.to}`} ${topic}`;
};

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
  const check = options.check;
  const traceLength = check?.traceLength ?? 40;
  // The hub's trace is for a broken run's report; a run that checks nothing would only pay for it.
  const hub = createMemoryHub({
    clock,
    seed: scenario.seed,
    traceLimit: check === undefined ? 1 : traceLength,
    ...(scenario.faults === undefined ? {} : { faults: { default: scenario.faults } }),
  });
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
  const arrived = new Map<string, string>();
  const outcomes = new Map<string, string[]>();
  for (const [id, centre] of centres) {
    centre.events$.subscribe((event) => {
      if ((event.type === 'actor.failed' || event.type === 'effect.failed' || event.type === 'adapter.failed') && problems.length < 10) {
        problems.push(`${id}: ${event.type}: ${'reason' in event ? event.reason : ''}`);
      }
      if (check !== undefined && event.type === 'contact.outcome')
        outcomes.set(event.contact, [...(outcomes.get(event.contact) ?? []), event.outcome]);
    });
  }
  // Each call is noted as it arrives, for "nothing lost": the switch takes it from there.
  const traffic = {
    call: (...args: Parameters<typeof acd.call>) => {
      if (check !== undefined) arrived.set(args[1].id, args[0]);
      acd.call(...args);
    },
  };
  const network: SimulatedNetwork = {
    centres,
    arrived,
    outcomes,
    get now() {
      return clock.now();
    },
  };
  const properties = check?.properties ?? simulationInvariants;
  const everyMs = Math.max(1, Math.floor(check?.everyMs ?? 1_000));
  let violation: SimulationViolation | undefined;
  let checks = 0;
  /** Moves time to `time`: at once without checks; with them, `everyMs` at a time, checking after each, until one breaks. */
  const advanceTo = (time: number): void => {
    if (check === undefined) {
      clock.advanceTo(time);
      return;
    }
    while (violation === undefined && clock.now() < time) {
      clock.advanceTo(Math.min(time, clock.now() + everyMs));
      checks += 1;
      for (const property of properties) {
        const message = property.check(network);
        if (message === undefined) continue;
        violation = { atMs: clock.now(), property: property.name, message, trace: hub.trace().map(traceLine) };
        break;
      }
    }
  };
  const report = (phase: SimulationProgress['phase']) =>
    options.onProgress?.({ doneMs: Math.min(clock.now(), totalMs), totalMs, contacts: tally.arrivals, phase });
  try {
    for (const centre of centres.values()) await centre.start();
    staffCentres(scenario, centres);
    const seeds = lineSeeds(scenario);
    for (const [index, line] of scenario.traffic.entries()) {
      startPoissonTraffic({ clock, acd: traffic, line, index, seed: seeds[index] ?? 0, untilMs: totalMs });
    }
    const steps = Math.max(1, Math.floor(options.steps ?? 100));
    for (let step = 1; step <= steps && violation === undefined; step++) {
      advanceTo(Math.round((totalMs * step) / steps));
      report('running');
    }
    const drainUntil = totalMs + (options.maxDrainMs ?? 86_400_000);
    while (violation === undefined && tally.waitingMeasured > 0 && clock.now() < drainUntil) {
      advanceTo(Math.min(drainUntil, clock.now() + drainStepMs));
      report('draining');
    }
    // Calls still talking end as planned; only their handling counts are still to come.
    while (violation === undefined && acd.live > 0 && tally.waitingMeasured === 0 && clock.now() < drainUntil) {
      advanceTo(Math.min(drainUntil, clock.now() + drainStepMs));
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
    ...(violation === undefined ? {} : { violation }),
    checks,
  };
}
