import type { EventObject } from 'xstate';
import type { QoS } from '../transport/transport.js';
import type { AdapterCommand } from './adapter-command.js';

/** A message as a machine writes it: the runtime adds the envelope (`v`, `id`, `from`, `ts`). */
export interface OutgoingMessage<T extends string = string, B = unknown> {
  readonly type: T;
  readonly body: B;
}

/** Send a message to one actor, `{centre}/{kind}/{id}`, local or remote. */
export interface SendEffect {
  readonly type: 'effect.send';
  readonly to: string;
  readonly message: OutgoingMessage;
  /** Delivery level when the target is remote. Default 1. */
  readonly qos?: QoS;
  /**
   * Send it as another address of the same centre: the desk the receiver was told to answer (a
   * bid's `replyTo`), so one actor among many answers in the desk's name. Another centre's
   * address makes the effect fail.
   */
  readonly as?: string;
}

/** Broadcast a message on a topic relative to the network (e.g. `replica/london/agent/a1`). */
export interface PublishEffect {
  readonly type: 'effect.publish';
  readonly topic: string;
  readonly message: OutgoingMessage;
  readonly retain?: boolean;
  readonly qos?: QoS;
  /** Seconds after which the publication expires where the transport honours it (`PublishOptions.expirySeconds`). */
  readonly expirySeconds?: number;
}

/** Clear the retained value of a topic relative to the network. */
export interface ClearEffect {
  readonly type: 'effect.clear';
  readonly topic: string;
}

/** Start (or restart) the actor's timer `timerId`; when it fires, `event` comes back to the actor. */
export interface ScheduleEffect {
  readonly type: 'effect.schedule';
  readonly timerId: string;
  readonly delayMs: number;
  readonly event: TimerEvent;
}

/** The event a timer delivers back: a type and any data the machine wants to see again. */
export type TimerEvent = { readonly type: string; readonly [key: string]: unknown };

/** Cancel the actor's timer `timerId`, if it is pending. */
export interface CancelEffect {
  readonly type: 'effect.cancel';
  readonly timerId: string;
}

/** A command for the embedding ACD: offer a contact to an agent, forward it, connect, end, … */
export interface AdapterEffect {
  readonly type: 'effect.adapter';
  readonly command: AdapterCommand;
}

/**
 * Start an actor of a kind the runtime was given (`createRuntime({ hosts })`) at
 * `{centre}/{kind}/{id}`, with `input`: how a machine's decision brings another actor to life
 * (a contact adopted by handover), so the simulator and the model checker see it as data too.
 */
export interface HostEffect {
  readonly type: 'effect.host';
  readonly kind: string;
  readonly id: string;
  readonly input: unknown;
}

/**
 * Everything a machine can do to the world. Machines emit these with XState's `emit` and never
 * perform I/O, read the clock or start timers themselves (DESIGN.md §3); the runtime, the
 * simulator and the model checker each carry them out in their own way.
 */
export type Effect = SendEffect | PublishEffect | ClearEffect | ScheduleEffect | CancelEffect | AdapterEffect | HostEffect;

/** True for events a machine emits as effects. */
export const isEffect = (event: EventObject): event is Effect => event.type.startsWith('effect.');

/**
 * Builders for effects, to use inside `emit(...)` in a machine.
 *
 * @example
 * ```ts
 * const machine = setup({ types: { emitted: {} as Effect } }).createMachine({
 *   entry: emit(() => effects.schedule('offer', 15_000, { type: 'offer.timeout' })),
 *   on: { 'offer.timeout': { actions: emit(() => effects.send('london/router/main', 'offer.missed', {})) } },
 * });
 * ```
 */
export const effects = {
  send: <T extends string, B>(to: string, type: T, body: B, options: { qos?: QoS; as?: string } = {}): SendEffect => ({
    type: 'effect.send',
    to,
    message: { type, body },
    ...options,
  }),
  publish: <T extends string, B>(
    topic: string,
    type: T,
    body: B,
    options: { retain?: boolean; qos?: QoS; expirySeconds?: number } = {},
  ): PublishEffect => ({
    type: 'effect.publish',
    topic,
    message: { type, body },
    ...options,
  }),
  clear: (topic: string): ClearEffect => ({ type: 'effect.clear', topic }),
  schedule: (timerId: string, delayMs: number, event: TimerEvent): ScheduleEffect => ({
    type: 'effect.schedule',
    timerId,
    delayMs,
    event,
  }),
  cancel: (timerId: string): CancelEffect => ({ type: 'effect.cancel', timerId }),
  adapter: (command: AdapterEffect['command']): AdapterEffect => ({ type: 'effect.adapter', command }),
  host: (kind: string, id: string, input: unknown): HostEffect => ({ type: 'effect.host', kind, id, input }),
} as const;
