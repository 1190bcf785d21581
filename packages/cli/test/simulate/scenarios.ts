import { parseScenario } from '../../src/simulate/parse-scenario.js';
import type { Routing, SimulationScenario } from '../../src/simulate/scenario-file.js';

/**
 * `centres` equal centres `c1`, `c2`, … each with `agents` agents of one skill and Poisson voice
 * traffic of `perHour` calls with exponential 180 s handle times and no abandonment: an M/M/N
 * queue per centre (or one pooled M/M/(N·centres) with network routing).
 */
export function mmnScenario(options: {
  readonly seed: number;
  readonly hours: number;
  readonly warmupSeconds?: number;
  readonly routing?: Routing;
  readonly centres?: number;
  readonly agents?: number;
  readonly perHour?: number;
}): SimulationScenario {
  const ids = Array.from({ length: options.centres ?? 1 }, (_, i) => `c${i + 1}`);
  return parseScenario(
    {
      seed: options.seed,
      durationSeconds: options.hours * 3_600,
      warmupSeconds: options.warmupSeconds ?? 1_800,
      serviceLevelSeconds: 20,
      routing: options.routing ?? 'isolated',
      centres: ids.map((id) => ({ id, agents: [{ count: options.agents ?? 10, skills: { billing: 5 } }] })),
      traffic: ids.map((centre) => ({
        centre,
        skillset: 'billing',
        perHour: options.perHour ?? 150,
        handleSeconds: { mean: 180, distribution: 'exponential' },
        patienceSeconds: null,
      })),
    },
    'test scenario',
  );
}

/** Mean and sample standard deviation. */
export function spread(values: readonly number[]): { readonly mean: number; readonly sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1));
  return { mean, sd };
}

/** The largest difference between two lists of waits, element by element (Infinity when their lengths differ). */
export function largestDifference(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  return a.reduce((max, wait, i) => Math.max(max, Math.abs(wait - (b[i] ?? Number.NaN))), 0);
}

/** The figures with every share and time rounded to 9 decimals: sums of the same terms taken in another order differ in the last bits. */
export function rounded<F extends object>(figures: F): F {
  return Object.fromEntries(
    Object.entries(figures).map(([key, value]) => [key, typeof value === 'number' ? Math.round(value * 1e9) / 1e9 : value]),
  ) as F;
}
