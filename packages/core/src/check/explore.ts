import type { Clock } from '../clock/clock.js';
import { realClock } from '../clock/real-clock.js';
import { type Asleep, both, noneAsleep, placeOf, sleepAfter, sleeps, woken } from './sleep-sets.js';
import { type Choice, changes, choices, describe, type Model, take } from './steps.js';
import { Visited } from './visited.js';
import type { World } from './world.js';
import { worldDigest } from './world-key.js';

/** A rule every reachable world must keep: `undefined` when it holds, else what is wrong. */
export interface Property {
  readonly name: string;
  readonly check: (world: World) => string | undefined;
  /**
   * Checked only where the run ends quietly: nothing more can happen before the horizon (no
   * message on its way, no timer due, nothing owed by the outside), with time moved on to the
   * horizon. For "eventually" properties, bounded by the horizon.
   */
  readonly atEnd?: boolean;
}

export interface ExploreOptions {
  /** `bfs` finds the shortest counterexample; `dfs` goes deep first (bounded by `maxDepth`). Default `bfs`. */
  readonly search?: 'bfs' | 'dfs';
  readonly properties: readonly Property[];
  /** Steps from the first world. Default 60. */
  readonly maxDepth?: number;
  /** Distinct worlds to expand. Default 200,000. */
  readonly maxStates?: number;
  /** Wall time, ms. Default 60,000. */
  readonly maxMs?: number;
  /** Where wall time is read (default the real clock). */
  readonly clock?: Clock;
  /**
   * Whether two centres' steps that lead to one world in either order are taken in one order only
   * (sleep sets, a partial-order reduction: the same worlds, fewer steps). Default `true`; it
   * needs a model that says what its doors read (`WorldRules.ownCentreOnly`), else every order is taken.
   */
  readonly reduction?: boolean;
  /** Called every `every` expanded worlds, for a progress line. */
  readonly progress?: (progress: { readonly states: number; readonly frontier: number; readonly depth: number }) => void;
}

/** A path to a world that breaks a property: the shortest one under `bfs`. */
export interface Counterexample {
  readonly property: string;
  readonly message: string;
  /** The steps from the first world, as data: `replay` takes them again. */
  readonly choices: readonly Choice[];
  /** The same steps as a numbered story, with the state changes each caused. */
  readonly story: readonly string[];
}

export interface ExploreResult {
  /** `holds`: every reachable world was checked; `violated`: see `counterexample`; `bounded`: a bound was reached first, not exhaustive. */
  readonly verdict: 'holds' | 'violated' | 'bounded';
  /** Which bound stopped the search, when one did. */
  readonly bound?: 'depth' | 'states' | 'time';
  readonly states: number;
  /** Steps taken (with the reduction, fewer than there are between the worlds found). */
  readonly transitions: number;
  readonly depth: number;
  readonly elapsedMs: number;
  readonly counterexample?: Counterexample;
}

/** The first property `world` breaks: those checked everywhere, and, where nothing more can happen (`quiet`), those checked at the end. */
export function violation(
  model: Model,
  world: World,
  properties: readonly Property[],
  quiet: boolean,
): { property: string; message: string } | undefined {
  for (const property of properties) {
    if (property.atEnd === true && !quiet) continue;
    const message = property.check(property.atEnd === true ? { ...world, now: Math.max(world.now, model.horizonMs) } : world);
    if (message !== undefined) return { property: property.name, message };
  }
  return undefined;
}

/** Re-takes `steps` from the model's first world: every world on the way, and the story. */
export function replay(model: Model, steps: readonly Choice[]): { readonly worlds: readonly World[]; readonly story: readonly string[] } {
  const worlds: World[] = [model.initial];
  const story: string[] = [];
  let world = model.initial;
  steps.forEach((choice, i) => {
    const line = describe(model, world, choice);
    const next = take(model, world, choice);
    const changed = changes(world, next);
    story.push(`${i + 1}. ${line}${changed.length === 0 ? '' : ` — ${changed.join('; ')}`}`);
    worlds.push(next);
    world = next;
  });
  return { worlds, story };
}

/** A world to expand, and how it was reached (a link to the world before: paths are not copied). */
interface Visit {
  /** Dropped once expanded: only the path to it is kept. */
  world: World | undefined;
  readonly depth: number;
  readonly parent: Visit | null;
  readonly choice: Choice | null;
  /** The steps not to take from it (their other order was taken): shrinks as other ways reach it. */
  asleep: readonly Asleep[];
  /** A world expanded before and reached again with fewer steps asleep: only these are left to take. */
  readonly woken?: readonly Asleep[];
  /** A world expanded before, deeper, that a depth-first search goes on from again (see `explore`): counted and checked once. */
  readonly again?: true;
}

const pathOf = (visit: Visit): Choice[] => {
  const path: Choice[] = [];
  for (let v: Visit | null = visit; v !== null && v.choice !== null; v = v.parent) path.push(v.choice);
  return path.reverse();
};

/**
 * Explores every world the model can reach, breadth first (shortest counterexamples) or depth
 * first, expanding each distinct world once, and checks `properties` in each. Bounded by depth,
 * states and wall time; a search a bound stopped says so (`verdict: 'bounded'`) and is not
 * exhaustive.
 *
 * @example
 * ```ts
 * const result = explore(model, { properties: [invariants.agentCapacity, invariants.offeredOnce] });
 * if (result.counterexample) console.log(result.counterexample.story.join('\n'));
 * ```
 */
export function explore(model: Model, options: ExploreOptions): ExploreResult {
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const maxDepth = options.maxDepth ?? 60;
  const maxStates = options.maxStates ?? 200_000;
  const maxMs = options.maxMs ?? 60_000;
  const depthFirst = options.search === 'dfs';
  const reduce = options.reduction !== false && model.engine.rules.ownCentreOnly !== undefined;
  // Each world's first visit, at the shallowest depth it was seen: a depth-first search goes on
  // from a world again when it reaches it shallower.
  const seen = new Visited<Visit>();
  const first: Visit = { world: model.initial, depth: 0, parent: null, choice: null, asleep: noneAsleep };
  const frontier: Visit[] = [first];
  seen.set(worldDigest(model.initial, model.ordering), first);
  let states = 0;
  let transitions = 0;
  let depth = 0;
  let bound: ExploreResult['bound'];
  const result = (verdict: ExploreResult['verdict'], counterexample?: Counterexample): ExploreResult => ({
    verdict,
    ...(bound === undefined || verdict !== 'bounded' ? {} : { bound }),
    states,
    transitions,
    depth,
    elapsedMs: clock.now() - started,
    ...(counterexample === undefined ? {} : { counterexample }),
  });
  // Breadth first takes from the front (`head`), depth first from the back.
  let head = 0;
  while (head < frontier.length) {
    if (head > 65_536) {
      frontier.splice(0, head);
      head = 0;
    }
    const visit = (depthFirst ? frontier.pop() : frontier[head++]) as Visit;
    const world = visit.world as World;
    visit.world = undefined;
    const next = choices(model, world);
    // A world expanded before, reached again with steps awake that slept then: only those are left.
    if (visit.woken === undefined && visit.again === undefined) {
      states += 1;
      depth = Math.max(depth, visit.depth);
      const broken = violation(model, world, options.properties, next.length === 0);
      if (broken !== undefined) {
        const path = pathOf(visit);
        const { story } = replay(model, path);
        return result('violated', { ...broken, choices: path, story });
      }
      if (states % 1000 === 0) {
        options.progress?.({ states, frontier: frontier.length - head, depth });
        if (clock.now() - started > maxMs) {
          bound = 'time';
          return result('bounded');
        }
      }
      if (states >= maxStates) {
        bound = 'states';
        return result('bounded');
      }
    }
    if (visit.depth >= maxDepth) {
      if (next.length > 0) bound = 'depth';
      continue;
    }
    // The one-centre steps taken from here, in order: each sleeps in the worlds after the later ones it is independent of.
    const taken: Asleep[] = [];
    for (const choice of next) {
      const place = reduce ? placeOf(model, world, choice) : undefined;
      if (visit.woken === undefined ? sleeps(visit.asleep, place) : !sleeps(visit.woken, place)) continue;
      const wide = model.engine.wide;
      const after = take(model, world, choice);
      transitions += 1;
      // A step that read beyond its centre (a door that does) is independent of nothing.
      const step = model.engine.wide === wide ? place : undefined;
      const asleep = sleepAfter(visit.asleep, taken, step);
      if (step !== undefined) taken.push(step);
      const key = worldDigest(after, model.ordering);
      const nextDepth = visit.depth + 1;
      const before = seen.get(key);
      // Depth first reaches a world again shallower: it goes on from it again only once the depth
      // bound has cut the search somewhere (the part of the world's future it left out may be in
      // reach now). Before that, every expanded world's future was followed to the end.
      if (before === undefined || (bound === 'depth' && before.depth > nextDepth)) {
        const arrived: Visit = {
          world: after,
          depth: nextDepth,
          parent: visit,
          choice,
          asleep,
          ...(before === undefined ? {} : { again: true as const }),
        };
        seen.set(key, arrived);
        frontier.push(arrived);
        continue;
      }
      if (before.asleep.length === 0) continue;
      // Reached again: it sleeps only what every way to it let sleep; once expanded, what woke is taken now.
      const awake = woken(before.asleep, asleep);
      before.asleep = both(before.asleep, asleep);
      if (before.world === undefined && awake.length > 0)
        frontier.push({
          world: after,
          depth: before.depth,
          parent: before.parent,
          choice: before.choice,
          asleep: before.asleep,
          woken: awake,
        });
    }
  }
  return result(bound === undefined ? 'holds' : 'bounded');
}
