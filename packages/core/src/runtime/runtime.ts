import type { Observable } from 'rxjs';
import type { AnyActorLogic, EventObject, InspectionEvent, SnapshotFrom } from 'xstate';
import type { Clock } from '../clock/clock.js';
import type { AdapterEffect, OutgoingMessage } from '../effects/effects.js';
import type { Limits } from '../limits.js';
import type { IdSource } from '../protocol/message-ids.js';
import type { BodyCodecs, CoreBodies, Envelope, MessageOf, MessageRegistry } from '../protocol/registry.js';
import type { MessageSigning } from '../signing/message-signing.js';
import type { Transport } from '../transport/transport.js';
import type { RuntimeEvent, RuntimeStats } from './runtime-events.js';

/** Options of `createRuntime`. */
export interface RuntimeOptions<R extends BodyCodecs = CoreBodies> {
  /** This centre's id; actor addresses start with it. */
  readonly centre: string;
  /** The network id: topics live under `cm/{network}/`. */
  readonly network: string;
  readonly transport: Transport;
  /** Default `realClock`. */
  readonly clock?: Clock;
  /** Message types this runtime decodes. Default: the core protocol. */
  readonly registry?: MessageRegistry<R>;
  readonly limits?: Partial<Limits>;
  /**
   * Message ids. Default: random UUIDs. Simulations pass `sequentialIds(`${centre}.${incarnation}`)`
   * — include the incarnation, or a restarted centre's first messages look like repeats to its peers.
   */
  readonly ids?: IdSource;
  /** Passed to every actor, e.g. Stately's inspector: `inspect: createBrowserInspector().inspect`. */
  readonly inspect?: (event: InspectionEvent) => void;
  /** Receives every adapter effect; it may return anything, only a promise-like is awaited; a throw or a rejection becomes an `adapter.failed` event. */
  readonly adapter?: (command: AdapterEffect['command']) => unknown;
  /**
   * Check sends between actors of this centre as if they crossed the wire (registry, size, JSON),
   * and deliver a fresh copy — so a machine that works within one centre also works across
   * centres. Default true; turn it off only where the cost of a decode per local message matters.
   */
  readonly checkLocalMessages?: boolean;
  /**
   * A message the transport publishes for this centre if it vanishes without `stop()` (a crash, a
   * lost connection): e.g. an offline presence on `presence/{centre}`. Retained unless `retain: false`;
   * `delaySeconds` as the transport's `WillMessage` has it (published only if not back within them).
   */
  readonly will?: { readonly topic: string; readonly message: OutgoingMessage; readonly retain?: boolean; readonly delaySeconds?: number };
  /**
   * Signatures (`createMessageSigning`): every message this runtime publishes or sends to another
   * centre is signed, and every message it receives must hold to its sender's pinned key, or it is
   * dropped as `CM_ERR_BAD_SIGNATURE`. Messages between its own actors are not signed.
   */
  readonly signing?: MessageSigning;
  /**
   * Judges every decoded message from the network that passed the sender check (its publisher is
   * the one its topic names), before it is delivered: a reason refuses it — dropped, counted in
   * `stats().rejected.CM_ERR_NOT_AUTHORIZED` and reported as `message.rejected`. A centre uses it
   * to hold each sender to what its role may send (docs/security.md).
   */
  readonly admit?: (topic: string, message: Envelope) => string | undefined;
  /**
   * The kinds of actor a machine may start with an `effect.host` (a contact adopted by handover):
   * the logic for each, and who hears of every actor started that way. A kind not listed here
   * cannot be started by a machine: the effect fails as `effect.failed`.
   */
  readonly hosts?: Readonly<Record<string, HostedKind>>;
}

/** A kind of actor machines may start (`RuntimeOptions.hosts`). */
export interface HostedKind {
  readonly logic: AnyActorLogic;
  /** Called after each actor of this kind a machine started, with its id and input. */
  readonly hosted?: (id: string, input: unknown) => void;
}

/** The interpreter of one centre: hosts its actors and carries out their effects (DESIGN.md §3). */
/**
 * What an endpoint receives: a decoded message — its body typed by its `type`, so a desk narrows
 * on `type` and never casts — stamped with the time it was delivered (`at`); or word that a
 * retained topic it listens to was cleared. Typed for the core protocol; a runtime with a registry
 * of your own delivers your types too, which your endpoint reads with your codecs.
 *
 * @example
 * ```ts
 * runtime.endpoint('network', 'presence', (message) => {
 *   if (message.type === 'presence') console.log(message.body.centre, message.body.status);
 * });
 * ```
 */
export type Delivered =
  | (MessageOf<CoreBodies> & { readonly at: number })
  | { readonly type: 'retained.cleared'; readonly topic: string; readonly at: number };

export interface Runtime {
  readonly centre: string;
  readonly network: string;
  readonly clock: Clock;
  /** The clock's time when this runtime was created: the start of the centre's life, e.g. `since` in its presence. */
  readonly createdAt: number;
  /** The limits it runs with: the defaults with the `limits` option's overrides (docs/limits.md). */
  readonly limits: Limits;
  /** Bad input, failed effects and actor failures, as they happen. */
  readonly events$: Observable<RuntimeEvent>;
  /** Every adapter effect, for embedders who prefer a stream to the `adapter` option. */
  readonly adapterCommands$: Observable<AdapterEffect['command']>;
  /**
   * Starts an actor at `{centre}/{kind}/{id}` and returns its address. An object `input` without
   * `at` gets the clock's time now as `at`, as every event an actor receives carries the time it
   * was delivered: whoever hosts an actor never reads the clock for it.
   */
  host<L extends AnyActorLogic>(kind: string, id: string, logic: L, options?: { input?: unknown }): string;
  /**
   * An address whose messages go to a callback instead of an actor — for code outside the
   * statecharts that needs answers, such as the embedding API waiting for a command's result.
   * Messages reach it through the same queue and checks as an actor's; a throw is reported as
   * `actor.failed`. `remove(address)` ends it.
   */
  endpoint(kind: string, id: string, receive: (message: Delivered) => void): string;
  /** Stops and removes an actor; its pending timers and listens are cancelled. Actors that finish or fail are removed by themselves. */
  remove(address: string): void;
  /**
   * Calls `watcher` with every event delivered to the actor at `address`, right after the actor
   * has taken it (its snapshot already shows the change). How a centre learns about its own
   * actors from its own runtime — e.g. every snapshot its agents and contacts tell its router —
   * rather than from their broadcasts echoed back by the broker. A throw is reported as
   * `actor.failed`. Returns a function that stops watching.
   */
  watch(address: string, watcher: (event: EventObject) => void): () => void;
  /** The current snapshot of a hosted actor. */
  snapshot<L extends AnyActorLogic>(address: string): SnapshotFrom<L> | undefined;
  /** Addresses of all hosted actors. */
  addresses(): string[];
  /** Delivers an outside event (from the embedder, the adapter or a test) to a hosted actor. */
  deliver(address: string, event: EventObject & Readonly<Record<string, unknown>>): void;
  /**
   * Routes decoded broadcasts on a network-relative topic filter (e.g. `replica/#`) to a hosted
   * actor; a cleared retained topic arrives as `{ type: 'retained.cleared', topic }`. Throws for a
   * bad filter or an actor that is not hosted.
   */
  listen(filter: string, address: string): void;
  /**
   * Sends a message from an endpoint (or any address of this centre) to an actor anywhere, as an
   * actor's `send` effect would: locally through the queue, remotely through the transport.
   */
  send(from: string, to: string, message: OutgoingMessage): void;
  /** Publishes a message on a network-relative topic on behalf of the centre itself. */
  publish(topic: string, message: OutgoingMessage, options?: { retain?: boolean; qos?: 0 | 1 }): void;
  /**
   * What each actor this centre hosts now last published retained on its replica topic
   * (`replica/{address}`, network-relative), and has not cleared since: the centre's own word on its
   * agents and contacts, whatever the broker kept or echoed back. For saying it again to a broker
   * that restarted without persistence. One entry per live actor at most.
   */
  lastReplicas(): readonly { readonly topic: string; readonly message: OutgoingMessage }[];
  /** Connects the transport (if needed) and starts receiving this centre's inbox. Idempotent; rejects after `stop()`. */
  start(): Promise<void>;
  /** Stops every actor and timer and closes the transport. */
  stop(): Promise<void>;
  stats(): Readonly<RuntimeStats>;
}
