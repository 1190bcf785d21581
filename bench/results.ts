import { writeFileSync } from 'node:fs';

/**
 * One figure of `npm run bench`, as `bench/results.json` holds it: ours and the bare baseline
 * doing the same work in the same run, their ratio, and the target (as text, e.g. "<= 1.5x").
 */
export interface BenchResult {
  readonly name: string;
  readonly unit: string;
  readonly ours: number;
  /** The bare library's figure; `null` where there is no baseline (an absolute target). */
  readonly baseline: number | null;
  /** ours ÷ baseline, or `null` without a baseline. */
  readonly ratio: number | null;
  readonly target: string;
  /** Whether the target is met, as the part judges it. */
  readonly met: boolean;
}

const collected: BenchResult[] = [];

/** Records one figure (each part calls it for what it measured). */
export function record(result: Omit<BenchResult, 'ratio'> & { readonly ratio?: number | null }): void {
  const ratio = result.ratio ?? (result.baseline === null || result.baseline === 0 ? null : result.ours / result.baseline);
  collected.push({ ...result, ratio: ratio === null || !Number.isFinite(ratio) ? null : Number(ratio.toPrecision(3)) });
}

/** Everything recorded so far. */
export const results = (): readonly BenchResult[] => collected;

/** Writes `bench/results.json`. */
export function writeResults(path: URL): void {
  writeFileSync(path, `${JSON.stringify(collected, null, 2)}\n`);
}
