import { type Centre, createCentre, type InboundMessage, sequentialIds, type Transport, VirtualClock } from '@contactmesh/core';
import {
  type Choice,
  centreRoles,
  describe,
  lineOf,
  type Model,
  type NetworkModelOptions,
  networkModel,
  replay,
  type World,
} from '@contactmesh/core/check';
import { createMemoryHub, interceptInbound } from '@contactmesh/transports/memory';

/** One step of a counterexample as the real centres took it. */
export interface RuntimeStep {
  /** 1-based, as in the story. */
  readonly step: number;
  readonly story: string;
}

/** How a counterexample went in the real runtime. */
export interface RuntimeReplay {
  /** Steps the runtime took as the checker did, in order. */
  readonly steps: readonly RuntimeStep[];
  /** Where the runtime did not follow: the step, and what was different. `undefined`: it followed to the end. */
  readonly diverged?: { readonly step: number; readonly reason: string };
  /** The real centres, stopped where the replay ended (for a debugger or a test); call `stop()` when done. */
  readonly centres: ReadonlyMap<string, Centre>;
  stop(): Promise<void>;
}

/** What a held message is, as the checker names its flights: `{from centre}>{to centre} {type} {sender}`. */
const identity = (link: string, type: string, from: string): string => `${link} ${type} ${from}`;

/**
 * A presence is named by what it says (a will: offline; a next life: online) and its life, and
 * as coming from the centre's network desk, as the checker sends it (the runtime signs it as
 * `{centre}/runtime/main`; a will is the broker's).
 */
function named(type: string, from: string, body: unknown): { readonly type: string; readonly from: string } {
  if (typeof body !== 'object' || body === null) return { type, from };
  if (type === 'agent.snapshot' || type === 'contact.snapshot') {
    // A replica is the object's, whoever in its centre sends it (its actor, or the network desk
    // publishing it again after a lost connection), as the checker names it.
    const { id } = body as { id?: unknown };
    return typeof id === 'string' ? { type, from: `${centreOf(from)}/${type.slice(0, type.indexOf('.'))}/${id}` } : { type, from };
  }
  if (type !== 'presence') return { type, from };
  const { centre, status, incarnation } = body as { centre?: unknown; status?: unknown; incarnation?: unknown };
  return { type: `presence:${String(status)}:${String(incarnation)}`, from: `${String(centre)}/network/main` };
}
const centreOf = (address: string): string => address.slice(0, address.indexOf('/') < 0 ? address.length : address.indexOf('/'));

interface Held {
  readonly message: InboundMessage;
  readonly deliver: (message: InboundMessage) => void;
}

/** Reads a wire message's type and sender without checking it (the runtime checks it when it is delivered). */
function envelopeOf(message: InboundMessage): { type: string; from: string } | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(message.payload)) as { type?: unknown; from?: unknown; body?: unknown };
    return typeof parsed.type === 'string' && typeof parsed.from === 'string' ? named(parsed.type, parsed.from, parsed.body) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A centre's transport whose inbound messages the replay holds: a message the checker's run has
 * as a flight waits until the story delivers it (or loses it); anything the checker does not model
 * (presence, status pages, a centre's own replicas coming back) goes through at once.
 */
function heldTransport(
  inner: Transport,
  modelled: ReadonlySet<string>,
  queues: Map<string, Held[]>,
  through: (key: string, centre: string) => boolean,
): Transport {
  return interceptInbound(inner, (message, pass) => {
    const envelope = envelopeOf(message);
    const key = envelope === undefined ? undefined : identity(`${centreOf(envelope.from)}>${inner.id}`, envelope.type, envelope.from);
    if (key === undefined || !modelled.has(key) || through(key, inner.id)) {
      pass(message);
      return;
    }
    const queue = queues.get(key) ?? [];
    queue.push({ message, deliver: pass });
    queues.set(key, queue);
  });
}

/** Every flight identity of every world of the run: the messages the replay holds for the story. */
function modelledMessages(worlds: readonly World[]): Set<string> {
  const out = new Set<string>();
  for (const world of worlds) {
    for (const f of world.flight) {
      const { type, from } = named(f.message.type, f.message.from, f.message.body);
      out.add(identity(f.link, type, from));
    }
  }
  return out;
}

/** Where the real actors' states differ from the checker's world, if they do (agents and contacts: their state names). */
function difference(world: World, centres: ReadonlyMap<string, Centre>, behind: ReadonlySet<string> = new Set()): string | undefined {
  for (const [address, actor] of Object.entries(world.actors)) {
    if ((actor.kind !== 'agent' && actor.kind !== 'contact') || behind.has(address)) continue;
    const real = centres.get(centreOf(address))?.runtime.snapshot(address) as { value: unknown } | undefined;
    const expected = JSON.stringify(actor.snapshot.value);
    if (real === undefined) return `${address} is ${expected} in the checker, and not there in the runtime`;
    if (JSON.stringify(real.value) !== expected)
      return `${address} is ${expected} in the checker, ${JSON.stringify(real.value)} in the runtime`;
  }
  for (const [id, centre] of centres) {
    for (const address of centre.runtime.addresses()) {
      if (!address.startsWith(`${id}/contact/`) && !address.startsWith(`${id}/agent/`)) continue;
      if (world.actors[address] === undefined && !behind.has(address)) return `${address} is in the runtime, not in the checker`;
    }
  }
  return undefined;
}

/**
 * Takes a counterexample's steps again in **real centres** — `createCentre`, the memory hub and a
 * virtual clock — so a developer can step through the production code with a debugger: the
 * contacts arrive, agents answer, calls end and customers hang up through the public API, time
 * moves to each timer the story fires, and each message between centres is delivered (or lost,
 * or copied) when the story says so. After every step the agents' and contacts' states are
 * compared with the checker's world — once the checker has fired every timer the real clock has
 * (the clock fires all that are due at once) — and where they differ, the replay stops and says
 * how (`diverged`). A counterexample that the runtime follows to the end is a bug of the runtime's, not
 * of the model's.
 *
 * @example
 * ```ts
 * const run = await replayInRuntime(options, counterexample.choices);
 * if (run.diverged) console.log(`step ${run.diverged.step}: ${run.diverged.reason}`);
 * await run.stop();
 * ```
 */
export async function replayInRuntime(options: NetworkModelOptions, choices: readonly Choice[]): Promise<RuntimeReplay> {
  const model: Model = networkModel(options);
  const { worlds } = replay(model, choices);
  const modelled = modelledMessages(worlds);
  const clock = new VirtualClock(0);
  const hub = createMemoryHub({ clock, seed: 1 });
  const queues = new Map<string, Held[]>();
  const centres = new Map<string, Centre>();
  /** Centres starting a next life, or healing: what reaches them passes at once (they hear the retained replicas at once, as in the checker). */
  const opening = new Set<string>();
  /** As the network starts, the centres hear each other online at once: the checker's centres start knowing it. */
  let starting = true;
  const through = (key: string, centre: string): boolean => opening.has(centre) || (starting && key.includes(' presence:online:'));
  /** What each centre's life said it took back (`centre.recovered`): its ACD logs those agents in again. */
  const recovered = new Map<string, { kind: string; id: string; agent?: string }[]>();
  const ids = Object.keys(options.centres);
  const roles = centreRoles(options);
  const open = (id: string, incarnation: number): Centre => {
    const { mode, auctions, bids } = roles(id) ?? { mode: 'network', auctions: false, bids: false };
    const centre = createCentre({
      id,
      network: 'replay',
      transport: heldTransport(hub.transport(id), modelled, queues, through),
      clock,
      ids: sequentialIds(incarnation === 0 ? `${id}.replay` : `${id}.replay.${incarnation}`),
      // The checker's centres start in their first life (incarnation 0), and a restart's life is
      // the checker's: ids made from it (auctions', bids') match.
      incarnation,
      mode: { kind: mode },
      ...(auctions
        ? {
            auctions: {
              ...(options.auction?.deadlineMs === undefined ? {} : { deadlineMs: options.auction.deadlineMs }),
              ...(options.auction?.awardMs === undefined ? {} : { awardMs: options.auction.awardMs }),
              ...(options.auction?.retryMs === undefined ? {} : { retryMs: options.auction.retryMs }),
            },
          }
        : {}),
      bidding: bids ? { queuePromise: false } : false,
      adapter: { offer: () => undefined },
    });
    const taken: { kind: string; id: string; agent?: string }[] = [];
    recovered.set(id, taken);
    centre.events$.subscribe((event) => {
      if (event.type === 'centre.recovered')
        taken.push({ kind: event.kind, id: event.id, ...(event.agent === undefined ? {} : { agent: event.agent }) });
    });
    centres.set(id, centre);
    return centre;
  };
  for (const id of ids) open(id, 0);
  const settle = () => {
    for (let i = 0; i < 10_000 && clock.nextDeadline() === clock.now(); i++) clock.advance(0);
  };
  for (const centre of centres.values()) await centre.start();
  for (const id of ids) {
    for (const agent of options.centres[id]?.agents ?? []) {
      const centre = centres.get(id) as Centre;
      centre.agents.login(agent.id, { displayName: agent.id, skills: agent.skills, capacity: { voice: 1 } });
      centre.agents.ready(agent.id);
    }
  }
  settle();
  starting = false;
  const steps: RuntimeStep[] = [];
  /** The status tokens of the contacts that arrived, by contact id: a customer's command comes with its token. */
  const tokens = new Map<string, string>();
  // Every centre is stopped, even when one of them fails to.
  const stop = async () => {
    await Promise.allSettled([...centres.values()].map((centre) => centre.stop()));
  };
  /** A centre's process dies: the hub loses it (its will goes out), nothing of it runs on, and what was held for it is lost. */
  const crash = async (id: string): Promise<string | undefined> => {
    if (!hub.crash(id)) return `${id} is not running`;
    await centres.get(id)?.stop();
    for (const key of [...queues.keys()]) if (key.split(' ')[0]?.endsWith(`>${id}`)) queues.delete(key);
    return undefined;
  };
  /** A centre loses the broker and runs on: the hub takes its connection (its will goes out), and what was held for it is lost. */
  const cut = (id: string): string | undefined => {
    if (!hub.disconnect(id)) return `${id} is not connected`;
    for (const key of [...queues.keys()]) if (key.split(' ')[0]?.endsWith(`>${id}`)) queues.delete(key);
    return undefined;
  };
  /**
   * A centre has the broker again: subscribed again, it hears the retained replicas and presences
   * at once (as the checker's heal does); what it kept goes out, and it says it is online again.
   */
  const heal = (id: string): string | undefined => {
    opening.add(id);
    try {
      if (!hub.reconnect(id)) return `${id} is not cut off`;
      settle();
    } finally {
      opening.delete(id);
    }
    return undefined;
  };
  /**
   * A centre's next life, in the checker's incarnation: it starts, takes back what the network's
   * replicas show of it, and its ACD logs its agents in again — ready, or re-synced with the call
   * it was on.
   */
  const restart = async (id: string, incarnation: number): Promise<string | undefined> => {
    opening.add(id);
    const centre = open(id, incarnation);
    try {
      await centre.start();
      settle();
    } finally {
      opening.delete(id);
    }
    const taken = recovered.get(id) ?? [];
    const calls = new Map(taken.filter((r) => r.kind === 'contact' && r.agent !== undefined).map((r) => [r.agent as string, r.id]));
    for (const { kind, id: agent } of taken) {
      if (kind !== 'agent') continue;
      const spec = options.centres[id]?.agents?.find((a) => a.id === agent);
      if (spec === undefined) return `${id} took back agent ${agent}, which the network does not have`;
      centre.agents.login(agent, { displayName: agent, skills: spec.skills, capacity: { voice: 1 } });
      const call = calls.get(agent);
      if (call === undefined) centre.agents.ready(agent);
      else centre.contacts.resync(call, agent);
    }
    return undefined;
  };
  const take = async (choice: Choice, world: World, after: World): Promise<string | undefined> => {
    switch (choice.kind) {
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        const flight = world.flight[choice.index];
        if (flight === undefined) return 'the story names a message that is not on its way';
        const { type, from } = named(flight.message.type, flight.message.from, flight.message.body);
        const key = identity(flight.link, type, from);
        const held = queues.get(key)?.[0];
        if (held === undefined)
          return `the runtime has no ${flight.message.type} from ${flight.message.from} on its way to ${centreOf(flight.to)}`;
        if (choice.kind !== 'duplicate') queues.get(key)?.shift();
        if (choice.kind !== 'drop') held.deliver(held.message);
        return undefined;
      }
      case 'timer': {
        const timer = world.timers[choice.index];
        if (timer === undefined) return 'the story names a timer that is not set';
        clock.advanceTo(Math.max(clock.now(), timer.due));
        return undefined;
      }
      case 'outside': {
        const outside = model.script[world.script];
        if (outside === undefined || !('host' in outside)) return 'the story has no such arrival';
        const { centre, id, input } = outside.host;
        const { skillset, media } = input as { skillset: string; media: 'voice' };
        const arrived = centres.get(centre)?.contacts.arrive({ id, skillset, media });
        if (arrived !== undefined) tokens.set(id, arrived.token);
        return undefined;
      }
      case 'react': {
        const outside = world.reactions[choice.index]?.alternatives[choice.alternative]?.outside;
        if (outside === undefined || 'host' in outside) return 'the story has no such answer';
        if ('command' in outside) {
          // The customer's page asks the centre the customer is with; the answer comes as the centres settle.
          const { contact, commandId, command } = outside.command;
          const line = lineOf(world, contact);
          const token = tokens.get(contact);
          if (line !== undefined && token !== undefined) void centres.get(centreOf(line))?.command(token, command, commandId);
          return undefined;
        }
        const event = outside.event as { type: string; contact?: string };
        if ('contact' in outside) {
          const line = lineOf(world, outside.contact);
          if (line !== undefined) centres.get(centreOf(line))?.contacts.abandon(outside.contact);
          return undefined;
        }
        const centre = centres.get(centreOf(outside.to));
        const [, kind, id = ''] = outside.to.split('/');
        if (kind === 'agent' && event.type === 'answered') centre?.agents.answer(id, event.contact ?? '');
        else if (kind === 'agent' && event.type === 'declined') centre?.agents.decline(id, event.contact ?? '');
        else if (kind === 'contact' && event.type === 'ended') centre?.contacts.end(id);
        else return `the replay cannot play ${event.type} for ${outside.to}`;
        return undefined;
      }
      case 'crash':
        return crash(choice.centre);
      case 'restart':
        return restart(choice.centre, after.lives[choice.centre] ?? 0);
      case 'partition':
        return cut(choice.centre);
      case 'heal':
        return heal(choice.centre);
    }
  };
  const before = difference(worlds[0] as World, centres);
  if (before !== undefined) return { steps, diverged: { step: 0, reason: before }, centres, stop };
  for (const [i, choice] of choices.entries()) {
    const world = worlds[i] as World;
    const story = `${i + 1}. ${describe(model, world, choice)}`;
    let refused: string | undefined;
    try {
      refused = await take(choice, world, worlds[i + 1] as World);
    } catch (error) {
      refused = `the runtime refused it: ${error instanceof Error ? error.message : String(error)}`;
    }
    settle();
    // The real clock fires every timer due by now at once; the checker, one per step: an actor
    // whose timer the checker has yet to fire is compared once it has.
    const next = worlds[i + 1] as World;
    const behind = new Set(next.timers.filter((timer) => timer.due <= clock.now()).map((timer) => timer.address));
    const reason = refused ?? difference(next, centres, behind);
    if (reason !== undefined) return { steps, diverged: { step: i + 1, reason }, centres, stop };
    steps.push({ step: i + 1, story });
  }
  return { steps, centres, stop };
}
