/**
 * A number as explanations print it: integers as they are, others to at most six significant
 * digits, so `0.1 + 0.2` reads `0.3` and a score reads the same on every node.
 *
 * @example
 * ```ts
 * formatNumber(12.5); // '12.5'
 * formatNumber(1 / 3); // '0.333333'
 * ```
 */
export function formatNumber(n: number): string {
  return Number.isInteger(n) || !Number.isFinite(n) ? String(n) : String(Number(n.toPrecision(6)));
}

/**
 * The entries of a small object as `{a: 1, b: "x"}`, for rule and command descriptions.
 *
 * @example
 * ```ts
 * formatFields({ targetMs: 30000 }); // '{targetMs: 30000}'
 * ```
 */
export function formatFields(fields: object): string {
  const parts = Object.entries(fields).map(
    ([key, value]: [string, unknown]) => `${key}: ${typeof value === 'number' ? formatNumber(value) : JSON.stringify(value)}`,
  );
  return `{${parts.join(', ')}}`;
}
