import type { Random } from '@contactmesh/core';
import { exponential } from '../demo/draws.js';
import type { SimulationScenario } from './scenario-file.js';

type HandleLaw = SimulationScenario['traffic'][number]['handleSeconds'];

/**
 * A handle time in seconds drawn from the traffic line's law: `exponential` (the Erlang C
 * assumption), `fixed` (always the mean) or `lognormal` with the given mean and standard
 * deviation (the usual shape of real talk times: never negative, a long right tail).
 *
 * @example
 * ```ts
 * drawHandleSeconds(random, { mean: 180, distribution: 'lognormal', sd: 120 }); // e.g. 143.7
 * ```
 */
export function drawHandleSeconds(random: Random, law: HandleLaw): number {
  switch (law.distribution) {
    case 'fixed':
      return law.mean;
    case 'lognormal': {
      // The normal's σ² and μ that give this mean and sd: σ² = ln(1 + sd²/mean²), μ = ln mean − σ²/2.
      const variance = Math.log(1 + (law.sd * law.sd) / (law.mean * law.mean));
      return Math.exp(Math.log(law.mean) - variance / 2 + Math.sqrt(variance) * standardNormal(random));
    }
    default:
      return exponential(random, law.mean);
  }
}

/** A standard normal draw (Box–Muller, two uniforms). */
function standardNormal(random: Random): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}
