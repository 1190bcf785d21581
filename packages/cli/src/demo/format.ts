/** `0.834` → `83%`; no data → `–`. */
export const percent = (fraction: number | undefined): string => (fraction === undefined ? '–' : `${Math.round(fraction * 100)}%`);

/** `9.4` → `9s`, `200` → `3m20s`; no data → `–`. */
export function seconds(value: number | undefined): string {
  if (value === undefined) return '–';
  const whole = Math.round(value);
  return whole < 60 ? `${whole}s` : `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

/** Milliseconds as `hh:mm:ss`. */
export function clockTime(ms: number): string {
  const total = Math.floor(ms / 1_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(total / 3_600))}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`;
}
