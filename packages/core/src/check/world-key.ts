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

// Folding, without allocating: a sequence folds each digest into the one before it (`ordered*`);
// a set or multiset sums them (`summed*`), so order does not count.
const seedA = 0x9747b28c;
const seedB = 0x2f8a7e31;
const orderedA = (acc: number, x: number): number => mix((acc ^ x) + 0x9e3779b9);
const orderedB = (acc: number, x: number): number => mix((acc ^ x) + 0x7f4a7c15);
const summedA = (acc: number, x: number): number => (acc + mix(x ^ 0x5bd1e995)) >>> 0;
const summedB = (acc: number, x: number): number => (acc + mix(x ^ 0x1b873593)) >>> 0;

const pair = (first: Digest, second: Digest): Digest => ({
  a: orderedA(orderedA(seedA, first.a), second.a),
  b: orderedB(orderedB(seedB, first.b), second.b),
});

/**
 * Where a part's digest is kept: on the part itself, under a symbol no one else reads (not
 * enumerable: JSON, `for … in` and equality do not see it) — cheaper than a WeakMap, whose entries
 * the garbage collector must trace one by one. A part that cannot take it (frozen) uses the map.
 */
const digestOf = Symbol('contactmesh.check.digest');
const digests = new WeakMap<object, Digest>();

/**
 * The digest of a part, kept per object. `digest` takes the part and nothing else (a function made
 * once, not a closure per call: this runs for every part of every world).
 */
function once<T extends object>(part: T, digest: (part: T) => Digest): Digest {
  const kept = (part as { [digestOf]?: Digest })[digestOf];
  if (kept !== undefined) return kept;
  let known = digests.get(part);
  if (known !== undefined) return known;
  known = digest(part);
  if (Object.isExtensible(part)) Object.defineProperty(part, digestOf, { value: known });
  else digests.set(part, known);
  return known;
}

const jsonDigest = (value: object): Digest => hashText(JSON.stringify(value));

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
  return once(value, jsonDigest);
}

/**
 * The digest of a machine's context, field by field: each field's value by its own digest, which is
 * kept per object and shared from one context to the next until it changes. A persistent
 * collection (the router's indexes) serialises itself (`toJSON`).
 */
function contextDigest(context: object): Digest {
  let a = seedA;
  let b = seedB;
  for (const key in context) {
    const name = nameDigest(key);
    const value = valueDigest((context as Record<string, unknown>)[key]);
    a = orderedA(orderedA(a, name.a), value.a);
    b = orderedB(orderedB(b, name.b), value.b);
  }
  return { a, b };
}

/** Where an actor's digest at its address is kept: on its snapshot, with the address it was made for. */
const placedOf = Symbol('contactmesh.check.placed');
type Placed = { readonly address: string; readonly digest: Digest };

/** An actor's state and context, at its address. */
function actorDigest(address: string, actor: World['actors'][string]): Digest {
  const snapshot = actor.snapshot as { [placedOf]?: Placed };
  const placed = snapshot[placedOf];
  if (placed !== undefined && placed.address === address) return placed.digest;
  // An actor no step touched keeps its snapshot, and its digest. A step that changes nothing
  // still makes a new snapshot, but keeps its context: the context's digest is kept too.
  const line = once(actor.snapshot, () => {
    const { value, context } = actor.snapshot;
    const state = typeof value === 'string' ? value : JSON.stringify(value);
    return pair(nameDigest(`${actor.kind}:${state}`), once(context as object, contextDigest));
  });
  const digest = pair(nameDigest(address), line);
  if (Object.isExtensible(snapshot)) Object.defineProperty(snapshot, placedOf, { value: { address, digest }, writable: true });
  return digest;
}

function actorsDigest(world: World): Digest {
  let a = seedA;
  let b = seedB;
  for (const address in world.actors) {
    const d = actorDigest(address, world.actors[address] as World['actors'][string]);
    a = summedA(a, d.a);
    b = summedB(b, d.b);
  }
  return { a, b };
}

/** A message on its way: its link, address, type, sender and body; kept per flight. */
export const flightDigest = (f: Flight): Digest => once(f, flightParts);

const flightParts = (f: Flight): Digest =>
  pair(hashText(`${f.link} ${f.to} ${f.message.type} ${f.message.from}${f.held === true ? ' held' : ''}`), valueDigest(f.message.body));

// The lanes of the world being digested (reused: a world has few, and nothing is allocated per world).
const laneNames: string[] = [];
let laneA = new Uint32Array(16);
let laneB = new Uint32Array(16);

const grown = (lanes: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> => {
  const more = new Uint32Array(lanes.length * 2);
  more.set(lanes);
  return more;
};

/**
 * Messages in flight: only the order within a link means anything (FIFO); unordered, none does —
 * but replica publications keep theirs per link (as `choices` delivers them). A message's body,
 * published to several centres or copied, is hashed once.
 */
function flightsDigest(world: World, ordering: Model['ordering']): Digest {
  let a = seedA;
  let b = seedB;
  let lanes = 0;
  for (const f of world.flight) {
    const d = flightDigest(f);
    if (ordering === 'unordered' && f.faulty) {
      a = summedA(a, d.a);
      b = summedB(b, d.b);
      continue;
    }
    // Unordered, only replica publications are left here: their link is their lane too.
    let lane = 0;
    while (lane < lanes && laneNames[lane] !== f.link) lane += 1;
    if (lane === lanes) {
      if (lane === laneA.length) {
        laneA = grown(laneA);
        laneB = grown(laneB);
      }
      const name = nameDigest(f.link);
      laneNames[lane] = f.link;
      laneA[lane] = orderedA(seedA, name.a);
      laneB[lane] = orderedB(seedB, name.b);
      lanes += 1;
    }
    laneA[lane] = orderedA(laneA[lane] as number, d.a);
    laneB[lane] = orderedB(laneB[lane] as number, d.b);
  }
  for (let lane = 0; lane < lanes; lane += 1) {
    a = summedA(a, laneA[lane] as number);
    b = summedB(b, laneB[lane] as number);
  }
  return { a, b };
}

/** A set's digest: its members' digests summed. */
function setDigest(parts: readonly object[]): Digest {
  let a = seedA;
  let b = seedB;
  for (const part of parts) {
    const d = valueDigest(part);
    a = summedA(a, d.a);
    b = summedB(b, d.b);
  }
  return { a, b };
}

/** A record whose keys' order means nothing, of parts each digested by `part`: kept per record. */
function recordDigest<T>(record: Readonly<Record<string, T>>, part: (value: T) => Digest): Digest {
  const kept = (record as { [digestOf]?: Digest })[digestOf] ?? digests.get(record);
  if (kept !== undefined) return kept;
  let a = seedA;
  let b = seedB;
  for (const key in record) {
    const d = pair(nameDigest(key), part(record[key] as T));
    a = summedA(a, d.a);
    b = summedB(b, d.b);
  }
  return once(record, () => ({ a, b }));
}

/** A whole number's digest (time in ms, counts): its two 32-bit halves. */
const numberDigest = (n: number): Digest => ({ a: n >>> 0, b: Math.floor(n / 4_294_967_296) >>> 0 });

function retainedDigest(world: World): Digest {
  let a = seedA;
  let b = seedB;
  for (const topic in world.retained) {
    const d = pair(nameDigest(topic), valueDigest(world.retained[topic]));
    a = summedA(a, d.a);
    b = summedB(b, d.b);
  }
  for (const centre in world.unsent) {
    const unsent = world.unsent[centre] ?? {};
    for (const topic in unsent) {
      const d = pair(nameDigest(`unsent ${topic}`), valueDigest(unsent[topic]));
      a = summedA(a, d.a);
      b = summedB(b, d.b);
    }
  }
  return { a, b };
}

/** A world's identity, as text: its {@link worldDigest}. */
export function worldKey(world: World, ordering: Model['ordering']): string {
  const { a, b } = worldDigest(world, ordering);
  return `${a.toString(36)}.${b.toString(36)}`;
}

/** A sequence of digests folded in order. */
function sequence(parts: readonly Digest[]): Digest {
  let a = seedA;
  let b = seedB;
  for (const d of parts) {
    a = orderedA(a, d.a);
    b = orderedB(b, d.b);
  }
  return { a, b };
}

/** A world's identity for the visited set: a 64-bit digest (a collision among ten million worlds has a chance below 3 × 10⁻⁶). */
export function worldDigest(world: World, ordering: Model['ordering']): Digest {
  // Records whose order means nothing, folded as sets: two deliveries in either order leave one
  // world. Of the messages lost, only whether any was (what `nothingLeftBehind` reads).
  const rest = sequence([
    numberDigest(world.now),
    numberDigest(world.script),
    valueDigest(world.budget),
    numberDigest(world.commands.length),
    valueDigest(world.down),
    valueDigest(world.cut),
    recordDigest(world.lives, numberDigest),
    recordDigest(world.heard, (heard) => recordDigest(heard, valueDigest)),
    numberDigest(world.dropped > 0 ? 1 : 0),
  ]);
  let fa = seedA;
  let fb = seedB;
  for (const failure of world.failures) {
    const d = hashText(failure);
    fa = summedA(fa, d.a);
    fb = summedB(fb, d.b);
  }
  return sequence([
    rest,
    setDigest(world.ended),
    { a: fa, b: fb },
    actorsDigest(world),
    flightsDigest(world, ordering),
    setDigest(world.timers),
    setDigest(world.reactions),
    retainedDigest(world),
  ]);
}
