import {
  type Centre,
  createCentre,
  createRandom,
  type MetricsSnapshot,
  type Random,
  sequentialIds,
  type VirtualClock,
} from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { londonScenario } from './london-scenario.js';
import { checkScenario, type Scenario, skillsetsOf } from './scenario.js';
import { createSimulatedAcd } from './simulated-acd.js';
import { startTraffic } from './traffic.js';

/** Options of {@link runOneCentre}. */
export interface OneCentreOptions {
  /** The simulation's time; nothing moves until the run is told to. */
  readonly clock: VirtualClock;
  /** Every random draw comes from this seed: the same seed and scenario give the same run. */
  readonly seed: number;
  /** Default {@link londonScenario}. */
  readonly scenario?: Scenario;
}

/** A running one-centre simulation. */
export interface OneCentreRun {
  /** The real centre being driven (the same `createCentre` an ACD embeds). */
  readonly centre: Centre;
  readonly scenario: Scenario;
  /** Runs the simulation up to virtual time `time` (ms). */
  runUntil(time: number): Promise<void>;
  /** Runs the simulation for `ms` more virtual milliseconds. */
  runFor(ms: number): Promise<void>;
  /** The centre's metrics now. */
  summary(): MetricsSnapshot;
  /** Stops the traffic and the centre. */
  stop(): Promise<void>;
}

/**
 * Starts one centre on the memory transport, logs the scenario's agents in and starts its traffic.
 * Time moves only through `runUntil`/`runFor`, so a test runs hours in milliseconds and the live
 * demo paces the same clock by real time.
 *
 * @example
 * ```ts
 * const run = await runOneCentre({ clock: new VirtualClock(0), seed: 42 });
 * await run.runFor(2 * 3_600_000);
 * run.summary().centre.cumulative.serviceLevel; // e.g. 0.83
 * await run.stop();
 * ```
 */
export async function runOneCentre(options: OneCentreOptions): Promise<OneCentreRun> {
  const { clock, seed } = options;
  const scenario = checkScenario(options.scenario ?? londonScenario);
  // Separate streams keep one part of the run from shifting another's draws.
  const root = createRandom(seed);
  const stream = (): Random => createRandom(root.int(0, 0x7fffffff));
  const wrapUpMs = scenario.wrapUpSeconds * 1_000;

  let centre: Centre | undefined;
  const acd = createSimulatedAcd({
    clock,
    random: stream(),
    answer: scenario.answer,
    wrapUpMs,
    centre: () => {
      if (centre === undefined) throw new Error('The simulated ACD was used before its centre was created.');
      return centre;
    },
  });
  centre = createCentre({
    id: scenario.centre,
    network: scenario.network,
    transport: createMemoryHub({ clock, seed }).transport(scenario.centre),
    clock,
    ids: sequentialIds(`${scenario.centre}.sim`),
    adapter: acd.adapter,
    policies: {
      agent: { wrapUpMs, offerTimeoutMs: scenario.answer.offerTimeoutSeconds * 1_000 },
      // The ACD reports the end of wrap-up itself; the centre's own limit is only a fallback.
      contact: { skillsets: skillsetsOf(scenario), wrapUpMs: wrapUpMs + 30_000 },
    },
    metrics: { centre: scenario.centre, serviceLevelSeconds: scenario.serviceLevelSeconds },
  });
  const started = centre;
  started.events$.subscribe((event) => {
    if (event.type === 'contact.outcome') acd.forget(event.contact);
  });
  await started.start();
  for (const agent of scenario.agents) {
    started.agents.login(agent.id, { displayName: agent.displayName, skills: agent.skills });
    started.agents.ready(agent.id);
  }
  const stops = scenario.traffic.map((traffic) => startTraffic({ clock, random: stream(), traffic, acd }));

  return {
    centre: started,
    scenario,
    async runUntil(time) {
      clock.advanceTo(time);
    },
    async runFor(ms) {
      clock.advanceTo(clock.now() + ms);
    },
    summary: () => started.metrics(),
    async stop() {
      for (const stop of stops) stop();
      await started.stop();
    },
  };
}
