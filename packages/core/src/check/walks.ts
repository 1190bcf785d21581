import { createRandom } from '../random/random.js';
import { type Counterexample, type Property, replay, violation } from './explore.js';
import { type Choice, choices, type Model, take } from './steps.js';

export interface WalkOptions {
  readonly properties: readonly Property[];
  /** Seeds to walk from, one walk each (the same seed walks the same way, every time). */
  readonly seeds: readonly number[];
  /** Steps per walk at most (a walk also ends where no step is possible). Default 200. */
  readonly steps?: number;
  /** Called after each walk. */
  readonly progress?: (done: { readonly walks: number; readonly steps: number }) => void;
}

export interface WalkResult {
  /** `holds`: no walk broke a property (a sample, never a proof); `violated`: see `counterexample`. */
  readonly verdict: 'holds' | 'violated';
  readonly walks: number;
  readonly steps: number;
  /** The seed whose walk broke a property: walking it again breaks it again. */
  readonly seed?: number;
  readonly counterexample?: Counterexample;
}

/**
 * Deterministic simulation: random walks through the model from each seed, every step chosen by
 * a seeded generator among all the steps possible (deliveries, faults within the budget, timers,
 * the outside), the properties checked after every step. Where the search of {@link explore}
 * cannot cover a large network, walks sample it deep; a failing seed replays identically.
 *
 * @example
 * ```ts
 * const result = walk(model, { properties: Object.values(invariants), seeds: [1, 2, 3], steps: 500 });
 * if (result.counterexample) console.log(`seed ${result.seed}:\n${result.counterexample.story.join('\n')}`);
 * ```
 */
export function walk(model: Model, options: WalkOptions): WalkResult {
  const limit = options.steps ?? 200;
  let walks = 0;
  let steps = 0;
  for (const seed of options.seeds) {
    const random = createRandom(seed);
    let world = model.initial;
    const path: Choice[] = [];
    for (let i = 0; i <= limit; i += 1) {
      const possible = choices(model, world);
      const broken = violation(model, world, options.properties, possible.length === 0);
      if (broken !== undefined) {
        const { story } = replay(model, path);
        return { verdict: 'violated', walks: walks + 1, steps, seed, counterexample: { ...broken, choices: path, story } };
      }
      if (possible.length === 0 || i === limit) break;
      const choice = random.pick(possible);
      path.push(choice);
      world = take(model, world, choice);
      steps += 1;
    }
    walks += 1;
    options.progress?.({ walks, steps });
  }
  return { verdict: 'holds', walks, steps };
}
