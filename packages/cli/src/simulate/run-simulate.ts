import { writeFile } from 'node:fs/promises';
import type { Io } from '../io.js';
import { htmlReport } from './html-report.js';
import { loadScenario } from './parse-scenario.js';
import { type ProgressSink, progressPrinter } from './progress-printer.js';
import { runSimulation, type SimulationOptions, type SimulationViolation } from './run-simulation.js';
import type { SimulationScenario } from './scenario-file.js';
import type { SimulationProperty } from './sim-invariants.js';
import { simulationJson } from './simulation-json.js';
import { summaryTable } from './summary-table.js';

/** What `contactmesh simulate` was asked to do. */
export interface SimulateOptions {
  /** Overrides the scenario file's seed. */
  readonly seed?: number;
  /** Print the figures as one JSON object on stdout. */
  readonly json?: boolean;
  /** Write a self-contained HTML report to this file. */
  readonly report?: string;
  /** Deterministic simulation testing: run this many seeds (from `seed`, else the file's), checking the invariants. */
  readonly seeds?: number;
  /** Check the invariants every this many simulated seconds (default 1 with `seeds`). */
  readonly checkEvery?: number;
}

/** Seeds that broke an invariant: `contactmesh simulate --seeds` exits 1 with it. */
export class SeedsFailed extends Error {
  constructor(readonly seeds: readonly number[]) {
    super(
      `${seeds.length} seed${seeds.length === 1 ? '' : 's'} broke an invariant: ${seeds.join(', ')} (each replays the same with --seed N --seeds 1)`,
    );
    this.name = 'SeedsFailed';
  }
}

/** What `runSimulate` writes to. */
export interface SimulateDeps {
  readonly io: Io;
  /** The progress bar's terminal (standard error). */
  readonly progress: ProgressSink;
  /** The invariants to check (default DESIGN.md §8, 1–3: `simulationInvariants`). */
  readonly properties?: readonly SimulationProperty[];
}

/**
 * `contactmesh simulate FILE`: loads and checks the scenario (a bad file throws a
 * `ScenarioError` naming every bad field), runs it with a progress bar on standard error, prints
 * the summary table (or the JSON), writes the HTML report if asked, and says on standard error how
 * fast it ran.
 *
 * @example
 * ```ts
 * await runSimulate('study.json', { json: true }, { io, progress: process.stderr });
 * ```
 */
export async function runSimulate(file: string, options: SimulateOptions, deps: SimulateDeps): Promise<void> {
  const { io } = deps;
  const loaded = await loadScenario(file);
  const scenario = options.seed === undefined ? loaded : { ...loaded, seed: options.seed };
  if (options.seeds !== undefined) {
    await runSeeds(scenario, options.seeds, { everyMs: (options.checkEvery ?? 1) * 1_000, ...properties(deps) }, options.json === true, io);
    return;
  }
  const started = performance.now();
  const result = await runSimulation(scenario, {
    onProgress: progressPrinter(deps.progress),
    ...(options.checkEvery === undefined ? {} : { check: { everyMs: options.checkEvery * 1_000, ...properties(deps) } }),
  });
  if (result.violation !== undefined) io.err(violationText(scenario.seed, result.violation));
  const wallSeconds = (performance.now() - started) / 1_000;
  const json = simulationJson(result);
  io.out(options.json === true ? JSON.stringify(json, null, 2) : summaryTable(json));
  io.err(
    `simulated ${result.contacts} contacts (${Math.round(result.simulatedSeconds)} s of simulated time, the drain included) ` +
      `in ${wallSeconds.toFixed(1)} s: ${Math.round(result.contacts / Math.max(wallSeconds, 0.001))} contacts a second`,
  );
  if (options.report !== undefined) {
    await writeFile(options.report, htmlReport(result, json), 'utf8');
    io.err(`report written to ${options.report}`);
  }
  if (result.violation !== undefined) throw new SeedsFailed([scenario.seed]);
}

type SimulationCheck = NonNullable<SimulationOptions['check']>;

const properties = (deps: SimulateDeps): { properties?: readonly SimulationProperty[] } =>
  deps.properties === undefined ? {} : { properties: deps.properties };

const clockTime = (ms: number): string => {
  const s = Math.floor(ms / 1_000);
  return `${Math.floor(s / 3_600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m${String(s % 60).padStart(2, '0')}s`;
};

function violationText(seed: number, violation: SimulationViolation): string {
  return [
    `seed ${seed}: VIOLATED at ${clockTime(violation.atMs)} of simulated time — ${violation.property}: ${violation.message}`,
    `  the network's last ${violation.trace.length} messages before it:`,
    ...violation.trace.map((line) => `    ${line}`),
  ].join('\n');
}

/**
 * Deterministic simulation testing: the scenario once per seed, the invariants checked every
 * `check.everyMs` of simulated time; a line per seed (and the broken invariant with the network's last
 * messages), a summary, and {@link SeedsFailed} when any seed broke one.
 */
async function runSeeds(scenario: SimulationScenario, count: number, check: SimulationCheck, json: boolean, io: Io): Promise<void> {
  const failed: number[] = [];
  const results: object[] = [];
  const started = performance.now();
  let contacts = 0;
  for (let i = 0; i < count; i++) {
    const seed = (scenario.seed + i) >>> 0;
    const runStarted = performance.now();
    const result = await runSimulation({ ...scenario, seed }, { check });
    contacts += result.contacts;
    const seconds = (performance.now() - runStarted) / 1_000;
    results.push({
      seed,
      contacts: result.contacts,
      checks: result.checks,
      verdict: result.violation === undefined ? 'held' : 'violated',
      ...(result.violation === undefined ? {} : { violation: result.violation }),
      problems: result.problems,
    });
    if (result.violation !== undefined) {
      failed.push(seed);
      io.err(violationText(seed, result.violation));
    } else {
      io.err(
        `seed ${seed} (${i + 1}/${count}): ${result.contacts} contacts, ${result.checks} checks, every invariant held (${seconds.toFixed(1)} s)`,
      );
    }
  }
  const wall = (performance.now() - started) / 1_000;
  const summary = `${count} seed${count === 1 ? '' : 's'}, ${contacts} contacts in ${wall.toFixed(1)} s: ${
    failed.length === 0 ? 'every invariant held in every seed' : `${failed.length} broke an invariant: ${failed.join(', ')}`
  }`;
  io.out(json ? JSON.stringify({ seeds: results, failed }, null, 2) : summary);
  if (failed.length > 0) throw new SeedsFailed(failed);
}
