/** Formats nanoseconds for a table cell: ns below 1 µs, µs below 1 ms, ms above. */
export function duration(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  if (ns < 1_000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(ns < 10_000 ? 2 : 1)} µs`;
  return `${(ns / 1_000_000).toFixed(ns < 10_000_000 ? 2 : 1)} ms`;
}

/** A ratio for a table cell, e.g. `1.32×`. */
export const ratio = (value: number): string => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(0)}×` : '—');

/** A plain-text table: the first column left-aligned, the rest right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('   ');
  const rule = widths.map((w) => '─'.repeat(w)).join('───');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** One bar of {@link bars}: `value` sets its length, `text` is printed after it. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

/** A plain-text bar chart, one bar per row, scaled to the largest value (blank rows keep groups apart). */
export function bars(rows: readonly (Bar | undefined)[], width = 40): string {
  const present = rows.filter((row): row is Bar => row !== undefined);
  const max = Math.max(...present.map((row) => (Number.isFinite(row.value) ? row.value : 0)));
  const labelWidth = Math.max(...present.map((row) => row.label.length));
  return rows
    .map((row) => {
      if (row === undefined) return '';
      const length = Number.isFinite(row.value) && max > 0 ? Math.max(1, Math.round((row.value / max) * width)) : 0;
      return `${row.label.padEnd(labelWidth)}  ${'█'.repeat(length)} ${row.text}`;
    })
    .join('\n');
}
