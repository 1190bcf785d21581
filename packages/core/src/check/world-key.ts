import type { Model } from './steps.js';
import type { Flight, World } from './world.js';

/**
 * A world's identity is a 64-bit digest made of its parts' digests, each kept per object: unchanged
 * parts (most actors, most flights, most fields of a changed context) are shared between worlds, so
 * each is written and hashed once, and a world's digest only folds numbers. Parts whose order means
 * nothing (actors by address, timers, pending answers, links, retained values; messages too when
 * the network is unordered) are summed, so nothing is sorted; a sequence is folded in order.
 */
export interface Digest {
  readonly a: number;
  readonly b: number;
}

/** 64 bits of a string's hash (cyrb53's two lanes): fast, well mixed, not cryptographic. */
function hashText(text: string): Digest {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { a: h1 >>> 0, b: h2 >>> 0 };
}

/** Murmur3's finaliser: a bijection of 32 bits that spreads every input bit. */
function mix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Folds digests in order (a sequence) or sums them (a set or multiset: order does not count). */
class Fold {
  a = 0x9747b28c;
  b = 0x2f8a7e31;
  constructor(readonly ordered: boolean) {}
  add(d: Digest): this {
    if (this.ordered) {
      this.a = mix((this.a ^ d.a) + 0x9e3779b9);
      this.b = mix((this.b ^ d.b) + 0x7f4a7c15);
    } else {
      this.a = (this.a + mix(d.a ^ 0x5bd1e995)) >>> 0;
      this.b = (this.b + mix(d.b ^ 0x1b873593)) >>> 0;
    }
    return this;
  }
  digest(): Digest {
    return { a: this.a, b: this.b };
  }
}

const pair = (first: Digest, second: Digest): Digest => new Fold(true).add(first).add(second).digest();

/**
 * Where a part's digest is kept: on the part itself, under a symbol no one else reads (not
 * enumerable: JSON, `for … in` and equality do not see it) — cheaper than a WeakMap, whose entries
 * the garbage collector must trace one by one. A part that cannot take it (frozen) uses the map.
 */
const digestOf = Symbol('contactmesh.check.digest');
const digests = new WeakMap<object, Digest>();

/** The digest of a part, kept per object. */
function once(part: object, digest: () => Digest): Digest {
  const kept = (part as { [digestOf]?: Digest })[digestOf];
  if (kept !== undefined) return kept;
  let known = digests.get(part);
  if (known !== undefined) return known;
  known = digest();
  if (Object.isExtensible(part)) Object.defineProperty(part, digestOf, { value: known });
  else digests.set(part, known);
  return known;
}

/** The digest of a name (an address, a link, a field's key): there are few, so kept by text. */
const names = new Map<string, Digest>();

function nameDigest(name: string): Digest {
  let known = names.get(name);
  if (known === undefined) {
    known = hashText(name);
    names.set(name, known);
  }
  return known;
}

/** The digest of a value's JSON; an object's kept per object (a field no step changed is hashed once). */
export function valueDigest(value: unknown): Digest {
  if (typeof value !== 'object' || value === null) return hashText(JSON.stringify(value) ?? 'undefined');
  return once(value, () => hashText(JSON.stringify(value)));
}

/**
 * The digest of a machine's context, field by field: each field's value by its own digest, which is
 * kept per object and shared from one context to the next until it changes. A persistent
 * collection (the router's indexes) serialises itself (`toJSON`).
 */
function contextDigest(context: object): Digest {
  const fold = new Fold(true);
  for (const key in context) fold.add(nameDigest(key)).add(valueDigest((context as Record<string, unknown>)[key]));
  return fold.digest();
}

function actorsDigest(world: World): Digest {
  const fold = new Fold(false);
  for (const address in world.actors) {
    const actor = world.actors[address] as World['actors'][string];
    // An actor no step touched keeps its snapshot, and its digest. A step that changes nothing
    // still makes a new snapshot, but keeps its context: the context's digest is kept too.
    const line = once(actor.snapshot, () => {
      const { value, context } = actor.snapshot;
      const state = typeof value === 'string' ? value : JSON.stringify(value);
      return pair(
        nameDigest(`${actor.kind}:${state}`),
        once(context as object, () => contextDigest(context as object)),
      );
    });
    fold.add(pair(nameDigest(address), line));
  }
  return fold.digest();
}

/** A message on its way: its link, address, type, sender and body; kept per flight. */
export const flightDigest = (f: Flight): Digest =>
  once(f, () =>
    pair(hashText(`${f.link} ${f.to} ${f.message.type} ${f.message.from}${f.held === true ? ' held' : ''}`), valueDigest(f.message.body)),
  );

/**
 * Messages in flight: only the order within a link means anything (FIFO); unordered, none does —
 * but replica publications keep theirs per link (as `choices` delivers them). A message's body,
 * published to several centres or copied, is hashed once.
 */
function flightsDigest(world: World, ordering: Model['ordering']): Digest {
  const lanes = new Map<string, Fold>();
  const loose = new Fold(false);
  for (const f of world.flight) {
    const d = flightDigest(f);
    if (ordering === 'unordered' && f.faulty) {
      loose.add(d);
      continue;
    }
    // Unordered, only replica publications are left here: their link is their lane too.
    const lane = f.link;
    let fold = lanes.get(lane);
    if (fold === undefined) {
      fold = new Fold(true).add(nameDigest(lane));
      lanes.set(lane, fold);
    }
    fold.add(d);
  }
  for (const fold of lanes.values()) loose.add(fold.digest());
  return loose.digest();
}

function setDigest(parts: readonly object[]): Digest {
  const fold = new Fold(false);
  for (const part of parts) fold.add(valueDigest(part));
  return fold.digest();
}

/** A record whose keys' order means nothing, of parts each digested by `part`: kept per record. */
const recordDigest = <T>(record: Readonly<Record<string, T>>, part: (value: T) => Digest): Digest =>
  once(record, () => {
    const fold = new Fold(false);
    for (const key in record) fold.add(pair(nameDigest(key), part(record[key] as T)));
    return fold.digest();
  });

/** A whole number's digest (time in ms, counts): its two 32-bit halves. */
const numberDigest = (n: number): Digest => ({ a: n >>> 0, b: Math.floor(n / 4_294_967_296) >>> 0 });

function retainedDigest(world: World): Digest {
  const fold = new Fold(false);
  for (const topic in world.retained) fold.add(pair(nameDigest(topic), valueDigest(world.retained[topic])));
  for (const centre in world.unsent) {
    const unsent = world.unsent[centre] ?? {};
    for (const topic in unsent) fold.add(pair(nameDigest(`unsent ${topic}`), valueDigest(unsent[topic])));
  }
  return fold.digest();
}

/** A world's identity, as text: its {@link worldDigest}. */
export function worldKey(world: World, ordering: Model['ordering']): string {
  const { a, b } = worldDigest(world, ordering);
  return `${a.toString(36)}.${b.toString(36)}`;
}

/** A world's identity for the visited set: a 64-bit digest (a collision among ten million worlds has a chance below 3 × 10⁻⁶). */
export function worldDigest(world: World, ordering: Model['ordering']): Digest {
  // Records whose order means nothing, folded as sets: two deliveries in either order leave one
  // world. Of the messages lost, only whether any was (what `nothingLeftBehind` reads).
  const rest = new Fold(true)
    .add(numberDigest(world.now))
    .add(numberDigest(world.script))
    .add(valueDigest(world.budget))
    .add(numberDigest(world.commands.length))
    .add(valueDigest(world.down))
    .add(valueDigest(world.cut))
    .add(recordDigest(world.lives, numberDigest))
    .add(recordDigest(world.heard, (heard) => recordDigest(heard, valueDigest)))
    .add(numberDigest(world.dropped > 0 ? 1 : 0))
    .digest();
  const failures = new Fold(false);
  for (const failure of world.failures) failures.add(hashText(failure));
  return new Fold(true)
    .add(rest)
    .add(setDigest(world.ended))
    .add(failures.digest())
    .add(actorsDigest(world))
    .add(flightsDigest(world, ordering))
    .add(setDigest(world.timers))
    .add(setDigest(world.reactions))
    .add(retainedDigest(world))
    .digest();
}
