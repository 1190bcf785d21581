import type { AnyStateMachine } from 'xstate';
import type { AdapterCommand } from '../effects/adapter-command.js';
import { agentMachine } from '../machines/agent/machine.js';
import { commandMachine } from '../machines/command/machine.js';
import { contactMachine } from '../machines/contact/machine.js';
import type { HandoverFacts } from '../machines/handover/events.js';
import { handoverMachine } from '../machines/handover/machine.js';
import type { RouterMode } from '../machines/router/context.js';
import { routerMachine } from '../machines/router/machine.js';
import { contactIn } from '../machines/state-names.js';
import { centreOf } from '../protocol/address.js';
import type { CustomerCommand } from '../protocol/messages/customer-command.js';
import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import type { Media } from '../protocol/primitives.js';
import {
  type AuctionRoles,
  auctionDeskDoor,
  auctionEnded,
  auctionKinds,
  auctionPolicy,
  auctionSubscribers,
  bidderDoor,
} from './auction-model.js';
import { centreLives } from './lives-model.js';
import type { Model, Ordering } from './steps.js';
import { emptyWorld, type OutsideEvent, ownerOf, type Reaction, type World } from './world.js';
import { type Door, type DoorPass, WorldEngine, type WorldRules } from './world-engine.js';

/** A centre of a checked network: its routing mode and its agents, logged in and ready at the start. */
export interface CentreSpec {
  /** Default `network`; `overflow` (its own agents only, with no trigger) for a centre that auctions. */
  readonly mode?: RouterMode['kind'];
  /** It auctions its waiting contacts to the other centres (an auctioneer, an auction desk, one auction per contact auctioned). Default false. */
  readonly auctions?: boolean;
  /** It bids in the others' auctions (a bidder desk, one bid actor per entity). Default: when any centre auctions. */
  readonly bids?: boolean;
  readonly agents?: readonly { readonly id: string; readonly skills: Readonly<Record<string, number>> }[];
}

/** A contact that arrives during the run, in the order given. */
export interface ArrivalSpec {
  readonly centre: string;
  readonly id: string;
  readonly skillset: string;
  readonly media?: Media;
  /**
   * Commands its customer may give from the status page, each at any point after it arrives (or
   * never), each through a command actor of the centre the customer is with, as `centre.command`.
   */
  readonly commands?: readonly CustomerCommand[];
}

export interface NetworkModelOptions {
  readonly centres: Readonly<Record<string, CentreSpec>>;
  readonly arrivals: readonly ArrivalSpec[];
  /** How messages between centres may arrive. Default `fifo`. */
  readonly ordering?: Ordering;
  /**
   * Messages between centres the network may lose, and copy, centres whose process may crash
   * (each then restarts at any later point), and centres that may lose the broker while they run
   * (`partitions`: each heals at any later point), over the whole run. Default none.
   */
  readonly faults?: { readonly drops?: number; readonly duplicates?: number; readonly crashes?: number; readonly partitions?: number };
  /**
   * How agents answer an offer: `accept` (they take it), or `any` (they take it, decline it, or
   * let it ring until it times out). Default `accept`.
   */
  readonly answers?: 'accept' | 'any';
  /** Calls that connect `stay` up (default) or may `end` (the contact wraps up, the agent is free again). */
  readonly calls?: 'stay' | 'end';
  /** Each customer may hang up at any point, wherever the contact is then. Default false. */
  readonly hangUps?: boolean;
  /** Each command of `arrivals[].commands` may also come a second time with the same command id (a status page that retried). Default false. */
  readonly repeatCommands?: boolean;
  /** Timers due after this never fire: the time the run covers, ms. Default 30,000. */
  readonly horizonMs?: number;
  /** Told of every machine step taken (see `WorldRules.observe`). */
  readonly observe?: WorldRules['observe'];
  /**
   * The auctions' times, for centres that auction: `deadlineMs` (bids taken, default 2 s), `awardMs`
   * (a winner's answer, 2 s), `retryMs` (the next auction of a contact nobody won, 15 s; `null`:
   * none), and `localWaitMs`, the owner's expected wait as the auction's reserve (default 60 s;
   * `Infinity` wherever nobody at the owner has the skill).
   */
  readonly auction?: {
    readonly deadlineMs?: number;
    readonly awardMs?: number;
    readonly retryMs?: number | null;
    readonly localWaitMs?: number;
  };
  /** Machines to run instead of the real ones, by kind (a mutant: `machine.provide({ guards })`). */
  readonly machines?: Partial<
    Record<'contact' | 'agent' | 'router' | 'handover' | 'command' | 'auctioneer' | 'auction' | 'bidder' | 'bid', AnyStateMachine>
  >;
}

const routerOf = (centre: string): string => `${centre}/router/main`;

/**
 * Each centre's part, with the defaults: its mode (`network`, or `overflow` for a centre that
 * auctions), whether it auctions, and whether it bids (by default, once any centre auctions).
 */
export function centreRoles(
  options: Pick<NetworkModelOptions, 'centres'>,
): (centre: string) => (AuctionRoles & { readonly mode: RouterMode['kind'] }) | undefined {
  const { centres } = options;
  const auctioning = Object.values(centres).some((spec) => spec.auctions === true);
  return (centre) => {
    const spec = centres[centre];
    if (spec === undefined) return undefined;
    const auctions = spec.auctions === true;
    return { auctions, bids: spec.bids ?? auctioning, mode: spec.mode ?? (auctions ? 'overflow' : 'network') };
  };
}

/**
 * The handover desk's door (`handover/main`), reading its facts from the world: the contact's
 * owner is the centre that holds a copy not being handed over, senders are online in their first
 * life, the centre's mode is its spec's and it never stops.
 */
const handoverDoor =
  (modeOf: (centre: string) => RouterMode['kind']): Door =>
  (world, centre, message) => {
    const desk = `${centre}/handover/desk`;
    const body = message.body as { contact: { id: string } | string };
    const id = typeof body.contact === 'string' ? body.contact : body.contact.id;
    const copy = world.actors[`${centre}/contact/${id}`];
    const held: HandoverFacts['held'] = copy === undefined ? 'none' : contactIn(copy.snapshot, 'handingOver') ? 'handingOver' : 'live';
    if (message.type === 'contact.abandoned') return { to: desk, event: { ...message, facts: { held } } };
    if (message.type !== 'handover.request') return undefined;
    const owner = ownerOf(world, id);
    const facts: HandoverFacts = {
      ...(owner === undefined ? {} : { owner }),
      // What this centre has heard of the sender (its will, its next life's presence), as its replica store knows it.
      sender: world.heard[centre]?.[centreOf(message.from)] ?? { incarnation: 0, status: 'online' },
      mode: modeOf(centre),
      stopping: false,
      held,
    };
    return { to: desk, event: { ...message, facts } };
  };

/**
 * A centre's network desk (`replicas/main`, centre/network.ts) as another centre's replica reaches
 * it: a contact this centre still holds, now at a newer rev elsewhere, is told so (`superseded`:
 * the old owner's copy ends on the new owner's replica, or on its acknowledgement, whichever comes
 * first); then the router is fed as the modes allow — another centre's agents unless either centre
 * keeps to itself (`local`), its contacts only when both route as a `network`.
 */
const replicaDoor =
  (modeOf: (centre: string) => RouterMode['kind']): Door =>
  (world, centre, message) => {
    const from = centreOf(message.from);
    const router = routerOf(centre);
    if (message.type === 'presence' && (message.body as { status: string }).status === 'online') {
      // Back online in the life its will ended (a healed partition): the store still holds its
      // agents and contacts as the will left them, and the desk feeds them to the router again, as
      // the modes allow, before the centre's own republished replicas arrive (centre/network.ts).
      const before = world.heard[centre]?.[from];
      const { incarnation } = message.body as { incarnation: number };
      if (before?.held === undefined || before.incarnation !== incarnation || world.actors[router] === undefined) return [];
      const agents = modeOf(centre) !== 'local' && modeOf(from) !== 'local';
      const contacts = modeOf(centre) === 'network' && modeOf(from) === 'network';
      return [
        ...(agents ? before.held.agents : []).map((agent) => ({ to: router, event: { ...message, type: 'agent.snapshot', body: agent } })),
        ...(contacts ? before.held.contacts : []).map((contact) => ({
          to: router,
          event: { ...message, type: 'contact.snapshot', body: contact },
        })),
      ];
    }
    if (message.type === 'presence') {
      // A centre's will: its agents go as logged out, its contacts as ended — the router forgets
      // them (at their revs, as centre/network.ts feeds them: the same revs, published again once
      // the centre is back from a partition, feed them again).
      const will = message.body as { agents: readonly AgentSnapshot[]; contacts: readonly ContactSnapshot[] };
      if (world.actors[router] === undefined) return [];
      return [
        ...will.agents.map((agent) => ({
          to: router,
          event: { ...message, type: 'agent.snapshot', body: { ...agent, state: 'loggedOut' } },
        })),
        ...will.contacts.map((contact) => ({
          to: router,
          event: { ...message, type: 'contact.snapshot', body: { ...contact, state: 'ended' } },
        })),
      ];
    }
    const contact = message.type === 'contact.snapshot';
    const passes: DoorPass[] = [];
    const body = message.body as { id: string; owner?: string; rev: number };
    const copy = `${centre}/contact/${body.id}`;
    if (contact && body.owner !== undefined && world.actors[copy] !== undefined)
      passes.push({ to: copy, event: { type: 'superseded', owner: body.owner, rev: body.rev } });
    const feeds = contact
      ? modeOf(centre) === 'network' && modeOf(from) === 'network'
      : modeOf(centre) !== 'local' && modeOf(from) !== 'local';
    if (feeds && world.actors[router] !== undefined) passes.push({ to: router, event: message });
    return passes;
  };

/** How agents answer: an offer rings at the agent, who takes it (or declines, or lets it ring); a call may end. */
const answering =
  (answers: NetworkModelOptions['answers'], calls: NetworkModelOptions['calls']) =>
  (command: AdapterCommand, centre: string): Reaction | undefined => {
    if (command.kind === 'connect' && calls === 'end') {
      const outside = { to: `${centre}/contact/${command.contact}`, event: { type: 'ended' } };
      return {
        label: `the call of ${command.contact} at ${centre}`,
        alternatives: [{ label: `the call of ${command.contact} ends`, outside }],
      };
    }
    if (command.kind !== 'offer') return undefined;
    const to = `${centre}/agent/${command.agent}`;
    const take = {
      label: `${command.agent} at ${centre} answers ${command.contact}`,
      outside: { to, event: { type: 'answered', contact: command.contact } },
    };
    if (answers !== 'any') return { label: `${command.contact} rings at ${command.agent}`, alternatives: [take] };
    const decline = {
      label: `${command.agent} at ${centre} declines ${command.contact}`,
      outside: { to, event: { type: 'declined', contact: command.contact } },
    };
    return { label: `${command.contact} rings at ${command.agent}`, alternatives: [take, decline] };
  };

/** The hash of the status token of a checked contact that takes commands (any fixed text: only equality matters). */
const tokenHashOf = (contact: string): string => `token-of-${contact}`;

/** Every command a customer may give (and give again, with `repeatCommands`), owed from the start: each at any point, or never. */
function customerCommands(options: NetworkModelOptions): Reaction[] {
  const times = options.repeatCommands === true ? [1, 2] : [1];
  return options.arrivals.flatMap((arrival) =>
    (arrival.commands ?? []).flatMap((command, i) =>
      times.map((time): Reaction => {
        const commandId = `${arrival.id}.command${i + 1}`;
        const label = `${arrival.id}'s customer sends ${command.kind} (${commandId})${time === 2 ? ' again' : ''}`;
        const ask = { contact: arrival.id, id: `${commandId}.${time}`, commandId, tokenHash: tokenHashOf(arrival.id), command };
        return { label: `${arrival.id}'s customer on the status page`, alternatives: [{ label, outside: { command: ask } }] };
      }),
    ),
  );
}

/**
 * A network of centres for the checker, built from the production machines: per centre a router
 * (`{centre}/router/main`), its agents (`{centre}/agent/{id}`, logged in and ready), a handover
 * desk (`{centre}/handover/desk`, behind its door) and the contacts that arrive
 * (`{centre}/contact/{id}`, in the order of `arrivals`, each at any point); where centres auction
 * or bid, their auctioneer, auction desk, bidder desk and bidder. Replica publications reach every
 * other centre's network desk (`{centre}/replicas/main`: `superseded` to a copy it holds, then its
 * router as the modes allow) in order, never lost — the replicas' part of the protocol is
 * modelled, not checked; messages between centres may be lost or copied within `faults`.
 *
 * @example
 * ```ts
 * const model = networkModel({
 *   centres: { london: { mode: 'network' }, paris: { mode: 'network', agents: [{ id: 'a1', skills: { billing: 5 } }] } },
 *   arrivals: [{ centre: 'london', id: 'c1', skillset: 'billing' }],
 * });
 * ```
 */
export function networkModel(options: NetworkModelOptions): Model {
  const { centres } = options;
  const ids = Object.keys(centres);
  const roles = centreRoles(options);
  const modeOf = (centre: string): RouterMode['kind'] => roles(centre)?.mode ?? 'network';
  const policy = auctionPolicy(options.auction ?? {});
  const kinds = {
    ...auctionKinds(),
    contact: options.machines?.contact ?? contactMachine,
    agent: options.machines?.agent ?? agentMachine,
    router: options.machines?.router ?? routerMachine,
    handover: options.machines?.handover ?? handoverMachine,
    command: options.machines?.command ?? commandMachine,
    ...(options.machines?.auctioneer ? { auctioneer: options.machines.auctioneer } : {}),
    ...(options.machines?.auction ? { auction: options.machines.auction } : {}),
    ...(options.machines?.bidder ? { bidder: options.machines.bidder } : {}),
    ...(options.machines?.bid ? { bid: options.machines.bid } : {}),
  };
  const crashes = options.faults?.crashes ?? 0;
  const partitions = options.faults?.partitions ?? 0;
  const engine = new WorldEngine({
    kinds,
    doors: {
      'handover/main': handoverDoor(modeOf),
      'auctions/main': auctionDeskDoor(policy, options.auction?.localWaitMs ?? 60_000),
      'bidder/main': bidderDoor(roles),
      'replicas/main': replicaDoor(modeOf),
    },
    subscribers: (topic, centre) => {
      const auctions = auctionSubscribers(topic, centre, ids, roles);
      if (!topic.startsWith('replica/')) return auctions;
      // Every centre hears every other's replicas (its replica store); its network desk decides.
      return [...ids.filter((other) => other !== centre).map((other) => `${other}/replicas/main`), ...auctions];
    },
    react: answering(options.answers, options.calls),
    // Two doors read further than their centre: who owns a contact, from every centre's copies.
    ownCentreOnly: (door, type) =>
      !(door === 'handover/main' && type === 'handover.request') && !(door === 'bidder/main' && type === 'auction.entity'),
    // A model whose centres crash keeps the replicas, as the broker does: the will and the next life read them.
    ...(crashes + partitions > 0 ? { retains: (topic: string) => topic.startsWith('replica/') } : {}),
    ended: auctionEnded,
    ...(options.observe === undefined ? {} : { observe: options.observe }),
  });
  let world: World = emptyWorld({ drops: options.faults?.drops ?? 0, duplicates: options.faults?.duplicates ?? 0, crashes, partitions });
  // A centre's own desks and machines, in its life `incarnation`.
  const start = (from: World, centre: string, incarnation: number): World => {
    let next = from;
    const spec = roles(centre) as AuctionRoles;
    next = engine.host(next, centre, 'router', 'main', { centre, policy: { mode: { kind: modeOf(centre) } } });
    if (spec.auctions) {
      next = engine.host(next, centre, 'auctioneer', 'main', {
        owner: centre,
        desk: `${centre}/auctions/main`,
        queues: null,
        retryMs: policy.retryMs,
        remember: 16,
      });
    }
    if (spec.bids) {
      next = engine.host(next, centre, 'bidder', 'desk', {
        side: 'centre',
        centre,
        desk: `${centre}/bidder/main`,
        maxOpenBids: 16,
        incarnation,
      });
    }
    return engine.host(next, centre, 'handover', 'desk', {
      centre,
      router: routerOf(centre),
      incarnation,
      contactPolicy: {},
      remember: 16,
    });
  };
  for (const centre of ids) world = start(world, centre, 0);
  for (const [centre, spec] of Object.entries(centres)) {
    for (const agent of spec.agents ?? []) {
      const input = {
        id: agent.id,
        home: centre,
        router: routerOf(centre),
        displayName: agent.id,
        skills: agent.skills,
        capacity: { voice: 1 },
      };
      world = engine.host(world, centre, 'agent', agent.id, input);
      world = engine.deliver(world, `${centre}/agent/${agent.id}`, { type: 'login' });
      world = engine.deliver(world, `${centre}/agent/${agent.id}`, { type: 'ready' });
    }
  }
  const arrivals = options.arrivals.map((arrival): OutsideEvent & { label: string } => ({
    label: `contact ${arrival.id} (${arrival.skillset}) arrives at ${arrival.centre}`,
    host: {
      centre: arrival.centre,
      kind: 'contact',
      id: arrival.id,
      input: {
        id: arrival.id,
        owner: arrival.centre,
        router: routerOf(arrival.centre),
        media: arrival.media ?? 'voice',
        skillset: arrival.skillset,
        incarnation: 0,
        ...(arrival.commands === undefined ? {} : { tokenHash: tokenHashOf(arrival.id) }),
        ...(centres[arrival.centre]?.auctions ? { auctioneer: `${arrival.centre}/auctioneer/main` } : {}),
      },
    },
  }));
  // A customer who may hang up does so at any point after arriving: the reaction is owed from the start.
  const hangUps: Reaction[] = options.hangUps
    ? options.arrivals.map((arrival) => ({
        label: `${arrival.id}'s customer on the line`,
        alternatives: [{ label: `${arrival.id}'s customer hangs up`, outside: { contact: arrival.id, event: { type: 'abandoned' } } }],
      }))
    : [];
  world = { ...world, reactions: [...world.reactions, ...hangUps, ...customerCommands(options)] };
  const script = arrivals;
  const lives =
    crashes + partitions > 0
      ? centreLives({
          engine,
          centres: ids,
          start,
          auctioneerOf: (centre) => (centres[centre]?.auctions ? `${centre}/auctioneer/main` : undefined),
        })
      : undefined;
  return {
    engine,
    initial: world,
    script,
    ordering: options.ordering ?? 'fifo',
    horizonMs: options.horizonMs ?? 30_000,
    ...(lives === undefined ? {} : { lives }),
  };
}
