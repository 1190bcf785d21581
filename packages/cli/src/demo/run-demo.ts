import { type MetricsSnapshot, VirtualClock } from '@contactmesh/core';
import type { Io } from '../io.js';
import type { DemoOptions } from './demo-options.js';
import { describeScenario } from './describe-scenario.js';
import { londonScenario } from './london-scenario.js';
import { runOneCentre } from './run-one-centre.js';
import { type Scenario, skillsetsOf } from './scenario.js';
import { finalSummary, summaryLine } from './summary.js';
import type { Wall } from './wall.js';

/** Real time between steps of the simulation. */
const tickMs = 100;
/** Real time between two live lines. */
const refreshMs = 1_000;
/** The most simulated time one step covers, so a very high speed still answers Ctrl-C promptly. */
const maxStepMs = 10 * 60_000;

/**
 * Runs the one-centre demo: describes it, then advances its virtual clock at `speed` × the wall's
 * time, shows a live summary about once a real second, and stops after `duration` simulated
 * seconds or at the wall's interrupt, printing the final summary (or the metrics as JSON).
 *
 * @example
 * ```ts
 * await runDemo({ seed: 1, speed: 30 }, io, realWall); // until Ctrl-C
 * ```
 */
export async function runDemo(options: DemoOptions, io: Io, wall: Wall, scenario: Scenario = londonScenario): Promise<void> {
  // With --json, stdout carries only the JSON; the running commentary goes to stderr.
  const note = options.json === true ? io.err : io.out;
  const live = options.json === true ? io.err : (io.live ?? io.out);
  const skillsets = skillsetsOf(scenario);
  const clock = new VirtualClock(0);
  const run = await runOneCentre({ clock, seed: options.seed, scenario });
  const endMs = options.duration === undefined ? Number.POSITIVE_INFINITY : options.duration * 1_000;
  note(
    [
      'contactmesh demo — one contact centre, simulated agents and Poisson traffic (the network demo, with several centres and a dashboard, comes later)',
      describeScenario(scenario),
      `seed ${options.seed}, speed ${options.speed}× (a real second is ${options.speed} simulated seconds); ` +
        (options.duration === undefined ? 'Ctrl-C stops it and prints a summary' : `stops after ${options.duration} simulated seconds`),
      '',
    ].join('\n'),
  );

  const interrupted = new AbortController();
  const stopListening = wall.onInterrupt(() => interrupted.abort());
  let metrics: MetricsSnapshot;
  try {
    const startedAt = wall.now();
    let shownAt = startedAt;
    while (!interrupted.signal.aborted && clock.now() < endMs) {
      await wall.sleep(tickMs, interrupted.signal);
      const due = Math.min(endMs, (wall.now() - startedAt) * options.speed, clock.now() + maxStepMs);
      if (due > clock.now()) await run.runUntil(due);
      if (wall.now() - shownAt >= refreshMs) {
        live(summaryLine(run.summary(), skillsets));
        shownAt = wall.now();
      }
    }
    metrics = run.summary();
  } finally {
    stopListening();
    await run.stop();
  }
  io.out(options.json === true ? JSON.stringify(metrics, null, 2) : finalSummary(metrics));
}
