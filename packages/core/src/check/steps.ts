import { centreOf } from '../protocol/address.js';
import { goneStates } from '../protocol/messages/snapshots.js';
import { type Flight, heldWhileDown, lineOf, type OutsideEvent, reachable, type World } from './world.js';
import type { WorldEngine } from './world-engine.js';

/** How messages between centres may arrive: in order per link, or in any order. */
export type Ordering = 'fifo' | 'unordered';

/** What a model checks: its engine (machines, doors, outside answers), first world and script. */
export interface Model {
  readonly engine: WorldEngine;
  readonly initial: World;
  /** Outside events, in order: the next may happen at any point. */
  readonly script: readonly (OutsideEvent & { readonly label: string })[];
  readonly ordering: Ordering;
  /** Timers due after this time (ms) never fire: the run ends there. Without it, a machine that keeps a periodic timer has no last world. */
  readonly horizonMs: number;
  /** How a centre's process dies and starts again, where the model lets centres crash (`budget.crashes`). */
  readonly lives?: Lives;
}

/** A centre's process dying and starting again, as a model carries it out. */
export interface Lives {
  /** The centres that may crash. */
  readonly centres: readonly string[];
  /** The world after `centre`'s process dies (it is then in `down`). */
  crash(world: World, centre: string): World;
  /** The world after `centre`, down, starts its next life. */
  restart(world: World, centre: string): World;
  /** The world after `centre` loses the broker while it runs (it is then in `cut`), where the model lets it (`budget.partitions`). */
  cut?(world: World, centre: string): World;
  /** The world after `centre`, cut off, has the broker again. */
  heal?(world: World, centre: string): World;
}

/** One step the world can take, as data (a counterexample is a list of these, replayable). */
export type Choice =
  | { readonly kind: 'deliver'; readonly index: number }
  | { readonly kind: 'drop'; readonly index: number }
  | { readonly kind: 'duplicate'; readonly index: number }
  | { readonly kind: 'timer'; readonly index: number }
  | { readonly kind: 'outside' }
  | { readonly kind: 'react'; readonly index: number; readonly alternative: number }
  | { readonly kind: 'crash'; readonly centre: string }
  | { readonly kind: 'restart'; readonly centre: string }
  | { readonly kind: 'partition'; readonly centre: string }
  | { readonly kind: 'heal'; readonly centre: string };

/**
 * The flights that may arrive next: the first of each link (FIFO), or, unordered, every message
 * between actors — but replica publications always in their order per link (a broker keeps one
 * publisher's order on a topic; replicas drop an older rev).
 */
function deliverable(world: World, ordering: Ordering): number[] {
  const seen = new Set<string>();
  const next: number[] = [];
  world.flight.forEach((flight, i) => {
    const lane = ordering === 'fifo' ? flight.link : `${flight.link} ${flight.faulty ? 'inbox' : 'replica'}`;
    // Kept by a client cut off from the broker: it blocks its link (FIFO) or its lane behind it.
    if (flight.held === true) {
      seen.add(lane);
      return;
    }
    if (ordering === 'unordered' && flight.faulty) {
      next.push(i);
      return;
    }
    if (seen.has(lane)) return;
    seen.add(lane);
    next.push(i);
  });
  return next;
}

/** Every step the world can take now. Timers fire earliest first (time moves on only then). */
export function choices(model: Model, world: World): Choice[] {
  const out: Choice[] = [];
  const deliveries = deliverable(world, model.ordering);
  for (const index of deliveries) out.push({ kind: 'deliver', index });
  for (const index of deliveries) {
    if (!(world.flight[index] as Flight).faulty) continue;
    if (world.budget.drops > 0) out.push({ kind: 'drop', index });
    if (world.budget.duplicates > 0) out.push({ kind: 'duplicate', index });
  }
  const timers = world.timers.filter((t) => t.due <= model.horizonMs);
  if (timers.length > 0) {
    const due = Math.min(...timers.map((t) => t.due));
    world.timers.forEach((timer, index) => {
      if (timer.due === due) out.push({ kind: 'timer', index });
    });
  }
  // A contact arriving at a centre that is down waits for its next life (and the script with it).
  const next = model.script[world.script];
  if (next !== undefined && !('host' in next && world.down.includes(next.host.centre))) out.push({ kind: 'outside' });
  // A customer of a contact held by a centre that is down waits for its next life: hanging up or
  // giving a command then would be lost, which the ACD does not do (it tells the next life).
  const waiting = world.down.length === 0 ? undefined : new Set(heldWhileDown(world));
  world.reactions.forEach((reaction, index) => {
    reaction.alternatives.forEach(({ outside }, alternative) => {
      const contact = 'contact' in outside ? outside.contact : 'command' in outside ? outside.command.contact : undefined;
      if (contact !== undefined && waiting?.has(contact)) return;
      out.push({ kind: 'react', index, alternative });
    });
  });
  for (const centre of model.lives?.centres ?? []) {
    if (world.down.includes(centre)) out.push({ kind: 'restart', centre });
    else if (world.cut.includes(centre)) out.push({ kind: 'heal', centre });
    else {
      if (world.budget.crashes > 0) out.push({ kind: 'crash', centre });
      if (world.budget.partitions > 0 && model.lives?.cut !== undefined) out.push({ kind: 'partition', centre });
    }
  }
  return out;
}

const without = <T>(items: readonly T[], index: number): T[] => [...items.slice(0, index), ...items.slice(index + 1)];

function happen(model: Model, world: World, outside: OutsideEvent): World {
  if ('host' in outside) {
    const { centre, kind, id, input } = outside.host;
    // Hosted in a later life of its centre: that life's incarnation, and revs from there (as the runtime's `firstRev`).
    const life = world.lives[centre];
    const lived =
      life !== undefined && typeof input === 'object' && input !== null && 'incarnation' in input
        ? { ...input, incarnation: life, rev: life }
        : input;
    return model.engine.host(world, centre, kind, id, lived);
  }
  if ('command' in outside) {
    const { contact, id, commandId, tokenHash, command } = outside.command;
    const line = lineOf(world, contact);
    if (line === undefined) return world;
    return model.engine.host(world, centreOf(line), 'command', id, { commandId, contact: line, tokenHash, command });
  }
  if ('contact' in outside) {
    const line = lineOf(world, outside.contact);
    return line === undefined ? world : model.engine.deliver(world, line, outside.event);
  }
  return model.engine.deliver(world, outside.to, outside.event);
}

/**
 * A presence reaching a centre is what it knows of the sender from then on (its replica store); a
 * will also says what the store still holds of it. Heard after the receiver's desks took it, so
 * they see what it knew before.
 */
function hear(world: World, flight: Flight): World {
  if (flight.message.type === 'agent.snapshot' || flight.message.type === 'contact.snapshot') return heldAnew(world, flight);
  if (flight.message.type !== 'presence') return world;
  const body = flight.message.body as {
    centre: string;
    status: 'online' | 'offline';
    incarnation: number;
    agents?: unknown[];
    contacts?: unknown[];
  };
  const { centre, status, incarnation } = body;
  const receiver = centreOf(flight.to);
  const held = status === 'offline' && body.agents !== undefined ? { held: { agents: body.agents, contacts: body.contacts ?? [] } } : {};
  return { ...world, heard: { ...world.heard, [receiver]: { ...world.heard[receiver], [centre]: { status, incarnation, ...held } } } };
}

/**
 * A replica from a centre heard offline by its will: the receiver's store keeps it (a contact that
 * ended leaves it), so what the desk feeds again when that centre comes back is the latest.
 */
function heldAnew(world: World, flight: Flight): World {
  const receiver = centreOf(flight.to);
  const origin = centreOf(flight.message.from);
  const heard = world.heard[receiver]?.[origin];
  if (heard?.held === undefined) return world;
  const body = flight.message.body as { id: string; rev: number; state: string };
  const kind = flight.message.type === 'agent.snapshot' ? 'agents' : 'contacts';
  const list = heard.held[kind] as readonly { id: string; rev: number }[];
  const at = list.findIndex((item) => item.id === body.id);
  if (at >= 0 && (list[at] as { rev: number }).rev >= body.rev) return world;
  const others = list.filter((item) => item.id !== body.id);
  const next = kind === 'contacts' && goneStates.has(body.state as never) ? others : [...others, body];
  const held = { ...heard.held, [kind]: next };
  return { ...world, heard: { ...world.heard, [receiver]: { ...world.heard[receiver], [origin]: { ...heard, held } } } };
}

/** The world after `choice`. */
export function take(model: Model, world: World, choice: Choice): World {
  switch (choice.kind) {
    case 'deliver': {
      const flight = world.flight[choice.index] as Flight;
      const rest = { ...world, flight: without(world.flight, choice.index) };
      // Nobody is there to take it: a centre that is down, or cut off from the broker, loses what reaches it.
      if (!reachable(world, centreOf(flight.to))) return { ...rest, dropped: world.dropped + 1 };
      return hear(model.engine.arrive(rest, flight), flight);
    }
    case 'drop':
      return {
        ...world,
        flight: without(world.flight, choice.index),
        budget: { ...world.budget, drops: world.budget.drops - 1 },
        dropped: world.dropped + 1,
      };
    case 'duplicate': {
      const flight = world.flight[choice.index] as Flight;
      // The copy arrives now; the original is still on its way.
      const budget = { ...world.budget, duplicates: world.budget.duplicates - 1 };
      if (world.down.includes(centreOf(flight.to))) return { ...world, budget };
      return model.engine.arrive({ ...world, budget }, flight);
    }
    case 'timer': {
      const timer = world.timers[choice.index];
      if (timer === undefined) return world;
      const later = { ...world, now: Math.max(world.now, timer.due), timers: without(world.timers, choice.index) };
      return model.engine.deliver(later, timer.address, timer.event);
    }
    case 'outside': {
      const outside = model.script[world.script];
      if (outside === undefined) return world;
      return happen(model, { ...world, script: world.script + 1 }, outside);
    }
    case 'react': {
      const reaction = world.reactions[choice.index];
      const alternative = reaction?.alternatives[choice.alternative];
      if (alternative === undefined) return world;
      return happen(model, { ...world, reactions: without(world.reactions, choice.index) }, alternative.outside);
    }
    case 'crash':
      return model.lives?.crash(world, choice.centre) ?? world;
    case 'restart':
      return model.lives?.restart(world, choice.centre) ?? world;
    case 'partition':
      return model.lives?.cut?.(world, choice.centre) ?? world;
    case 'heal':
      return model.lives?.heal?.(world, choice.centre) ?? world;
  }
}

/** A short, readable form of a message body: its plain top-level fields. */
function brief(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const fields = Object.entries(body as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .slice(0, 5)
    .map(([k, v]) => `${k} ${String(v)}`);
  return fields.length === 0 ? '' : ` (${fields.join(', ')})`;
}

/** What `choice` does, in words, in `world` (before it is taken). */
export function describe(model: Model, world: World, choice: Choice): string {
  switch (choice.kind) {
    case 'deliver':
    case 'drop':
    case 'duplicate': {
      const flight = world.flight[choice.index] as Flight;
      const what = `${flight.message.type}${brief(flight.message.body)} from ${flight.message.from} to ${flight.to}`;
      if (choice.kind === 'drop') return `the network loses ${what}`;
      if (choice.kind === 'duplicate') return `the network delivers a copy of ${what} (the original is still on its way)`;
      return `${centreOf(flight.to)} receives ${what}`;
    }
    case 'timer': {
      const timer = world.timers[choice.index];
      return timer === undefined ? 'a timer' : `at ${timer.due} ms the timer ${timer.id} of ${timer.address} fires (${timer.event.type})`;
    }
    case 'outside':
      return `outside: ${model.script[world.script]?.label ?? 'nothing'}`;
    case 'react': {
      const reaction = world.reactions[choice.index];
      return `outside: ${reaction?.alternatives[choice.alternative]?.label ?? 'nothing'} (${reaction?.label ?? ''})`;
    }
    case 'crash':
      return `${choice.centre} crashes: its actors, its timers and every message still on its way to it are lost; its will tells the others it is offline`;
    case 'restart':
      return `${choice.centre} restarts: its next life takes back its contacts and agents from the network's replicas; its ACD logs its agents in again and re-syncs the calls still up`;
    case 'partition':
      return `${choice.centre} loses the broker but runs on: what is on its way to it is lost, what it sends waits in its client; its will tells the others it is offline`;
    case 'heal':
      return `${choice.centre} has the broker again: what it kept goes out, it says it is online and publishes its agents and contacts again, and hears the others' replicas`;
  }
}

/** How the actors' states changed between two worlds, e.g. `paris/agent/a1 idle → reserved`. */
export function changes(before: World, after: World): string[] {
  const out: string[] = [];
  const addresses = new Set([...Object.keys(before.actors), ...Object.keys(after.actors)]);
  for (const address of [...addresses].sort()) {
    const was = before.actors[address];
    const now = after.actors[address];
    const from = was === undefined ? undefined : JSON.stringify(was.snapshot.value);
    const to = now === undefined ? undefined : JSON.stringify(now.snapshot.value);
    if (from === to) continue;
    if (from === undefined) out.push(`${address} starts in ${to}`);
    else if (to === undefined) out.push(`${address} ends (was ${from})`);
    else out.push(`${address} ${from} → ${to}`);
  }
  return out.map((line) => line.replaceAll('"', ''));
}
