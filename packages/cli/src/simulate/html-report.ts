import { clockTime } from '../demo/format.js';
import type { SimulationResult } from './run-simulation.js';
import type { SimulationJson } from './simulation-json.js';
import { summaryTable } from './summary-table.js';
import { barChart, escapeXml, histogramBins } from './svg-charts.js';

const percent = (v: number) => `${Math.round(v * 100)}%`;
const secs = (v: number) => `${Math.round(v * 10) / 10} s`;

const style = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 760px; color: #1d2330; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
pre { background: #f3f5f8; padding: .75rem; overflow-x: auto; font-size: 11px; }
svg { width: 100%; height: auto; display: block; margin: .5rem 0; }
svg .title { font-weight: 600; font-size: 14px; fill: #1d2330; }
svg .axis, svg .value { font-size: 11px; fill: #4a5263; }
svg .grid { stroke: #e2e6ec; stroke-width: 1; }
svg .bar { fill: #2f6fdf; } svg .bar.muted { fill: #b9c4d6; }
svg .reference { stroke: #d9480f; stroke-width: 3; }
svg .divider { stroke: #d9480f; stroke-width: 1.5; stroke-dasharray: 4 3; }
.note { color: #4a5263; font-size: 13px; }
`;

/**
 * The HTML report of a run: one self-contained page (inline CSS and SVG, no script, no external
 * resource) with the summary table, the service level per hour of the day, the distribution of
 * waits and a comparison of the centres, each beside Erlang C where it applies.
 *
 * @example
 * ```ts
 * await writeFile('report.html', htmlReport(result, simulationJson(result)));
 * ```
 */
export function htmlReport(result: SimulationResult, json: SimulationJson): string {
  const { scenario } = result;
  const erlang = 'omitted' in result.erlangC ? undefined : result.erlangC;
  const target = scenario.serviceLevelSeconds;
  const hours = barChart(
    result.hours.map((h) => ({
      label: String(h.hour),
      value: h.serviceLevel,
      muted: h.warmup,
      reference: erlang?.overall.serviceLevel,
      title: `hour ${h.hour}${h.warmup ? ' (warm-up)' : ''}: ${h.offered} offered, service level ${h.serviceLevel === null ? '–' : percent(h.serviceLevel)}`,
    })),
    { title: `Service level (answered within ${target} s) by hour of arrival`, max: 1, format: percent, referenceName: 'Erlang C' },
  );
  const bins = histogramBins(result.waits);
  const divider = bins.findIndex((b) => b.from >= target);
  const atOnce = result.waits.filter((w) => w <= 0).length;
  const waits = barChart(
    bins.map((b) => ({ label: b.label, value: b.value, title: `wait ${b.label} s: ${b.value} contacts` })),
    {
      title: `Waits of the ${result.waits.length - atOnce} answered contacts that waited (seconds)`,
      max: Math.max(1, ...bins.map((b) => b.value)),
      format: (v) => String(Math.round(v)),
      ...(divider > 0 ? { divider: { index: divider, caption: `${target} s` } } : {}),
    },
  );
  const by = (pick: (c: SimulationJson['centres'][number]) => number | null, ref: (c: string) => number | undefined) =>
    [...json.centres.map((c) => ({ c, name: c.centre })), { c: { ...json.overall, centre: '' }, name: 'network' }].map(({ c, name }) => ({
      label: name,
      value: pick(c),
      reference: name === 'network' ? ref('') : ref(name),
    }));
  const erlangOf = (centre: string) => (centre === '' ? erlang?.overall : erlang?.centres[centre]);
  const asaMax = Math.max(1, ...json.centres.map((c) => c.averageSpeedOfAnswer ?? 0), erlang?.overall.averageSpeedOfAnswer ?? 0);
  const comparison = [
    barChart(
      by(
        (c) => c.serviceLevel,
        (c) => erlangOf(c)?.serviceLevel,
      ),
      { title: `Service level by centre (within ${target} s)`, max: 1, format: percent, labelValues: true, referenceName: 'Erlang C' },
    ),
    barChart(
      by(
        (c) => c.averageSpeedOfAnswer,
        (c) => erlangOf(c)?.averageSpeedOfAnswer,
      ),
      { title: 'Average speed of answer by centre', max: asaMax * 1.15, format: secs, labelValues: true, referenceName: 'Erlang C' },
    ),
    barChart(
      by(
        (c) => c.occupancy,
        () => undefined,
      ),
      { title: 'Agent occupancy by centre', max: 1, format: percent, labelValues: true },
    ),
  ];
  const note =
    erlang === undefined
      ? `Erlang C is not shown: ${'omitted' in result.erlangC ? result.erlangC.omitted : ''}.`
      : `The orange marks are Erlang C's prediction (${erlang.model === 'pooled' ? 'one pooled queue of every centre' : 'one queue per centre'}).`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>contactmesh simulation: ${escapeXml(scenario.routing)} routing, seed ${scenario.seed}</title>
<style>${style}</style>
</head>
<body>
<h1>contactmesh simulation</h1>
<p>${escapeXml(scenario.routing)} routing over ${scenario.centres.length} centre${scenario.centres.length === 1 ? '' : 's'}, ${clockTime(scenario.durationSeconds * 1_000)} simulated with seed ${scenario.seed}; figures count the ${json.overall.offered} contacts offered after the ${clockTime(scenario.warmupSeconds * 1_000)} warm-up (${result.contacts} arrived in all). Service level: answered within ${target} s, of those offered.</p>
<pre>${escapeXml(summaryTable(json))}</pre>
<h2>Service level over the day</h2>
${hours}
<p class="note">Each bar counts the contacts that arrived in that hour; grey bars are (partly) warm-up. ${escapeXml(note)}</p>
<h2>Waits</h2>
${waits}
<p class="note">${atOnce} of the ${result.waits.length} answered contacts (${result.waits.length === 0 ? '–' : percent(atOnce / result.waits.length)}) were answered at once and are not drawn. The dashed line is the service-level threshold (${target} s).</p>
<h2>Centres compared</h2>
${comparison.join('\n')}
<p class="note">Figures by the centre where contacts arrived; occupancy by the agents' home centre. ${escapeXml(note)}</p>
</body>
</html>
`;
}
