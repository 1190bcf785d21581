// Small inline SVG charts for the HTML report: no script, no external resource, text escaped.

/** One bar: its label under the axis, its value, and optionally a reference mark (e.g. Erlang C). */
export interface Bar {
  readonly label: string;
  readonly value: number | null;
  readonly reference?: number | undefined;
  /** Drawn lighter (e.g. a warm-up hour, outside the measured figures). */
  readonly muted?: boolean;
  /** A tooltip. */
  readonly title?: string;
}

/** How a bar chart is drawn. */
export interface BarChartOptions {
  readonly title: string;
  /** The top of the value axis (the bars' values are clipped to it). */
  readonly max: number;
  /** How values are written on the axis and above the bars. */
  readonly format: (value: number) => string;
  /** Write each bar's value above it (for a few bars). */
  readonly labelValues?: boolean;
  /** What the reference marks mean, for the legend. */
  readonly referenceName?: string;
  /** A dashed vertical line before bar `index` (a threshold between histogram bins), with a caption. */
  readonly divider?: { readonly index: number; readonly caption: string };
}

const width = 720;
const height = 280;
const margin = { top: 36, right: 16, bottom: 48, left: 56 };

/**
 * Escapes text for HTML and SVG (element content and attribute values).
 *
 * @example
 * ```ts
 * escapeXml('<b> & "c"'); // '&lt;b&gt; &amp; &quot;c&quot;'
 * ```
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}

const n = (value: number) => String(Math.round(value * 10) / 10);

/**
 * A bar chart as an `<svg>` element with a title, a value axis with four grid lines, one bar per
 * item (a reference tick over it where given) and labels thinned out so they never overlap.
 *
 * @example
 * ```ts
 * barChart([{ label: 'london', value: 0.81, reference: 0.77 }], { title: 'Service level', max: 1, format: (v) => `${Math.round(v * 100)}%` });
 * ```
 */
export function barChart(bars: readonly Bar[], options: BarChartOptions): string {
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const max = niceCeiling(options.max);
  const y = (value: number) => margin.top + plotH - (Math.min(value, max) / max) * plotH;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(1, slot * 0.7);
  const every = Math.max(1, Math.ceil(bars.length / Math.floor(plotW / 44)));
  const parts: string[] = [
    `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}">`,
    `<text x="${margin.left}" y="20" class="title">${escapeXml(options.title)}</text>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const value = (max * k) / 4;
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${n(y(value))}" y2="${n(y(value))}" class="grid"/>`,
      `<text x="${margin.left - 6}" y="${n(y(value) + 4)}" class="axis" text-anchor="end">${escapeXml(options.format(value))}</text>`,
    );
  }
  for (const [i, bar] of bars.entries()) {
    const x = margin.left + i * slot + (slot - barW) / 2;
    const tip = `<title>${escapeXml(bar.title ?? `${bar.label}: ${bar.value === null ? 'no data' : options.format(bar.value)}`)}</title>`;
    if (bar.value !== null) {
      const top = y(bar.value);
      parts.push(
        `<rect x="${n(x)}" y="${n(top)}" width="${n(barW)}" height="${n(margin.top + plotH - top)}" class="${bar.muted === true ? 'bar muted' : 'bar'}">${tip}</rect>`,
      );
      if (options.labelValues === true)
        parts.push(
          `<text x="${n(x + barW / 2)}" y="${n(top - 4)}" class="value" text-anchor="middle">${escapeXml(options.format(bar.value))}</text>`,
        );
    }
    if (bar.reference !== undefined) {
      const ry = y(bar.reference);
      parts.push(`<line x1="${n(x - 3)}" x2="${n(x + barW + 3)}" y1="${n(ry)}" y2="${n(ry)}" class="reference"/>`);
    }
    if (i % every === 0)
      parts.push(
        `<text x="${n(x + barW / 2)}" y="${height - margin.bottom + 16}" class="axis" text-anchor="middle">${escapeXml(bar.label)}</text>`,
      );
  }
  if (options.divider !== undefined) {
    const x = margin.left + options.divider.index * slot;
    parts.push(
      `<line x1="${n(x)}" x2="${n(x)}" y1="${margin.top}" y2="${margin.top + plotH}" class="divider"/>`,
      `<text x="${n(x + 4)}" y="${margin.top + 12}" class="axis">${escapeXml(options.divider.caption)}</text>`,
    );
  }
  if (options.referenceName !== undefined && bars.some((b) => b.reference !== undefined)) {
    parts.push(
      `<line x1="${width - 200}" x2="${width - 180}" y1="16" y2="16" class="reference"/>`,
      `<text x="${width - 174}" y="20" class="axis">${escapeXml(options.referenceName)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * Bins for a histogram of the positive `values` (zeros are left out: say how many there were
 * beside the chart): `count` bins of a round width up to about their 99th percentile, each
 * labelled by its upper end, then one for the rest.
 *
 * @example
 * ```ts
 * histogramBins([0, 0, 3, 12, 40], 4); // ≤5 1, ≤10 0, ≤15 1, ≤20 0, >20 1
 * ```
 */
export function histogramBins(values: readonly number[], count = 24): { label: string; value: number; from: number; to: number }[] {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  const top = sorted[Math.floor((sorted.length - 1) * 0.99)] ?? 0;
  const step = roundStep(top / count);
  const bins: { label: string; value: number; from: number; to: number }[] = [];
  for (let k = 0; k < count; k++) bins.push({ label: `≤${n((k + 1) * step)}`, value: 0, from: k * step, to: (k + 1) * step });
  bins.push({ label: `>${n(count * step)}`, value: 0, from: count * step, to: Number.POSITIVE_INFINITY });
  for (const v of sorted) {
    // (from, to]: a wait of exactly 20 s is in the bin that ends at 20, as it is within a 20 s target.
    const bin = bins[Math.min(count, Math.ceil(v / step) - 1)];
    if (bin !== undefined) bin.value += 1;
  }
  return bins;
}

/** The axis top: `value` rounded up to 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 or 10 times a power of ten, so grid labels are round. */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= value * (1 - 1e-12)) ?? 10) * power;
}

/** 1, 2 or 5 times a power of ten, at least `raw` (and at least 1). */
function roundStep(raw: number): number {
  if (!(raw > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}
