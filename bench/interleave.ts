/** One thing to time: `op(i)` makes one decision; `i` counts up so each call can use a different input. */
export interface Variant {
  readonly id: string;
  readonly op: (i: number) => unknown;
}

export interface InterleaveOptions {
  /** Measured rounds; every variant takes one sample per round. */
  readonly rounds: number;
  /** About how long one sample runs; a sample times a batch of ops as one block. */
  readonly sampleMs: number;
  readonly onRound?: (round: number, rounds: number) => void;
}

// Results flow into this so the JIT cannot drop an op whose answer nobody reads.
let sink = 0;

/** What the ops returned, folded; print it so the work they did is observably used. */
export const checksum = (): number => sink;

function runBatch(variant: Variant, start: number, batch: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) sink = (sink + (variant.op(start + i) === undefined ? 1 : 2)) | 0;
  return Number(process.hrtime.bigint() - t0) / batch;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
};

/**
 * The median nanoseconds per op of each variant. Variants run alternately within every round
 * (each round starting one further along), so drift in the machine — another process, a GC, CPU
 * boost — lands on all of them alike instead of on whichever ran last.
 */
export function interleave(variants: readonly Variant[], options: InterleaveOptions): Map<string, number> {
  const counters = new Map<string, number>();
  const batches = new Map<string, number>();
  // Calibration doubles as warm-up: the JIT has seen every op before the first measured sample.
  for (const variant of variants) {
    let ops = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < options.sampleMs || ops < 3) runBatch(variant, ops++, 1);
    const perOpMs = (performance.now() - t0) / ops;
    counters.set(variant.id, ops);
    batches.set(variant.id, Math.max(1, Math.round(options.sampleMs / perOpMs)));
  }
  const samples = new Map<string, number[]>(variants.map((v) => [v.id, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(round + k) % variants.length];
      if (variant === undefined) continue;
      const batch = batches.get(variant.id) ?? 1;
      const start = counters.get(variant.id) ?? 0;
      samples.get(variant.id)?.push(runBatch(variant, start, batch));
      counters.set(variant.id, start + batch);
    }
    options.onRound?.(round + 1, options.rounds);
  }
  return new Map([...samples].map(([id, values]) => [id, median(values)]));
}
