import type { Clock } from '../clock/clock.js';
import { realClock } from '../clock/real-clock.js';
import { type Choice, changes, choices, describe, type Model, take } from './steps.js';
import type { World } from './world.js';

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
  readonly transitions: number;
  readonly depth: number;
  readonly elapsedMs: number;
  readonly counterexample?: Counterexample;
}

/**
 * The digest of each part of a world's canonical form, kept per object: unchanged parts (most
 * actors, most flights) are shared between worlds, so each is written and hashed once.
 */
const digests = new WeakMap<object, string>();

function once(part: object, write: () => string): string {
  let digest = digests.get(part);
  if (digest === undefined) {
    digest = digestOf(write());
    digests.set(part, digest);
  }
  return digest;
}

/** Turns the checker's worlds into one canonical string: order that carries no meaning removed. */
function canonical(world: World, ordering: Model['ordering']): string {
  const actors = Object.keys(world.actors)
    .sort()
    .map((address) => {
      const actor = world.actors[address] as World['actors'][string];
      // An actor no step touched keeps its snapshot: its line is written once. A step that changes
      // nothing still makes a new snapshot, but keeps its context: the context's digest is kept too.
      return `${address}=${once(actor.snapshot, () => {
        const { value, context } = actor.snapshot;
        const state = typeof value === 'string' ? value : JSON.stringify(value);
        return `${actor.kind}:${state}:${once(context as object, () => contextJson(context as object))}`;
      })}`;
    });
  // Only the order within a link means anything (FIFO); unordered, none does.
  // A message's body, published to several centres or copied, is written once.
  const flights = world.flight.map((f) => once(f, () => `${f.link} ${f.to} ${f.message.type} ${f.message.from} ${json(f.message.body)}`));
  const flight = ordering === 'unordered' ? [...flights].sort() : stableByLink(world, flights);
  const timers = world.timers.map((t) => once(t, () => JSON.stringify([t.address, t.id, t.due, t.event]))).sort();
  const reactions = world.reactions.map((r) => once(r, () => JSON.stringify(r))).sort();
  const rest = JSON.stringify([
    world.now,
    world.script,
    world.budget,
    world.failures,
    world.commands.length,
    world.ended,
    world.down,
    world.lives,
    world.heard,
  ]);
  const retained = Object.keys(world.retained)
    .sort()
    .map((topic) => `${topic}=${once(world.retained[topic] as object, () => json(world.retained[topic]))}`);
  return [rest, ...actors, '', ...flight, '', ...timers, '', ...reactions, '', ...retained].join('\n');
}

const stableByLink = (world: World, flights: string[]): string[] =>
  flights
    .map((f, i) => [world.flight[i]?.link ?? '', i, f] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
    .map(([, , f]) => f);

const isCollection = (value: unknown): value is { values(): Iterable<unknown> } => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto !== Object.prototype && proto !== null && typeof (value as { values?: unknown }).values === 'function';
};

/** JSON of objects met before, by identity: a field no step changed (a policy, a list of requirements) is written once. */
const jsons = new WeakMap<object, string>();

function json(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  let text = jsons.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    jsons.set(value, text);
  }
  return text;
}

/**
 * JSON of a machine's context, field by field: a persistent collection (the router's indexes) as
 * the digest of the values it holds, other objects as their JSON — each kept per object, which is
 * shared from one context to the next until it changes. (Collections sit at the top of a context.)
 */
function contextJson(context: object): string {
  let out = '{';
  for (const key in context) {
    const value = (context as Record<string, unknown>)[key];
    out += `${key}:${isCollection(value) ? once(value, () => JSON.stringify(value)) : json(value)},`;
  }
  return `${out}}`;
}

/** 53 bits of a string's hash (cyrb53): fast, well mixed, not cryptographic. */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Two independent 53-bit hashes of `text` (106 bits: a collision among even a billion texts has a chance below 10⁻¹³). */
const digestOf = (text: string): string => `${hash53(text, 1).toString(36)}.${hash53(text, 2).toString(36)}`;

/** A world's identity for the visited set: the digest of its canonical form (itself made of its parts' digests). */
export const worldKey = (world: World, ordering: Model['ordering']): string => digestOf(canonical(world, ordering));

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
  // The shallowest depth each world was seen at: a depth-first search goes on from a world again when it reaches it shallower.
  const seen = new Map<string, number>();
  const frontier: Visit[] = [{ world: model.initial, depth: 0, parent: null, choice: null }];
  seen.set(worldKey(model.initial, model.ordering), 0);
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
    states += 1;
    depth = Math.max(depth, visit.depth);
    const next = choices(model, world);
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
    if (visit.depth >= maxDepth) {
      if (next.length > 0) bound = 'depth';
      continue;
    }
    for (const choice of next) {
      const next = take(model, world, choice);
      transitions += 1;
      const key = worldKey(next, model.ordering);
      const nextDepth = visit.depth + 1;
      const before = seen.get(key);
      if (before !== undefined && before <= nextDepth) continue;
      seen.set(key, nextDepth);
      frontier.push({ world: next, depth: nextDepth, parent: visit, choice });
    }
  }
  return result(bound === undefined ? 'holds' : 'bounded');
}
