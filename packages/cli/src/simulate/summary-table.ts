import { clockTime } from '../demo/format.js';
import type { SimulationJson } from './simulation-json.js';

const percent = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${(n * 100).toFixed(1)}%`);
const secs = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${n.toFixed(1)} s`);

/**
 * The human summary: a line saying what ran, one row per centre and one for the network, with the
 * Erlang C prediction in the last two columns (or the reason there is none).
 *
 * @example
 * ```ts
 * io.out(summaryTable(simulationJson(result)));
 * ```
 */
export function summaryTable(json: SimulationJson): string {
  const withErlang = !('omitted' in json.erlangC);
  const header = ['', 'offered', 'answered', 'abandoned', `SL ${json.serviceLevelSeconds} s`, 'ASA', 'occupancy'];
  if (json.routing !== 'isolated') header.push('elsewhere');
  if (withErlang) header.push('Erlang C SL', 'Erlang C ASA');
  const rows = [...json.centres.map((c) => ({ name: c.centre, f: c })), { name: 'network', f: json.overall }].map(({ name, f }) => {
    const row = [name, String(f.offered), String(f.answered), String(f.abandoned), percent(f.serviceLevel), secs(f.averageSpeedOfAnswer)];
    row.push(percent(f.occupancy));
    if (json.routing !== 'isolated') row.push(String(f.answeredElsewhere));
    if (withErlang) row.push(percent(f.erlangC?.serviceLevel), secs(f.erlangC?.averageSpeedOfAnswer));
    return row;
  });
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const centres = json.centres.length === 1 ? '1 centre' : `${json.centres.length} centres`;
  const erlang =
    'omitted' in json.erlangC
      ? `Erlang C: not shown — ${json.erlangC.omitted}.`
      : json.erlangC.model === 'pooled'
        ? `Erlang C: one M/M/${json.erlangC.agents} queue for every centre together, offered ${json.erlangC.offeredLoad} Erlangs.`
        : `Erlang C: one M/M/N queue per centre (N its agents); ${json.erlangC.agents} agents and ${json.erlangC.offeredLoad} Erlangs in all.`;
  return [
    `Simulated ${clockTime(json.durationSeconds * 1_000)} of ${json.routing} routing over ${centres} (seed ${json.seed}).`,
    `Figures of the contacts offered after the ${clockTime(json.warmupSeconds * 1_000)} warm-up:`,
    line(header),
    ...rows.map(line),
    erlang,
    ...(json.unfinished > 0
      ? [`${json.unfinished} contacts were still waiting when the drain stopped; they count as offered and not answered.`]
      : []),
    ...json.problems.map((problem) => `problem: ${problem}`),
  ].join('\n');
}
