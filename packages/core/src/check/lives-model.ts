import { firstRev, recoveredInput } from '../machines/handover/adoption.js';
import { centreOf } from '../protocol/address.js';
import { type AgentSnapshot, type ContactSnapshot, goneStates } from '../protocol/messages/snapshots.js';
import type { Lives } from './steps.js';
import { type Flight, type OutsideEvent, reachable, type World } from './world.js';
import type { WorldEngine } from './world-engine.js';

/** What {@link centreLives} needs from its network model. */
export interface LivesOptions {
  readonly engine: WorldEngine;
  readonly centres: readonly string[];
  /** A centre's own desks and machines started, in its life `incarnation`. */
  readonly start: (world: World, centre: string, incarnation: number) => World;
  /** The centre's auctioneer, when it auctions. */
  readonly auctioneerOf: (centre: string) => string | undefined;
}

/** The retained replicas of `kind` a centre published, as the broker keeps them. */
function retainedOf<T>(world: World, centre: string, kind: 'agent' | 'contact'): T[] {
  const prefix = `replica/${centre}/${kind}/`;
  return Object.keys(world.retained)
    .filter((topic) => topic.startsWith(prefix))
    .sort()
    .map((topic) => world.retained[topic] as T);
}

const without = <T>(items: readonly T[], item: T): T[] => items.filter((other) => other !== item);

/**
 * The message a retained replica value makes when a centre hears it (a next life subscribing, a
 * centre back from a partition): one per value, so the worlds that hear the same value hand the
 * machines the same event (the engine takes a step it took before again).
 */
const heardReplicas = new WeakMap<object, { readonly type: string; readonly from: string; readonly body: unknown }>();
function replicaMessage(topic: string, body: unknown) {
  const [, owner = '', kind = '', id = ''] = topic.split('/');
  const kept = typeof body === 'object' && body !== null ? heardReplicas.get(body) : undefined;
  if (kept !== undefined && kept.from === `${owner}/${kind}/${id}`) return kept;
  const message = { type: `${kind}.snapshot`, from: `${owner}/${kind}/${id}`, body };
  if (typeof body === 'object' && body !== null) heardReplicas.set(body, message);
  return message;
}

const login = { type: 'login' } as const;
const ready = { type: 'ready' } as const;

/** Whether an outside event is for an actor of `centre` (an offer ringing at its agent, a call of its contact). */
const forCentre = (outside: OutsideEvent, centre: string): boolean =>
  'to' in outside ? centreOf(outside.to) === centre : 'host' in outside && outside.host.centre === centre;

/**
 * How a centre of a network model dies and starts again, as the runtime does it (DESIGN.md §4):
 *
 * - **crash**: its actors and timers are gone, every message on its way to it is lost (and what
 *   reaches it while it is down), what the outside owed its agents and calls is moot; the broker
 *   fires its will, which reaches every other centre after whatever the centre published before:
 *   their network desks forget its agents (as logged out) and its contacts (as ended), as
 *   `centre/network.ts` does for a centre gone offline. Its ACD still holds its customers.
 * - **restart**: its next life (incarnation: now, or one past the last) starts its router and
 *   desks, takes back every contact and agent its replicas still show live (`recoveredInput`, the
 *   runtime's own recovery: a contact back in the queue with its seniority, a move in progress
 *   asked again, a call still up held for its agent), hears the others' replicas, and its ACD logs
 *   its agents in again: each with a call still up is re-synced with it (`resume`), the rest ready.
 */
export function centreLives(options: LivesOptions): Lives {
  const { engine, centres, start } = options;
  const routerOf = (centre: string): string => `${centre}/router/main`;
  /** A centre's presence (its will, its next life's or its return's announcement) on its way to the network desk of every other centre the broker can reach, in order with its replicas. */
  const presenceOf = (world: World, centre: string, body: object): Flight[] =>
    centres
      .filter((other) => other !== centre && reachable(world, other))
      .map((other) => ({
        link: `${centre}>${other}`,
        to: `${other}/replicas/main`,
        message: { type: 'presence', from: `${centre}/network/main`, body },
        faulty: false,
      }));

  /** A centre's will as the broker fires it: offline, with its agents and its live contacts as the broker last had them. */
  const willOf = (world: World, centre: string) => ({
    centre,
    status: 'offline',
    incarnation: world.lives[centre] ?? 0,
    agents: retainedOf<AgentSnapshot>(world, centre, 'agent'),
    contacts: retainedOf<ContactSnapshot>(world, centre, 'contact').filter((contact) => !goneStates.has(contact.state)),
  });

  const crash = (world: World, centre: string): World => {
    const mine = (address: string): boolean => centreOf(address) === centre;
    const actors = Object.fromEntries(Object.entries(world.actors).filter(([address]) => !mine(address)));
    const lost = world.flight.filter((flight) => mine(flight.to));
    const will = presenceOf(world, centre, willOf(world, centre));
    return {
      ...world,
      actors,
      flight: [...world.flight.filter((flight) => !mine(flight.to)), ...will],
      timers: world.timers.filter((timer) => !mine(timer.address)),
      reactions: world.reactions.filter((reaction) => !reaction.alternatives.some((a) => forCentre(a.outside, centre))),
      budget: { ...world.budget, crashes: world.budget.crashes - 1 },
      // The crash itself loses what the centre was about to send: a loss, as the properties count them.
      dropped: world.dropped + lost.length + 1,
      down: [...world.down, centre].sort(),
    };
  };

  const restart = (world: World, centre: string): World => {
    // Its life starts at the clock's ms, past every rev of the last (the runtime tells an earlier
    // life's objects by a rev below its incarnation).
    const revs = Object.keys(world.retained)
      .filter((topic) => topic.startsWith(`replica/${centre}/`))
      .map((topic) => (world.retained[topic] as { rev?: number }).rev ?? 0);
    const incarnation = Math.max(world.now, (world.lives[centre] ?? 0) + 1, 1 + Math.max(0, ...revs));
    const agents = retainedOf<AgentSnapshot>(world, centre, 'agent').filter((agent) => agent.state !== 'loggedOut');
    const contacts = retainedOf<ContactSnapshot>(world, centre, 'contact').filter((contact) => !goneStates.has(contact.state));
    // Its presence, announced first: each other centre hears the new life before its replicas.
    const presence = presenceOf(world, centre, { centre, status: 'online', incarnation });
    let next = start(
      {
        ...world,
        down: without(world.down, centre),
        lives: { ...world.lives, [centre]: incarnation },
        flight: [...world.flight, ...presence],
      },
      centre,
      incarnation,
    );
    const auctioneer = options.auctioneerOf(centre);
    const facts = { centre, router: routerOf(centre), incarnation, contactPolicy: {}, ...(auctioneer === undefined ? {} : { auctioneer }) };
    const held = new Map<string, ContactSnapshot>();
    for (const contact of contacts) {
      const input = recoveredInput(contact, facts);
      if (input.held !== undefined) held.set(input.held.agent, contact);
      next = engine.host(next, centre, 'contact', contact.id, input);
    }
    // The others' replicas, as the new life subscribes: its network desk feeds its router, and tells a copy it took back that is newer elsewhere.
    for (const topic of Object.keys(next.retained).sort()) {
      if (topic.split('/')[1] === centre) continue;
      next = engine.deliver(next, `${centre}/replicas/main`, replicaMessage(topic, next.retained[topic]));
    }
    for (const agent of agents) {
      const address = `${centre}/agent/${agent.id}`;
      const input = {
        id: agent.id,
        home: centre,
        router: routerOf(centre),
        displayName: agent.displayName,
        skills: agent.skills,
        capacity: agent.capacity,
        rev: firstRev(incarnation, agent.rev),
      };
      next = engine.host(next, centre, 'agent', agent.id, input);
      next = engine.deliver(next, address, login);
      const call = held.get(address);
      const resume =
        call === undefined ? undefined : { type: 'resume', contact: call.id, media: call.media, from: `${centre}/contact/${call.id}` };
      next = engine.deliver(next, address, resume ?? ready);
    }
    return next;
  };

  /**
   * The centre loses the broker and runs on (its session is clean): what is on its way to it is
   * lost, what it sends from now on waits in its client, and the broker fires its will.
   */
  const cut = (world: World, centre: string): World => {
    const lost = world.flight.filter((flight) => centreOf(flight.to) === centre);
    const will = presenceOf(world, centre, willOf(world, centre));
    return {
      ...world,
      flight: [...world.flight.filter((flight) => centreOf(flight.to) !== centre), ...will],
      budget: { ...world.budget, partitions: world.budget.partitions - 1 },
      dropped: world.dropped + lost.filter((flight) => flight.faulty).length,
      cut: [...world.cut, centre].sort(),
    };
  };

  /**
   * The centre has the broker again, as `centre/network.ts` does on a reconnect: what its client
   * kept goes out in order; it announces itself online (its life unchanged) and publishes each of
   * its live agents and contacts again (revs unchanged); and it hears what it missed — every other
   * centre's presence and last replicas, as the broker keeps them (which `replicas.check` makes
   * sure of for contacts that ended meanwhile).
   */
  const heal = (world: World, centre: string): World => {
    const incarnation = world.lives[centre] ?? 0;
    // What it published to retained topics while cut off reaches the broker with what it kept.
    const { [centre]: unsent = {}, ...stillUnsent } = world.unsent;
    const retained = { ...world.retained, ...unsent };
    const others = centres.filter((other) => other !== centre);
    const reached = others.filter((other) => reachable(world, other));
    const again = [
      ...presenceOf(world, centre, { centre, status: 'online', incarnation }),
      ...(['agent', 'contact'] as const).flatMap((kind) =>
        Object.keys(retained)
          .filter((topic) => topic.startsWith(`replica/${centre}/${kind}/`) && world.actors[topic.slice('replica/'.length)] !== undefined)
          .sort()
          .flatMap((topic) => {
            const message = replicaMessage(topic, retained[topic]);
            return reached.map((other): Flight => ({ link: `${centre}>${other}`, to: `${other}/replicas/main`, message, faulty: false }));
          }),
      ),
    ];
    const kept = world.flight.map((flight) => {
      if (flight.held !== true || !flight.link.startsWith(`${centre}>`)) return flight;
      const { held: _held, ...sent } = flight;
      return sent;
    });
    // What the broker says of the others: online, or gone (down, or cut off too: their wills fired).
    const heard = Object.fromEntries(
      others.map((other) => {
        const incarnation = world.lives[other] ?? 0;
        if (reachable(world, other)) return [other, { status: 'online', incarnation }] as const;
        const { agents, contacts } = willOf(world, other);
        return [other, { status: 'offline', incarnation, held: { agents, contacts } }] as const;
      }),
    );
    let next: World = {
      ...world,
      cut: without(world.cut, centre),
      flight: [...kept, ...again],
      retained,
      unsent: stillUnsent,
      heard: { ...world.heard, [centre]: { ...world.heard[centre], ...heard } },
    };
    for (const other of others) {
      if (!reachable(world, other)) {
        const will = { type: 'presence', from: `${other}/network/main`, body: willOf(world, other) };
        next = engine.deliver(next, `${centre}/replicas/main`, will);
        continue;
      }
      for (const topic of Object.keys(next.retained).sort()) {
        if (topic.split('/')[1] !== other) continue;
        next = engine.deliver(next, `${centre}/replicas/main`, replicaMessage(topic, next.retained[topic]));
      }
    }
    return next;
  };

  return { centres, crash, restart, cut, heal };
}
