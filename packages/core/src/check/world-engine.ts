import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { AdapterCommand } from '../effects/adapter-command.js';
import type { Effect } from '../effects/effects.js';
import { centreOf } from '../protocol/address.js';
import { KeptSteps, messageOf } from './kept-steps.js';
import type { Stepped } from './stepper.js';
import { type Flight, type Reaction, reachable, type World, type WorldActor } from './world.js';

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
