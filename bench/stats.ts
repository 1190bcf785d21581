/** The value at fraction `p` (0…1) of the sorted values (nearest rank, rounding down); NaN when there are none. */
export const percentile = (values: readonly number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)] ?? Number.NaN;

/** The median: the mean of the two middle values when their number is even. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
};

/** Milliseconds for a table cell. */
export const ms = (value: number): string => `${value.toFixed(3)} ms`;

export const msgPerSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')} msg/s`;

/** Resolves after one turn of the event loop (I/O callbacks included). */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
