import { contactIn } from '../machines/state-names.js';
import type { Property } from './explore.js';
import { heldWhileDown, type World, type WorldActor } from './world.js';

interface ContactView {
  readonly address: string;
  readonly id: string;
  readonly agent: string | null;
  readonly media: string;
  readonly actor: WorldActor;
}

/** The contacts of a world, kept per record of actors: several properties read them in each world. */
const views = new WeakMap<object, readonly ContactView[]>();

function contacts(world: World): readonly ContactView[] {
  let known = views.get(world.actors);
  if (known === undefined) {
    const found: ContactView[] = [];
    for (const address in world.actors) {
      const actor = world.actors[address] as WorldActor;
      if (actor.kind !== 'contact') continue;
      const context = actor.snapshot.context as { id: string; agent: string | null; media: string };
      found.push({ address, id: context.id, agent: context.agent, media: context.media, actor });
    }
    known = found;
    views.set(world.actors, known);
  }
  return known;
}

/** With an agent: offered or connected (in its wrap-up the contact has freed the agent: the agent's own wrap-up is the agent's). */
const withAgent = (c: ContactView): boolean => contactIn(c.actor.snapshot, 'offered', 'connected');

/**
 * Invariant 1 (DESIGN.md §8): an agent never holds more contacts than its capacity for the media —
 * counted from the contacts' side, over every centre (voice: one).
 */
export const agentCapacity: Property = {
  name: 'agent capacity (invariant 1)',
  check: (world) => {
    const held = new Map<string, string[]>();
    for (const c of contacts(world).filter(withAgent)) {
      if (c.agent === null) continue;
      const key = `${c.agent} ${c.media}`;
      held.set(key, [...(held.get(key) ?? []), c.address]);
    }
    for (const [key, list] of held) {
      const [agent = '', media = ''] = key.split(' ');
      const actor = world.actors[agent];
      const capacity = (actor?.snapshot.context as { capacity?: Record<string, number> } | undefined)?.capacity?.[media] ?? 1;
      if (list.length > capacity) return `${agent} holds ${list.length} ${media} contacts (capacity ${capacity}): ${list.join(', ')}`;
    }
    return undefined;
  },
};

/**
 * Invariant 2: a contact is offered to (or with) at most one agent at a time, and owned by one
 * centre — at most one live copy that is not handing itself over (the old owner's copy waits for
 * the new owner's answer beside the new one).
 */
export const singleOwner: Property = {
  name: 'one owner, one agent (invariant 2)',
  check: (world) => {
    const byId = new Map<string, ContactView[]>();
    for (const c of contacts(world)) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
    for (const [id, copies] of byId) {
      const owning = copies.filter((c) => !contactIn(c.actor.snapshot, 'handingOver'));
      if (owning.length > 1) return `contact ${id} is owned by ${owning.map((c) => c.address).join(' and ')}`;
      const agents = copies.filter(withAgent);
      if (agents.length > 1) return `contact ${id} is with ${agents.map((c) => c.agent).join(' and ')}`;
    }
    return undefined;
  },
};

/** A contact's final states that end it in the network (`forwarded` only ends one copy: it lives on elsewhere). */
const outcomes = new Set(['ended', 'abandoned', 'expired', 'substituted']);

/**
 * Invariant 3: nothing is lost — every contact that arrived has a live copy somewhere, or ended
 * with an outcome (handled, abandoned, substituted, expired), and never both, and never two outcomes.
 */
export const nothingLost: Property = {
  name: 'nothing lost (invariant 3)',
  check: (world) => {
    const ids = new Set<string>();
    const live = new Set<string>();
    const moving = new Set<string>();
    for (const c of contacts(world)) {
      ids.add(c.id);
      // The old owner's copy, handing the contact over, lives until the new owner answers: it is not the contact's life.
      if (contactIn(c.actor.snapshot, 'handingOver')) moving.add(c.id);
      else live.add(c.id);
    }
    // A centre that is down still has its customers on its ACD's lines: its contacts live on there.
    for (const id of heldWhileDown(world)) {
      ids.add(id);
      live.add(id);
    }
    const outcome = new Map<string, string[]>();
    for (const end of world.ended) {
      if (end.kind !== 'contact') continue;
      const id = end.address.slice(end.address.lastIndexOf('/') + 1);
      ids.add(id);
      if (outcomes.has(end.state)) outcome.set(id, [...(outcome.get(id) ?? []), `${end.state} at ${end.address}`]);
    }
    for (const id of [...ids].sort()) {
      const ends = outcome.get(id) ?? [];
      if (!live.has(id) && !moving.has(id) && ends.length === 0) return `contact ${id} is lost: no centre holds it and it never ended`;
      if (live.has(id) && ends.length > 0) return `contact ${id} ended (${ends.join(', ')}) yet lives on`;
      if (ends.length > 1) return `contact ${id} ended twice: ${ends.join(', ')}`;
    }
    return undefined;
  },
};

/** How long a contact and an agent may both wait, each free for the other, before the end counts it against liveness. */
export const livenessGraceMs = 10_000;

const modeOf = (world: World, centre: string): string | undefined =>
  (world.actors[`${centre}/router/main`]?.snapshot.context as { policy?: { mode?: { kind?: string } } } | undefined)?.policy?.mode?.kind;

/**
 * Invariant 8, bounded by the horizon (checked where the run ends quietly, at the horizon): no
 * contact waits in a queue while an agent who could take it — same centre, or both centres routing
 * as a network; the skill, room for the media — sits idle, both for at least
 * {@link livenessGraceMs} (a router looks again every few seconds).
 */
export const nobodyLeftWaiting: Property = {
  name: 'nobody left waiting beside an idle agent (invariant 8, by the horizon)',
  atEnd: true,
  check: (world) => {
    const agents = Object.entries(world.actors).filter(([, actor]) => actor.kind === 'agent');
    for (const c of contacts(world)) {
      if (!contactIn(c.actor.snapshot, 'queued')) continue;
      const contact = c.actor.snapshot.context as { skillset: string; media: string; owner: string; updatedAt: number };
      if (world.now - contact.updatedAt < livenessGraceMs) continue;
      for (const [address, actor] of agents) {
        const agent = actor.snapshot.context as {
          home: string;
          skills: Record<string, number>;
          capacity: Record<string, number>;
          work: readonly unknown[];
          shown: string;
          updatedAt: number;
        };
        const reachable =
          agent.home === contact.owner || (modeOf(world, agent.home) === 'network' && modeOf(world, contact.owner) === 'network');
        // Ready with no lease, no offer and no work, unchanged since (its last change is what the routers last heard).
        const free = agent.shown === 'free' && agent.work.length === 0 && world.now - agent.updatedAt >= livenessGraceMs;
        if (reachable && free && (agent.skills[contact.skillset] ?? 0) > 0 && (agent.capacity[contact.media] ?? 0) > 0)
          return `${c.address} has waited since ${contact.updatedAt} ms while ${address} has been free since ${agent.updatedAt} ms`;
      }
    }
    return undefined;
  },
};

/**
 * Invariant 4 (DESIGN.md §8): every auction ends and leaves no lease behind. In every world, an
 * agent's lease runs out by itself (its expiry timer is set); where the run ends quietly (at the
 * horizon), no auction still runs past its deadline and an award round for each ranked bid, and —
 * unless the network lost a message, which may be the release — no agent is still leased to an
 * actor that has ended (a bid that lost, a contact that went elsewhere).
 */
export const auctionsEnd: Property = {
  name: 'every auction ends and leaves no lease behind (invariant 4)',
  check: (world) => {
    for (const [address, actor] of Object.entries(world.actors)) {
      if (actor.kind !== 'agent') continue;
      const { lease } = actor.snapshot.context as { lease: { contact: string } | null };
      if (lease !== null && !world.timers.some((t) => t.address === address && t.id === 'lease'))
        return `${address} holds a lease (for ${lease.contact}) that never runs out`;
    }
    return undefined;
  },
};

/** The quiet end of invariant 4: auctions over, leases given back (see {@link auctionsEnd}). */
export const nothingLeftBehind: Property = {
  name: 'auctions over and leases given back where all is quiet (invariant 4, by the horizon)',
  atEnd: true,
  check: (world) => {
    for (const [address, actor] of Object.entries(world.actors)) {
      if (actor.kind === 'agent' && world.dropped === 0) {
        const { lease } = actor.snapshot.context as { lease: { holder: string; contact: string } | null };
        if (lease !== null && world.actors[lease.holder] === undefined)
          return `${address} is still leased (for ${lease.contact}) to ${lease.holder}, which has ended`;
      }
      if (actor.kind === 'auction') {
        const auction = actor.snapshot.context as { deadline: number; ranked: readonly unknown[]; policy: { awardMs: number } };
        const by = auction.deadline + auction.policy.awardMs * (auction.ranked.length + 2);
        if (world.now > by) return `${address} still runs at ${world.now} ms (its deadline was ${auction.deadline} ms)`;
      }
    }
    return undefined;
  },
};

/**
 * No deadlock: where nothing more can ever happen — no message on its way, nothing owed by the
 * outside, and no timer pending at all (not even past the horizon) — no contact still waits for
 * something (queued, being reserved, offered, moving). A contact in a call, or wrapping up, is
 * not waiting: its customer is being served.
 */
export const noDeadlock: Property = {
  name: 'no deadlock: nothing more can happen while a contact waits',
  atEnd: true,
  check: (world) => {
    if (world.timers.length > 0) return undefined;
    const waiting = contacts(world).find((c) => !contactIn(c.actor.snapshot, 'connected', 'wrapUp'));
    return waiting === undefined
      ? undefined
      : `${waiting.address} waits in ${JSON.stringify(waiting.actor.snapshot.value)} but nothing more can happen: no message, no timer, nothing owed`;
  },
};

/** No actor threw, failed to start, or was started twice. */
export const noFailures: Property = {
  name: 'no actor fails',
  check: (world) => (world.failures.length === 0 ? undefined : world.failures.join('; ')),
};

/** The ready-made invariants: agent capacity, one owner and one agent per contact, nothing lost, auctions end and leave no lease behind, nobody left waiting, no deadlock, no failures. */
export const invariants = {
  agentCapacity,
  singleOwner,
  nothingLost,
  auctionsEnd,
  nothingLeftBehind,
  nobodyLeftWaiting,
  noDeadlock,
  noFailures,
} as const;
