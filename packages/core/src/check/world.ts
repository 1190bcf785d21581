import type { AnyMachineSnapshot } from 'xstate';
import type { AdapterCommand } from '../effects/adapter-command.js';
import { contactIn } from '../machines/state-names.js';
import { centreOf } from '../protocol/address.js';
import type { CustomerCommand } from '../protocol/messages/customer-command.js';
import { goneStates } from '../protocol/messages/snapshots.js';

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
  /**
   * Heard offline by its will: its agents and contacts as the will carried them — what the
   * receiver's replica store still holds of it (marked offline), and feeds its router again if the
   * same life comes back online.
   */
  readonly held?: { readonly agents: readonly unknown[]; readonly contacts: readonly unknown[] };
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
