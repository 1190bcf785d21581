import { parseScenario } from '../packages/cli/src/simulate/parse-scenario.js';
import { runReferenceQueue } from '../packages/cli/src/simulate/reference-queue.js';
import { runSimulation } from '../packages/cli/src/simulate/run-simulation.js';
import type { Routing, SimulationScenario } from '../packages/cli/src/simulate/scenario-file.js';
import { record } from './results.js';
import { ratio, table } from './table.js';

// Simulated contacts per second of wall time, `contactmesh simulate` on its three routings: three
// centres of 10 agents, 150 calls an hour each (ρ = 0.75), the production centres and statecharts
// on the memory hub and a virtual clock. Against the bare baseline doing the same event work: the
// reference queue (the same Poisson arrivals and handle times, first come first served, on a plain
// binary heap, no statecharts) — for auction routing, the pooled queue. Target: >= 10,000 contacts/s.

const target = 10_000;

export interface SimulatorSpeedOptions {
  /** Simulated hours per run. */
  readonly hours: number;
  readonly routings: readonly Routing[];
  readonly log: (line: string) => void;
}

function scenarioFor(routing: Routing, hours: number): SimulationScenario {
  const ids = ['london', 'paris', 'madrid'];
  return parseScenario(
    {
      seed: 1,
      durationSeconds: hours * 3_600,
      warmupSeconds: 0,
      routing,
      centres: ids.map((id) => ({ id, agents: [{ count: 10, skills: { billing: 5 } }] })),
      traffic: ids.map((centre) => ({ centre, skillset: 'billing', perHour: 150, handleSeconds: { mean: 180 } })),
    },
    'bench',
  );
}

/** The reference queue's contacts per second, over runs of the same scenario (new seeds) adding up to at least `minMs`. */
function baseline(scenario: SimulationScenario, minMs = 300): number {
  let contacts = 0;
  let seed = 0;
  const started = performance.now();
  while (performance.now() - started < minMs) contacts += runReferenceQueue({ ...scenario, seed: ++seed }).contacts;
  return contacts / ((performance.now() - started) / 1_000);
}

/**
 * Runs each routing once (after a short warm-up run), then its baseline, and reports contacts per
 * second of wall time and of CPU time.
 *
 * @example
 * ```ts
 * console.log(await simulatorSpeed({ hours: 2, routings: ['isolated', 'network', 'auction'], log: console.error }));
 * ```
 */
export async function simulatorSpeed(options: SimulatorSpeedOptions): Promise<string> {
  options.log(`simulator-speed: ${options.hours} simulated hours of 3 centres × 10 agents × 150 calls an hour, per routing`);
  await runSimulation(scenarioFor('isolated', 0.25));
  const rows: string[][] = [];
  for (const routing of options.routings) {
    const scenario = scenarioFor(routing, options.hours);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await runSimulation(scenario);
    const seconds = (performance.now() - started) / 1_000;
    const used = process.cpuUsage(cpu);
    const ours = result.contacts / seconds;
    const perCpu = result.contacts / ((used.user + used.system) / 1e6);
    const bare = baseline(routing === 'auction' ? { ...scenario, routing: 'network' } : scenario);
    options.log(`  ${routing}: ${result.contacts} contacts in ${seconds.toFixed(1)} s`);
    record({
      name: `simulated contacts per second, ${routing} routing (vs the reference queue, same calls)`,
      unit: 'contacts/s',
      ours,
      baseline: bare,
      target: `>= ${target.toLocaleString('en')} contacts/s`,
      met: ours >= target,
    });
    rows.push([
      routing,
      String(result.contacts),
      ours.toFixed(0),
      perCpu.toFixed(0),
      bare.toFixed(0),
      ratio(bare / ours),
      ours >= target ? 'met' : `missed ${ratio(target / ours)}`,
    ]);
  }
  return [
    '',
    `contactmesh simulate: contacts per second of wall time (${options.hours} simulated hours, 3 centres × 10 agents)`,
    table(
      ['routing', 'contacts', 'contacts / s', '/ CPU s', 'reference / s', 'reference ÷ ours', `>= ${target.toLocaleString('en')}`],
      rows,
    ),
  ].join('\n');
}
