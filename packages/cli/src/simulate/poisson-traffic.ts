import { type Clock, createRandom, type Random } from '@contactmesh/core';
import { exponential } from '../demo/draws.js';
import { drawHandleSeconds } from './handle-draws.js';
import type { SimulationScenario } from './scenario-file.js';
import type { SimulatedSwitch } from './simulated-switch.js';

type TrafficLine = SimulationScenario['traffic'][number];

/** The draws of one traffic line, call after call. */
export interface TrafficDraws {
  /** The time from the previous arrival (or the start) to the next, ms. */
  gapMs(): number;
  /** The next call's handle time, ms. */
  handleMs(): number;
  /** The next call's patience, ms; `undefined` when customers never hang up. */
  patienceMs(): number | undefined;
}

/**
 * The random draws of a traffic line: exponential gaps, handle times by the line's law, and
 * exponential patience, each from a stream of its own seeded from `seed`. Separate streams mean
 * that two runs of one scenario that differ only in routing (or patience, or staffing) meet exactly
 * the same calls — a what-if compares like with like — and that the reference queue
 * (`runReferenceQueue`) meets the same calls as the centres.
 *
 * @example
 * ```ts
 * const draws = trafficDraws(line, 7);
 * const firstArrivalMs = draws.gapMs();
 * ```
 */
export function trafficDraws(line: TrafficLine, seed: number): TrafficDraws {
  const root = createRandom(seed);
  const stream = (): Random => createRandom(root.int(0, 0x7fffffff));
  const gaps = stream();
  const handles = stream();
  const patience = stream();
  const meanGapMs = 3_600_000 / line.perHour;
  return {
    gapMs: () => exponential(gaps, meanGapMs),
    handleMs: () => drawHandleSeconds(handles, line.handleSeconds) * 1_000,
    patienceMs: () => (line.patienceSeconds === null ? undefined : exponential(patience, line.patienceSeconds * 1_000)),
  };
}

/**
 * The seed of each traffic line of a scenario: a new line at the end changes none of the others'.
 *
 * @example
 * ```ts
 * const draws = scenario.traffic.map((line, i) => trafficDraws(line, lineSeeds(scenario)[i] ?? 0));
 * ```
 */
export function lineSeeds(scenario: SimulationScenario): number[] {
  const seeds = createRandom(scenario.seed);
  return scenario.traffic.map(() => seeds.int(0, 0x7fffffff));
}

/** The id of call `n` (from 1) of traffic line `index`. */
export const callId = (line: TrafficLine, index: number, n: number): string => `${line.centre}-${index}-${n}`;

/**
 * Starts Poisson arrivals for one traffic line until `untilMs`, each call with the handle time and
 * patience drawn when it arrives. Returns a function that stops arrivals.
 *
 * @example
 * ```ts
 * const stop = startPoissonTraffic({ clock, acd, line: scenario.traffic[0], index: 0, seed: 7, untilMs: 8 * 3_600_000 });
 * ```
 */
export function startPoissonTraffic(options: {
  readonly clock: Clock;
  readonly acd: Pick<SimulatedSwitch, 'call'>;
  readonly line: TrafficLine;
  readonly index: number;
  readonly seed: number;
  readonly untilMs: number;
}): () => void {
  const { clock, acd, line, index, untilMs } = options;
  const draws = trafficDraws(line, options.seed);
  let count = 0;
  let next = clock.setTimer(draws.gapMs(), function arrive() {
    if (clock.now() >= untilMs) return;
    count += 1;
    const handleMs = draws.handleMs();
    const patienceMs = draws.patienceMs();
    acd.call(line.centre, { id: callId(line, index, count), skillset: line.skillset, media: line.media }, { handleMs, patienceMs });
    next = clock.setTimer(draws.gapMs(), arrive);
  });
  return () => clock.clearTimer(next);
}
