import type { Observable } from 'rxjs';
import type { InspectionEvent } from 'xstate';
import type { ScoringCommandRegistry } from '../auction/scoring-commands.js';
import type { Clock } from '../clock/clock.js';
import type { AccuracyFigures, QueueAccuracyFigures } from '../estimators/accuracy.js';
import type { Limits } from '../limits.js';
import type { AgentPolicy } from '../machines/agent/context.js';
import type { AuctionOptions, AuctionOutcome } from '../machines/auction/context.js';
import type { CommandAnswer, ContactPolicy, Substitute } from '../machines/contact/context.js';
import type { PresencePolicy } from '../machines/liveness/machine.js';
import type { RouterMode, RouterPolicy } from '../machines/router/context.js';
import type { MetricsConfig } from '../metrics/metrics-config.js';
import type { MetricsSnapshot } from '../metrics/metrics-snapshot.js';
import type { CustomerCommand } from '../protocol/messages/customer-command.js';
import type { Media } from '../protocol/primitives.js';
import type { ReplicaStore } from '../replica/replica-store.js';
import type { Runtime } from '../runtime/runtime.js';
import type { RuntimeEvent } from '../runtime/runtime-events.js';
import type { SigningOptions } from '../signing/signing-options.js';
import type { Transport } from '../transport/transport.js';
import type { BiddingPolicy } from './bidder.js';
import type { CustomerStatus } from './customer-status.js';

/**
 * The vendor's side: the centre calls these to make the ACD act. Each may return anything; only a
 * returned promise (any object with `then`) is awaited, and a throw or a rejection becomes an
 * `adapter.failed` event and never stops the centre. Results come
 * back through the centre's methods (`agents.answer`, `contacts.end`, …).
 */
export interface Adapter {
  /** Ring `agent` with `contact` (answer with `agents.answer` or `agents.decline`; silence is a miss). */
  offer(command: { readonly agent: string; readonly contact: string; readonly media: Media }): unknown;
  /** Stop ringing (the offer was missed, declined or withdrawn). */
  stopRinging?(command: { readonly agent: string; readonly contact: string }): unknown;
  /** The agent answered: connect the customer to the agent, if your switch needs telling. */
  connect?(command: { readonly contact: string; readonly agent: string }): unknown;
  /**
   * The contact ended here for a reason your ACD did not cause — the customer cancelled on the
   * status page, it waited too long (`expired`), or a substitute replaced it: take the call out of
   * your queue. Not called when you reported the abandon yourself.
   */
  end?(command: { readonly contact: string; readonly outcome: string; readonly reason: string }): unknown;
  /**
   * The contact was handed over to centre `to`, whose agent `agent` is offered it there (no
   * `agent`: it joins that centre's queue, as an auction's queue promise won): forward the call (or
   * chat, or e-mail) to that centre's ACD. The contact now belongs there.
   */
  forward?(command: { readonly contact: string; readonly to: string; readonly agent?: string }): unknown;
  /** Create the call-back, e-mail or web form the customer chose instead of waiting, with the original's seniority and priority. */
  substitute?(command: {
    readonly contact: string;
    readonly substitute: Substitute;
    readonly skillset: string;
    readonly seniority: number;
    readonly priority: number;
  }): unknown;
}

/** An agent as the ACD knows them. */
export interface AgentProfile {
  readonly displayName: string;
  /** Skill → proficiency 1–10. */
  readonly skills: Readonly<Record<string, number>>;
  /** Contacts per media at once; default one call, three chats, five e-mails. */
  readonly capacity?: Readonly<Partial<Record<Media, number>>>;
  readonly languages?: readonly string[];
}

/** A contact arriving at the ACD. */
export interface ContactSpec {
  readonly media: Media;
  readonly skillset: string;
  /** Default: the skillset's skill at proficiency 1 or more. */
  readonly requirements?: readonly { readonly skill: string; readonly minProficiency: number }[];
  readonly priority?: number;
  readonly language?: string;
  readonly value?: number;
  /** The ACD's own id for the contact; default: a new one. */
  readonly id?: string;
}

/** Options of `createCentre`. */
export interface CentreOptions {
  readonly id: string;
  readonly network: string;
  readonly transport: Transport;
  readonly adapter: Adapter;
  readonly clock?: Clock;
  readonly policies?: {
    readonly router?: Partial<RouterPolicy>;
    readonly agent?: Partial<AgentPolicy>;
    readonly contact?: Partial<ContactPolicy>;
    /** The centre's heartbeat, and how many of a peer's may go missing before it is silent here (docs/network.md, "Sign of life"). */
    readonly presence?: Partial<PresencePolicy>;
  };
  readonly limits?: Partial<Limits>;
  /** Passed to every actor, e.g. Stately's inspector. */
  readonly inspect?: (event: InspectionEvent) => void;
  /** Message and contact ids; default random. Simulations pass seeded sources for repeatable runs. */
  readonly ids?: () => string;
  /** Metric definitions: service-level threshold, abandon handling, window (docs/metrics.md). */
  readonly metrics?: MetricsConfig;
  /** Where the router looks (docs/network.md): `network` by default; alone in a network it is the same as `local`. */
  readonly mode?: RouterMode;
  /** Queues (by skillset) with a mode of their own, over `mode` for their contacts. */
  readonly queueModes?: Readonly<Record<string, RouterMode>>;
  /** Seed of the router's random draws (near-ties between centres); default: derived from `id`. */
  readonly seed?: number;
  /** Grows with every restart so peers tell this life from the last; default: the clock's time at creation. */
  readonly incarnation?: number;
  /**
   * Auction this centre's waiting contacts between the centres (docs/auctions.md): the scoring rule,
   * strategy, bid form, deadline and reserve of every auction, and which queues. Default: no auctions.
   */
  readonly auctions?: AuctionOptions;
  /** How this centre bids in other centres' auctions; `false`: never. Default: bid with the longest-idle free agent, else promise the queue. */
  readonly bidding?: BiddingPolicy | false;
  /** The scoring commands rules may name (docs/auctions.md); default the built-ins. Register the same on every centre. */
  readonly scoringCommands?: ScoringCommandRegistry;
  /**
   * Check each message between this centre's own actors as if it had crossed the wire (encoded,
   * decoded and validated, a fresh copy delivered); default `true`. A simulation turns it off for
   * speed: the messages are the machines' own, and the wire's messages are always checked.
   */
  readonly checkLocalMessages?: boolean;
  /**
   * Ed25519 signatures, for a broker that is shared or not trusted (docs/security.md, "Signatures"):
   * everything this centre publishes or sends is signed, and a message from another participant
   * without a valid signature by the key pinned for it is dropped as `CM_ERR_BAD_SIGNATURE`.
   */
  readonly signing?: SigningOptions;
  /**
   * The other centres of the network, pinned: only these ids are centres to this one, whatever
   * else announces itself (docs/security.md). Recommended in production. Default: any participant
   * whose presence this centre has seen on `presence/{id}` is a centre.
   */
  readonly peers?: readonly string[];
}

/** What a centre reports: everything its runtime reports, and each contact's outcome. */
export type CentreEvent =
  | RuntimeEvent
  | {
      /** A peer's heartbeat has not come within its allowance (`peer.silent`): its agents are not chosen and its contacts not routed from here until it speaks again (`peer.speaking`). */
      readonly type: 'peer.silent' | 'peer.speaking';
      readonly centre: string;
    }
  | {
      readonly type: 'contact.outcome';
      readonly contact: string;
      readonly outcome: string;
      readonly substitute?: string;
      readonly reason?: string;
    }
  | {
      /**
       * After a restart, an object of this centre's previous life found in the network's replicas
       * and hosted again: an agent comes back logged out (log them in again if they are still
       * there); a contact comes back queued with its seniority (`state` is where it was, `agent`
       * the agent of this centre it was with): if the call is still up, log the agent in and
       * `contacts.resync` the two.
       */
      readonly type: 'centre.recovered';
      readonly kind: 'agent' | 'contact';
      readonly id: string;
      readonly state: string;
      readonly agent?: string;
    }
  | AuctionClosedEvent;

/** How an auction of this centre ended (with the explanation: the bids, their scores, why the winner won). */
export type AuctionClosedEvent = { readonly type: 'auction.closed' } & AuctionOutcome;

/** A command's answer, and the contact's status right after an accepted one. */
export type CommandReply = CommandAnswer & { readonly status?: CustomerStatus };

/** One contact centre, embedded in an ACD. */
export interface Centre {
  readonly id: string;
  /** The runtime hosting the centre's actors (for inspection and advanced use). */
  readonly runtime: Runtime;
  readonly events$: Observable<CentreEvent>;
  readonly agents: {
    login(agent: string, profile: AgentProfile): void;
    ready(agent: string): void;
    notReady(agent: string, reason: string): void;
    logout(agent: string): void;
    update(agent: string, change: Partial<Pick<AgentProfile, 'skills' | 'capacity'>>): void;
    /** The agent answered the offered contact. */
    answer(agent: string, contact: string): void;
    /** The agent declined the offered contact. */
    decline(agent: string, contact: string): void;
  };
  readonly contacts: {
    /** A contact arrived: it is queued and routed; the token is for the customer (only its hash is kept). */
    arrive(spec: ContactSpec): { readonly id: string; readonly token: string };
    /** The conversation ended (the agent then wraps up). */
    end(contact: string): void;
    /** The agent finished wrap-up work on the contact. */
    wrapped(contact: string): void;
    /** The customer hung up or left. */
    abandon(contact: string): void;
    /**
     * After a restart: contact `contact` (back queued, see `centre.recovered`) is still with agent
     * `agent`, who is logged in and neither reserved nor ringing. Both are connected again, with no
     * offer and no ring. Throws `CM_ERR_INVALID_STATE` when either is not where a re-sync can happen.
     */
    resync(contact: string, agent: string): void;
  };
  /** The customer's view of their contact, or `undefined` for an unknown, malformed or expired token. */
  status(token: string): CustomerStatus | undefined;
  /**
   * Runs a customer command; a repeated `commandId` gets the first answer again. An accepted
   * command comes back with the contact's status as the command left it.
   */
  command(token: string, command: CustomerCommand, commandId?: string): Promise<CommandReply>;
  /** Offered, handled, abandoned, service level, ASA, occupancy, longest wait — per queue and for the centre, now. */
  metrics(): MetricsSnapshot;
  /** The metrics after every change. */
  readonly metrics$: Observable<MetricsSnapshot>;
  /** How close the expected waits shown to customers came to the actual waits, per queue and method. */
  accuracy(): { readonly queues: readonly QueueAccuracyFigures[]; readonly methods: readonly AccuracyFigures[] };
  /** Replicas of every agent and contact in the network, with presence and staleness per centre (docs/replicas.md). */
  readonly replicas: ReplicaStore;
  /** The routing mode now. */
  mode(): RouterMode;
  /** Changes the routing mode at run time; waiting contacts stay where they are and are routed by the new rule. */
  setMode(mode: RouterMode): void;
  /** The queues with a mode of their own. */
  queueModes(): Readonly<Record<string, RouterMode>>;
  /** Gives one queue a mode of its own at run time (`null`: back to the centre's mode). */
  setQueueMode(skillset: string, mode: RouterMode | null): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}
