import { writeFile } from 'node:fs/promises';
import type { Io } from '../io.js';
import { htmlReport } from './html-report.js';
import { loadScenario } from './parse-scenario.js';
import { type ProgressSink, progressPrinter } from './progress-printer.js';
import { runSimulation } from './run-simulation.js';
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
}

/** What `runSimulate` writes to. */
export interface SimulateDeps {
  readonly io: Io;
  /** The progress bar's terminal (standard error). */
  readonly progress: ProgressSink;
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
  const started = performance.now();
  const result = await runSimulation(scenario, { onProgress: progressPrinter(deps.progress) });
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
}
