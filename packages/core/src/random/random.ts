import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A seeded source of randomness. Everything random in contactmesh (fault injection, near-tie
 * breaking, simulated traffic) draws from one of these, so a seed reproduces a run exactly.
 *
 * @example
 * ```ts
 * const random = createRandom(42);
 * random.chance(0.1); // the same answer for seed 42, every time
 * ```
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p` (0 never, 1 always; no draw is taken for those two). */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** An independent generator in the current state (draws from one do not move the other). */
  clone(): Random;
  /** The generator's state, to save it or to hash a world that contains it. */
  state(): readonly number[];
}

/** Creates a {@link Random} from a 32-bit seed. */
export function createRandom(seed: number): Random {
  if (!Number.isInteger(seed)) throw new RangeError(`A random seed must be an integer, got ${seed}.`);
  return wrap(xoroshiro128plus(seed | 0));
}

/**
 * The pure form of a draw, for statecharts whose context holds the generator's state: one integer
 * in [min, max] drawn from `state`, and the state after the draw. `state` is left as it was.
 *
 * @example
 * ```ts
 * const { value, state } = drawInt(randomState(42), 0, 2); // the same value for seed 42, every time
 * ```
 */
export function drawInt(state: readonly number[], min: number, max: number): { readonly value: number; readonly state: readonly number[] } {
  const random = randomFromState(state);
  const value = random.int(min, max);
  return { value, state: random.state() };
}

/** The generator state for a 32-bit seed, as {@link createRandom}(seed) starts from. */
export function randomState(seed: number): readonly number[] {
  return createRandom(seed).state();
}

/** Re-creates a {@link Random} from a saved {@link Random.state}. */
export function randomFromState(state: readonly number[]): Random {
  return wrap(xoroshiro128plusFromState(state));
}

function wrap(rng: ReturnType<typeof xoroshiro128plus>): Random {
  return {
    next: () => uniformFloat64(rng),
    int: (min, max) => uniformInt(rng, min, max),
    chance: (p) => (p <= 0 ? false : p >= 1 ? true : uniformFloat64(rng) < p),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty array.');
      return items[uniformInt(rng, 0, items.length - 1)] as T;
    },
    clone: () => wrap(xoroshiro128plusFromState(rng.getState())),
    state: () => rng.getState(),
  };
}
