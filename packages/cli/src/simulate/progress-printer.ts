import { clockTime } from '../demo/format.js';
import type { SimulationProgress } from './run-simulation.js';

/** Where progress goes: standard error, or a test's capture. */
export interface ProgressSink {
  /** A terminal: the bar is redrawn in place with `\r`. Otherwise one line every 10 %. */
  readonly isTTY: boolean;
  write(text: string): void;
}

const barWidth = 30;

/**
 * A progress bar of simulated time done over the scenario's duration. On a terminal it is one
 * line redrawn at every report; elsewhere (a log, a CI job, a pipe) it is a line at every 10 %,
 * so a log shows ten lines, and one more while the last contacts are drained.
 *
 * @example
 * ```ts
 * await runSimulation(scenario, { onProgress: progressPrinter(process.stderr) });
 * ```
 */
export function progressPrinter(sink: ProgressSink): (progress: SimulationProgress) => void {
  let lastTenth = 0;
  let drained = false;
  return ({ doneMs, totalMs, contacts, phase }) => {
    const share = totalMs > 0 ? Math.min(1, doneMs / totalMs) : 1;
    const percent = Math.floor(share * 100);
    const where = `${clockTime(doneMs)} of ${clockTime(totalMs)} simulated, ${contacts} contacts`;
    const state = phase === 'draining' ? ' — draining: no more arrivals, waiting for the last answers' : '';
    if (sink.isTTY) {
      const filled = Math.round(share * barWidth);
      sink.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${String(percent).padStart(3)}% ${where}${state}`);
      if (phase === 'done') sink.write('\n');
      return;
    }
    const tenth = Math.floor(percent / 10);
    if (phase === 'running' && tenth > lastTenth) {
      lastTenth = tenth;
      sink.write(`simulate: ${percent}% (${where})\n`);
    }
    if (phase === 'draining' && !drained) {
      drained = true;
      sink.write(`simulate: ${where}${state}\n`);
    }
  };
}
