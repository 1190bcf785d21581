import type { Centre } from '@contactmesh/core';

/** What a simulation's invariants look at: the running centres, the contacts that arrived, the outcomes reported. */
export interface SimulatedNetwork {
  readonly centres: ReadonlyMap<string, Centre>;
  /** Every contact that arrived so far, with the centre it arrived at. */
  readonly arrived: ReadonlyMap<string, string>;
  /** The outcomes each contact's copies reported (`forwarded` included), in order. */
  readonly outcomes: ReadonlyMap<string, readonly string[]>;
  /** Simulated time, ms. */
  readonly now: number;
}

/** A rule every moment of a simulation must keep: `undefined` when it holds, else what is wrong. */
export interface SimulationProperty {
  readonly name: string;
  readonly check: (network: SimulatedNetwork) => string | undefined;
}

interface ActorView {
  readonly value: unknown;
  readonly context: Record<string, unknown>;
}

/** Every actor of `kind` of every centre, with its address. */
function* actors(network: SimulatedNetwork, kind: string): Generator<[string, ActorView]> {
  for (const [id, centre] of network.centres) {
    const prefix = `${id}/${kind}/`;
    for (const address of centre.runtime.addresses()) {
      if (!address.startsWith(prefix)) continue;
      const snapshot = centre.runtime.snapshot(address) as ActorView | undefined;
      if (snapshot !== undefined) yield [address, snapshot];
    }
  }
}

const contactId = (address: string): string => address.slice(address.lastIndexOf('/') + 1);
const outcomes = new Set(['handled', 'abandoned', 'expired', 'substituted']);

/** Invariant 1: no agent holds more contacts of a media than its capacity for it (voice: one), counted from the agent's side. */
export const agentCapacity: SimulationProperty = {
  name: 'agent capacity (invariant 1)',
  check: (network) => {
    for (const [address, { context }] of actors(network, 'agent')) {
      const work = (context.work ?? []) as readonly { readonly media: string }[];
      const capacity = (context.capacity ?? {}) as Readonly<Record<string, number>>;
      const held = new Map<string, number>();
      for (const item of work) held.set(item.media, (held.get(item.media) ?? 0) + 1);
      for (const [media, n] of held) {
        if (n > (capacity[media] ?? 0)) return `${address} holds ${n} ${media} contacts (capacity ${capacity[media] ?? 0})`;
      }
    }
    return undefined;
  },
};

/** Invariant 2: a contact rings at most one agent, and has at most one copy that is not handing itself over. */
export const oneOwner: SimulationProperty = {
  name: 'one owner, one offer (invariant 2)',
  check: (network) => {
    const owners = new Map<string, string>();
    for (const [address, { value }] of actors(network, 'contact')) {
      if (value === 'handingOver') continue;
      const id = contactId(address);
      const other = owners.get(id);
      if (other !== undefined) return `contact ${id} is owned by ${other} and ${address}`;
      owners.set(id, address);
    }
    const ringing = new Map<string, string>();
    for (const [address, { context }] of actors(network, 'agent')) {
      const offer = context.offer as { readonly contact: string } | null | undefined;
      if (offer === null || offer === undefined) continue;
      const other = ringing.get(offer.contact);
      if (other !== undefined) return `contact ${offer.contact} rings at ${other} and ${address}`;
      ringing.set(offer.contact, address);
    }
    return undefined;
  },
};

/** Invariant 3: every contact that arrived is held somewhere or ended with one outcome — never neither, never both, never two. */
export const nothingLost: SimulationProperty = {
  name: 'nothing lost (invariant 3)',
  check: (network) => {
    const held = new Set<string>();
    for (const [address] of actors(network, 'contact')) held.add(contactId(address));
    for (const [id, centre] of network.arrived) {
      const ends = (network.outcomes.get(id) ?? []).filter((outcome) => outcomes.has(outcome));
      if (ends.length > 1) return `contact ${id} (arrived at ${centre}) ended twice: ${ends.join(', ')}`;
      if (ends.length === 1 && held.has(id)) return `contact ${id} (arrived at ${centre}) ended ${ends[0]} yet is still held`;
      if (ends.length === 0 && !held.has(id)) return `contact ${id} (arrived at ${centre}) is lost: no centre holds it and it never ended`;
    }
    return undefined;
  },
};

/** The invariants a simulation checks when asked to (`contactmesh simulate --seeds`): DESIGN.md §8, 1–3. */
export const simulationInvariants: readonly SimulationProperty[] = [agentCapacity, oneOwner, nothingLost];
