import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { AdapterCommand } from '../effects/adapter-command.js';
import type { Effect } from '../effects/effects.js';
import { contactIn } from '../machines/state-names.js';
import { centreOf } from '../protocol/address.js';
import type { CustomerCommand } from '../protocol/messages/customer-command.js';
import { goneStates } from '../protocol/messages/snapshots.js';
import { KeptSteps, messageOf } from './kept-steps.js';
import type { Stepped } from './stepper.js';

/** An actor of the world: the machine kind it runs and its snapshot now. */
export interface WorldActor {
  readonly kind: string;
  readonly snapshot: AnyMachineSnapshot;
}

/** A message between two centres, on its way: what the receiving runtime would deliver to `to`. */
export interface Flight {
  /** `{from centre}>{to centre}`: messages on one link keep their order (reliable FIFO per link). */
  readonly link: string;
  readonly to: string;
  readonly message: { readonly type: string; readonly from: string; readonly body: unknown };
  /** Whether the network's faults (drop, duplicate) may touch it: inbox messages yes, replica publications no. */
  readonly faulty: boolean;
  /** Sent by a centre cut off from the broker: its client keeps it until the connection is back (then it goes, in order). */
  readonly held?: true;
}

/** A pending timer of an actor: when it fires, `event` comes back to the actor at `due`. */
export interface WorldTimer {
  readonly address: string;
  readonly id: string;
  readonly due: number;
  readonly event: { readonly type: string; readonly [key: string]: unknown };
}

/** Something from outside the machines: an event for an actor, or a new actor (a contact arriving). */
export type OutsideEvent =
  | { readonly to: string; readonly event: { readonly type: string; readonly [key: string]: unknown } }
  /** For whichever centre has contact `contact`'s line now (the copy handing it over, while one does; else its copy); nobody, if none does. */
  | { readonly contact: string; readonly event: { readonly type: string; readonly [key: string]: unknown } }
  | { readonly host: { readonly centre: string; readonly kind: string; readonly id: string; readonly input: unknown } }
  /**
   * A customer's command from the status page, given where contact `contact`'s customer is (see
   * `lineOf`): that centre starts a command actor `{centre}/command/{id}` that asks the contact and
   * waits for its answer, as `centre.command` does; nobody, if no centre has the contact.
   */
  | {
      readonly command: {
        readonly contact: string;
        readonly id: string;
        readonly commandId: string;
        readonly tokenHash: string;
        readonly command: CustomerCommand;
      };
    };

/** What the outside world may answer to an adapter command (an agent answers an offer, or lets it ring): one of `alternatives`, some time later. */
export interface Reaction {
  readonly label: string;
  readonly alternatives: readonly { readonly label: string; readonly outside: OutsideEvent }[];
}

/** A world of the model checker: every actor of every centre, the messages in flight, the timers, what is left of the script. */
export interface World {
  /** Virtual time, ms. */
  readonly now: number;
  readonly actors: Readonly<Record<string, WorldActor>>;
  readonly flight: readonly Flight[];
  readonly timers: readonly WorldTimer[];
  /** How many of the scenario's outside events have happened. */
  readonly script: number;
  /** What the outside world still owes an answer to. */
  readonly reactions: readonly Reaction[];
  /** Faults the network may still inject, and centres that may still crash. */
  readonly budget: { readonly drops: number; readonly duplicates: number; readonly crashes: number; readonly partitions: number };
  /** Centres whose process is down (crashed, not yet restarted), in order. */
  readonly down: readonly string[];
  /** Centres that run but are cut off from the broker (a partition, not yet healed), in order. */
  readonly cut: readonly string[];
  /** Each centre's incarnation now (missing: 0, its first life). */
  readonly lives: Readonly<Record<string, number>>;
  /**
   * The last value published on each retained topic (the replicas), as the broker keeps it: what
   * a crashed centre's will and its next life read. Kept only where the rules say so (`retains`).
   */
  readonly retained: Readonly<Record<string, unknown>>;
  /**
   * What a centre cut off from the broker published to retained topics meanwhile, by centre, then
   * topic: its client still has it; the broker has it once the centre heals.
   */
  readonly unsent: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * What each centre last heard of another's presence (its will, a next life's announcement), as
   * its replica store keeps it: `heard[receiver][sender]`. A centre not heard of is taken as online
   * in its first life.
   */
  readonly heard: Readonly<Record<string, Readonly<Record<string, HeardPresence>>>>;
  /** Messages the network has lost so far (what is left of the budget says as much; this says it without the budget it started with). */
  readonly dropped: number;
  /** Actors that threw, with why: a world with one is a counterexample of its own. */
  readonly failures: readonly string[];
  /** Adapter commands given, in order (`{centre}: {kind} …`): what the ACDs were asked to do. */
  readonly commands: readonly { readonly centre: string; readonly command: AdapterCommand }[];
  /** Messages for an address with no actor and no door (counted, as the runtime counts them). */
  readonly undeliverable: number;
  /** Actors that reached a final state, in order, with that state: a contact's outcome. */
  readonly ended: readonly { readonly address: string; readonly kind: string; readonly state: string }[];
}

/** A centre's presence as another heard it. */
export interface HeardPresence {
  readonly status: 'online' | 'offline';
  readonly incarnation: number;
}

/** An event for an actor of the centre. */
export interface Told {
  readonly to: string;
  readonly event: { readonly type: string; readonly [key: string]: unknown };
}

/** What a door does with a message: pass an event to an actor, or start an actor (an auction desk hosting an auction). */
export type DoorPass = Told | { readonly host: { readonly kind: string; readonly id: string; readonly input: unknown } };

/**
 * A door: what a centre's desk does with a message for an address no machine holds
 * (`{centre}/handover/main`): the events to pass to actors, with the facts the desk reads as the
 * message arrives — here read from the world itself — and the actors to start. `undefined` or
 * nothing: the desk drops it. A door takes messages from other centres and from its own centre's
 * actors alike.
 */
export type Door = (world: World, centre: string, message: Flight['message']) => DoorPass | readonly DoorPass[] | undefined;

/** How the model carries out what the machines ask: the kinds it can host, its doors, who hears a publication, how the outside answers. */
export interface WorldRules {
  /** Machines by kind: an actor `{centre}/{kind}/{id}` runs `kinds[kind]`. */
  readonly kinds: Readonly<Record<string, AnyStateMachine>>;
  /** Doors by address within a centre (`handover/main`). */
  readonly doors?: Readonly<Record<string, Door>>;
  /** The addresses that hear a publication on `topic` from `centre`: another centre's get it over the network, the centre's own at once. */
  readonly subscribers?: (topic: string, centre: string, world: World) => readonly string[];
  /** What a centre's desks do when one of its actors ends (an auction desk tells the auctioneer): events for actors of that centre. */
  readonly ended?: (world: World, address: string, snapshot: AnyMachineSnapshot) => readonly Told[];
  /** What the outside world may answer to an adapter command, if anything. */
  readonly react?: (command: AdapterCommand, centre: string) => Reaction | undefined;
  /** Topics whose last publication the broker keeps (`World.retained`); none by default. */
  readonly retains?: (topic: string) => boolean;
  /**
   * Whether the door at `door` (`handover/main`) reads only its own centre — its actors, what it
   * heard — for a message of type `type`. The checker's reduction takes two centres' steps that
   * read only their own in one order where either order leads to the same world; a step that
   * passes a door reading further is taken in every order. Missing: the model makes no such
   * claim, and the reduction takes every order. A model that gives it also promises that
   * `subscribers` and `ended` read only the centre they are given.
   */
  readonly ownCentreOnly?: (door: string, type: string) => boolean;
  /** Told of every machine step taken (kind, snapshot before, event): for tools that trace or measure. */
  readonly observe?: (kind: string, snapshot: AnyMachineSnapshot, event: { readonly type: string }) => void;
}

/** A world's actions carried out: the steppers of its kinds, made once. */
export class WorldEngine {
  readonly #steps: KeptSteps;
  #wide = 0;

  constructor(readonly rules: WorldRules) {
    this.#steps = new KeptSteps(rules.kinds, rules.observe);
  }

  /** Starts an actor of `kind` at `{centre}/{kind}/{id}` and carries out what its entry does, with everything that follows inside the centre. */
  host(world: World, centre: string, kind: string, id: string, input: unknown): World {
    const queue: Local[] = [];
    const next = draft(world);
    this.#host(next, centre, kind, id, input, queue);
    this.#drain(next, queue);
    return next;
  }

  /** `event` reaches the actor at `address` (stamped with the world's time), and everything that follows inside its centre happens. */
  deliver(world: World, address: string, event: { readonly type: string }): World {
    const next = draft(world);
    this.#drain(next, [{ to: address, event }]);
    return next;
  }

  /** A message arrives at its centre from the network: to its actor, through a door, or nowhere. */
  arrive(world: World, flight: Flight): World {
    return this.deliver(world, flight.to, flight.message);
  }

  /**
   * How many steps so far read beyond their own centre (a door that does, or a model that makes
   * no claim: see `WorldRules.ownCentreOnly`). The checker reads it around each step.
   */
  get wide(): number {
    return this.#wide;
  }

  /** The door at `address`, if a desk is there. */
  #door(address: string): Door | undefined {
    const centre = centreOf(address);
    return this.rules.doors?.[address.slice(centre.length + 1)];
  }

  /** A door takes a message: what it passes goes on in the centre's queue; what it starts is started. */
  #through(world: Draft, door: Door, address: string, message: { readonly type: string }, queue: Local[]): void {
    const centre = centreOf(address);
    if (this.rules.ownCentreOnly?.(address.slice(centre.length + 1), message.type) !== true) this.#wide += 1;
    const passed = door(world, centre, message as Flight['message']);
    if (passed === undefined) return;
    for (const pass of Array.isArray(passed) ? (passed as readonly DoorPass[]) : [passed as DoorPass]) {
      if ('host' in pass) this.#host(world, centre, pass.host.kind, pass.host.id, pass.host.input, queue);
      else queue.push({ to: pass.to, event: pass.event });
    }
  }

  #host(world: Draft, centre: string, kind: string, id: string, input: unknown, queue: Local[]): void {
    const address = `${centre}/${kind}/${id}`;
    if (world.actors[address] !== undefined) {
      world.failures = [...world.failures, `${address} hosted twice`];
      return;
    }
    const stamped = typeof input === 'object' && input !== null && !('at' in input) ? { ...input, at: world.now } : input;
    let started: Stepped;
    try {
      started = this.#steps.start(kind, stamped);
    } catch (error) {
      world.failures = [...world.failures, `${address} failed to start: ${(error as Error).message}`];
      return;
    }
    this.#took(world, address, kind, started.snapshot, started.effects, queue);
  }

  #drain(world: Draft, queue: Local[]): void {
    for (let i = 0; i < queue.length; i += 1) {
      const { to, event } = queue[i] as Local;
      const actor = world.actors[to];
      if (actor === undefined) {
        const door = this.#door(to);
        if (door === undefined) world.undeliverable += 1;
        else this.#through(world, door, to, event, queue);
        continue;
      }
      let stepped: Stepped;
      try {
        stepped = this.#steps.step(actor.kind, actor.snapshot, event, world.now);
      } catch (error) {
        world.failures = [...world.failures, `${to} threw on ${event.type}: ${(error as Error).message}`];
        continue;
      }
      this.#took(world, to, actor.kind, stepped.snapshot, stepped.effects, queue);
    }
  }

  /** The actor's new snapshot (removed, with its timers, once done) and its effects carried out. */
  #took(world: Draft, address: string, kind: string, snapshot: AnyMachineSnapshot, effects: readonly Effect[], queue: Local[]): void {
    if (snapshot.status === 'error') {
      const error = (snapshot as { error?: unknown }).error;
      world.failures = [...world.failures, `${address} failed: ${error instanceof Error ? error.message : String(error)}`];
      return;
    }
    const done = snapshot.status === 'done';
    const actors = world.actors as Record<string, WorldActor>;
    if (done) {
      delete actors[address];
      world.timers = world.timers.filter((t) => t.address !== address);
      world.ended = [...world.ended, { address, kind, state: String(snapshot.value) }];
    } else actors[address] = { kind, snapshot };
    for (const effect of effects) this.#effect(world, address, effect, queue);
    if (done) for (const told of this.rules.ended?.(world, address, snapshot) ?? []) queue.push(told);
  }

  #effect(world: Draft, address: string, effect: Effect, queue: Local[]): void {
    const centre = centreOf(address);
    switch (effect.type) {
      case 'effect.send': {
        const message = messageOf(effect, effect.as ?? address);
        if (centreOf(effect.to) === centre) {
          queue.push({ to: effect.to, event: message });
          return;
        }
        const flights = outward(world, centre, [{ link: `${centre}>${centreOf(effect.to)}`, to: effect.to, message, faulty: true }]);
        if (flights === undefined) world.dropped += 1;
        else world.flight = [...world.flight, ...flights];
        return;
      }
      case 'effect.publish': {
        const to = this.rules.subscribers?.(effect.topic, centre, world) ?? [];
        const message = messageOf(effect, address);
        for (const here of to) if (centreOf(here) === centre) queue.push({ to: here, event: message });
        const flights =
          outward(
            world,
            centre,
            to
              .filter((there) => centreOf(there) !== centre)
              .map((there): Flight => ({ link: `${centre}>${centreOf(there)}`, to: there, message, faulty: false })),
          ) ?? [];
        if (this.rules.retains?.(effect.topic) === true) {
          if (world.cut.includes(centre))
            world.unsent = { ...world.unsent, [centre]: { ...world.unsent[centre], [effect.topic]: message.body } };
          else world.retained = { ...world.retained, [effect.topic]: message.body };
        }
        if (flights.length > 0) world.flight = [...world.flight, ...flights];
        return;
      }
      case 'effect.schedule': {
        const timers = world.timers.filter((t) => !(t.address === address && t.id === effect.timerId));
        world.timers = [...timers, { address, id: effect.timerId, due: world.now + effect.delayMs, event: effect.event }];
        return;
      }
      case 'effect.cancel':
        world.timers = world.timers.filter((t) => !(t.address === address && t.id === effect.timerId));
        return;
      case 'effect.adapter': {
        const reaction = this.rules.react?.(effect.command, centre);
        world.commands = [...world.commands, { centre, command: effect.command }];
        if (reaction !== undefined) world.reactions = [...world.reactions, reaction];
        return;
      }
      case 'effect.host':
        this.#host(world, centre, effect.kind, effect.id, effect.input, queue);
        return;
      case 'effect.clear':
        return;
    }
  }
}

interface Local {
  readonly to: string;
  readonly event: { readonly type: string };
}

/** A world a step changes in place: its own copy, made once as the step begins. */
type Draft = { -readonly [K in keyof World]: World[K] };

/**
 * A world a step (a delivery, an actor started, and everything that follows inside the centre)
 * changes in place: the world and its record of actors are copied once as the step begins, rather
 * than once per machine step and per effect; the lists in it (messages, timers, …) are still
 * replaced, never changed, as other worlds share them. Only the finished world leaves the engine.
 */
const draft = (world: World): Draft => ({ ...world, actors: { ...world.actors } });

/**
 * Messages a centre sends to others, as the network takes them: held by the sender's client while
 * it is cut off from the broker, and not at all for a centre that is down or cut off (its session
 * is clean: the broker keeps nothing for it, and its next life hears only the retained values).
 * `undefined`: every one of them was lost.
 */
function outward(world: World, centre: string, flights: readonly Flight[]): readonly Flight[] | undefined {
  if (world.cut.length === 0 && world.down.length === 0) return flights;
  const reach = flights.filter((flight) => reachable(world, centreOf(flight.to)));
  if (reach.length === 0 && flights.length > 0) return undefined;
  return world.cut.includes(centre) ? reach.map((flight) => ({ ...flight, held: true as const })) : reach;
}

/** Whether the broker can reach `centre` now: it is neither down nor cut off. */
export const reachable = (world: World, centre: string): boolean => !world.down.includes(centre) && !world.cut.includes(centre);

/** An empty world at time `now`, with fault budgets (none unless given). */
export const emptyWorld = (budget: Partial<World['budget']> = {}, now = 0): World => ({
  now,
  actors: {},
  flight: [],
  timers: [],
  script: 0,
  reactions: [],
  budget: {
    drops: budget.drops ?? 0,
    duplicates: budget.duplicates ?? 0,
    crashes: budget.crashes ?? 0,
    partitions: budget.partitions ?? 0,
  },
  down: [],
  cut: [],
  lives: {},
  retained: {},
  unsent: {},
  heard: {},
  dropped: 0,
  failures: [],
  commands: [],
  undeliverable: 0,
  ended: [],
});

/** Every copy of contact `contact` in the world, by address. */
const copiesOf = (world: World, contact: string): string[] =>
  Object.keys(world.actors).filter((address) => world.actors[address]?.kind === 'contact' && address.endsWith(`/contact/${contact}`));

/** The centre that owns contact `contact`: the one holding a copy that is not handing itself over, if any. */
export function ownerOf(world: World, contact: string): string | undefined {
  const owning = copiesOf(world, contact).find((address) => !contactIn(world.actors[address]?.snapshot, 'handingOver'));
  return owning === undefined ? undefined : centreOf(owning);
}

/** The copy that has contact `contact`'s customer on the line: the one handing it over while a move waits for its answer, else its copy. */
export function lineOf(world: World, contact: string): string | undefined {
  const copies = copiesOf(world, contact);
  return copies.find((address) => contactIn(world.actors[address]?.snapshot, 'handingOver')) ?? copies[0];
}

/** The contacts a centre that is down still has, as the network last heard of them: its ACD still holds their customers. */
export function heldWhileDown(world: World): string[] {
  const ids: string[] = [];
  for (const centre of world.down) {
    const prefix = `replica/${centre}/contact/`;
    for (const [topic, body] of Object.entries(world.retained)) {
      if (!topic.startsWith(prefix)) continue;
      if (!goneStates.has((body as { state: string }).state)) ids.push(topic.slice(prefix.length));
    }
  }
  return ids;
}
