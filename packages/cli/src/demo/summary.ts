import type { MetricsSnapshot } from '@contactmesh/core';
import { clockTime, percent, seconds } from './format.js';

/**
 * The live one-line view of a centre: simulated time, who waits where, what agents do, and the
 * figures since the start. `skillsets` are shown even before their first contact.
 *
 * @example
 * ```ts
 * summaryLine(centre.metrics(), ['billing', 'sales', 'support']);
 * // '00:12:30  waiting billing 2 · sales 0 · support 1 | agents 7 busy · 4 idle · 1 not ready | SL 84% · ASA 9s | offered 130 · handled 118 · abandoned 4'
 * ```
 */
export function summaryLine(metrics: MetricsSnapshot, skillsets: readonly string[] = []): string {
  const { agents, cumulative } = metrics.centre;
  const names = [...new Set([...skillsets, ...metrics.queues.map((q) => q.queue)])];
  const waiting = names.map((name) => `${name} ${metrics.queues.find((q) => q.queue === name)?.waiting ?? 0}`).join(' · ');
  return [
    `${clockTime(metrics.at)}  waiting ${waiting}`,
    `agents ${agents.busy} busy · ${agents.staffed - agents.busy} idle · ${agents.loggedIn - agents.staffed} not ready`,
    `SL ${percent(cumulative.serviceLevel)} · ASA ${seconds(cumulative.averageSpeedOfAnswerSeconds)}`,
    `offered ${cumulative.offered} · handled ${cumulative.handled} · abandoned ${cumulative.abandoned}`,
  ].join(' | ');
}

/**
 * The closing table: per queue and for the centre, from the start of the run.
 *
 * @example
 * ```ts
 * io.out(finalSummary(run.summary()));
 * ```
 */
export function finalSummary(metrics: MetricsSnapshot): string {
  const header = ['', 'offered', 'answered', 'handled', 'abandoned', 'SL', 'ASA', 'AHT'];
  const rows = [
    ...metrics.queues.map((q) => ({ name: q.queue, figures: q.cumulative })),
    { name: 'centre', figures: metrics.centre.cumulative },
  ].map(({ name, figures }) => [
    name,
    String(figures.offered),
    String(figures.answered),
    String(figures.handled),
    String(figures.abandoned),
    percent(figures.serviceLevel),
    seconds(figures.averageSpeedOfAnswerSeconds),
    seconds(figures.averageHandleSeconds),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const { agents, cumulative } = metrics.centre;
  return [
    `Final summary after ${clockTime(metrics.at)} of simulated time:`,
    line(header),
    ...rows.map(line),
    `agents: ${agents.loggedIn} logged in, occupancy ${percent(cumulative.occupancy)}; still waiting: ${metrics.centre.waiting}`,
  ].join('\n');
}
