import {
  type ConnectionState,
  type ConnectOptions,
  type ContactmeshError,
  type InboundMessage,
  ok,
  type PublishOptions,
  type SubscribeOptions,
  type TimerHandle,
  type Transport,
  type TransportGuarantees,
  validateFilter,
} from '@contactmesh/core';
import { Observable, Subject } from 'rxjs';
import { ConnectionStateSubject } from '../shared/connection-state.js';
import { type HubMessage, toHubMessage } from '../shared/hub-message.js';
import { invalidQos, tooManySubscriptions } from '../shared/transport-errors.js';
import { backoffDelay } from './backoff.js';
import { notConnected, queueFull, relayError, unreachable } from './client-errors.js';
import { ClientHeartbeat } from './client-heartbeat.js';
import type { ResolvedClientOptions } from './client-options.js';
import { ClientSubscriptions } from './client-subscriptions.js';
import { CloseCode } from './close-codes.js';
import { type Allocate, copyBytes, encodeFrame, freshBytes } from './frame-codec.js';
import { RELAY_PROTOCOL_VERSION } from './frames.js';
import { Outbox } from './outbox.js';
import { checkPublication } from './publication-check.js';
import { handleRelayFrame } from './relay-frame-handler.js';
import type { OpenSocket, RelaySocket } from './relay-socket.js';

/** A {@link Transport} to a relay, plus what only a networked client has. */
export interface WebSocketTransport extends Transport {
  /** Resolves once the relay has acknowledged every subscription made so far (or it ended). */
  subscribed(): Promise<void>;
  /**
   * Frames from the relay that could not be decoded, refusals not tied to a publish or subscription,
   * and refusals of QoS 0 publications (whose promise resolved when they were written), such as
   * the relay's rate limit's `CM_ERR_QUEUE_FULL`.
   */
  readonly errors$: Observable<ContactmeshError>;
}

/**
 * The client half of the relay protocol over any socket: connects with a hello, keeps
 * subscriptions and unacknowledged publications across reconnects, backs off with jitter
 * between attempts, and reconnects when the relay goes silent (its heartbeat). The Node and
 * browser entries differ only in how they open a socket and where frames get their memory.
 */
export class WebSocketClientTransport implements WebSocketTransport {
  readonly id: string;
  readonly guarantees: TransportGuarantees;
  readonly #o: ResolvedClientOptions;
  readonly #open: OpenSocket;
  readonly #allocate: Allocate;
  readonly #state = new ConnectionStateSubject();
  readonly #subs = new ClientSubscriptions();
  readonly #outbox: Outbox;
  readonly #heartbeat: ClientHeartbeat;
  readonly #errors = new Subject<ContactmeshError>();
  readonly errors$ = this.#errors.asObservable();
  #socket: RelaySocket | undefined;
  #welcomed = false;
  #attempt = 0;
  #timer: TimerHandle | undefined;
  #will: HubMessage | undefined;
  #refusal: ContactmeshError | undefined;
  #connecting: { resolve: () => void; reject: (e: ContactmeshError) => void } | undefined;
  #closing: (() => void)[] = [];

  constructor(options: ResolvedClientOptions, open: OpenSocket, allocate: Allocate = freshBytes) {
    this.#o = options;
    this.#open = open;
    this.#allocate = allocate;
    this.id = options.id;
    this.#outbox = new Outbox(options.maxQueuedPublishes);
    this.#heartbeat = new ClientHeartbeat(options.clock, options.heartbeatIntervalMs, options.heartbeatTimeoutMs, {
      ping: () => this.#send({ type: 'ping' }),
      silent: () => this.#lost(CloseCode.TIMEOUT, 'nothing heard from the relay within the heartbeat', true),
    });
    this.guarantees = {
      name: 'websocket',
      qos0: 'at-most-once',
      qos1: 'at-least-once',
      ordering: 'per-publisher-per-topic',
      retained: true,
      will: true,
      maxPayloadBytes: options.limits.maxPayloadBytes,
      // The relay keeps a retained value until it is cleared, publishes a will at once, and gives
      // every `$share/{group}/` member every message.
      messageExpiry: false,
      willDelay: false,
      sharedSubscriptions: false,
    };
  }

  get state$(): Observable<ConnectionState> {
    return this.#state.state$;
  }

  get state(): ConnectionState {
    return this.#state.value;
  }

  connect(options: ConnectOptions = {}): Promise<void> {
    const state = this.#state.value;
    if (state === 'connected') return Promise.resolve();
    if (state !== 'idle') return Promise.reject(notConnected(this.id, state, 'connect'));
    const { will } = options;
    const checked = will === undefined ? ok(undefined) : toHubMessage(will.topic, will.payload, will, this.#o.limits);
    if (!checked.ok) return Promise.reject(checked.error);
    this.#will = checked.value;
    this.#state.set('connecting');
    return new Promise((resolve, reject) => {
      this.#connecting = { resolve, reject };
      this.#dial();
    });
  }

  publish(topic: string, payload: Uint8Array | string, options: PublishOptions = {}): Promise<void> {
    const state = this.#state.value;
    if (state === 'closed' || state === 'idle') {
      return Promise.reject(notConnected(this.id, state, `publish to ${JSON.stringify(topic)}`));
    }
    // A copy of its own (kept until acknowledged, sent again after a reconnect), so the caller may reuse its buffer.
    const message = checkPublication(topic, payload, options, this.#o.limits, this.#keep);
    if (!message.ok) return Promise.reject(message.error);
    return new Promise((resolve, reject) => {
      const outgoing = { message: message.value, resolve, reject };
      if (state === 'connected') this.#outbox.send(outgoing, this.#writePub);
      else if (!this.#outbox.enqueue(outgoing)) reject(queueFull(this.id, topic, this.#o.maxQueuedPublishes));
    });
  }

  subscribe(filter: string, options: SubscribeOptions = {}): Observable<InboundMessage> {
    return new Observable<InboundMessage>((sink) => {
      const valid = validateFilter(filter, this.#o.limits.maxTopicBytes);
      const qos = options.qos ?? 1;
      const state = this.#state.value;
      if (!valid.ok) return sink.error(valid.error);
      if (qos !== 0 && qos !== 1) return sink.error(invalidQos(qos));
      if (state === 'closed') return sink.error(notConnected(this.id, state, `subscribe to ${JSON.stringify(filter)}`));
      const max = this.#o.limits.maxSubscriptions;
      if (this.#subs.size >= max) return sink.error(tooManySubscriptions(this.id, filter, max));
      const sid = this.#subs.add(filter, qos, sink);
      if (state === 'connected') this.#send({ type: 'sub', sid, filter, qos });
      return () => {
        this.#subs.remove(sid);
        if (this.#state.value === 'connected') this.#send({ type: 'unsub', sid });
      };
    });
  }

  subscribed(): Promise<void> {
    return this.#subs.settled();
  }

  close(): Promise<void> {
    if (this.#state.value === 'closed' && this.#socket === undefined) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.#closing.push(resolve));
    if (this.#state.value !== 'closed') {
      if (this.#socket !== undefined && this.#welcomed) this.#send({ type: 'bye' });
      else this.#drop();
      this.#shutdown(notConnected(this.id, 'closed', 'publish'));
    }
    // Bounded, so a relay that never closes after `bye` cannot hold close() forever.
    if (this.#socket !== undefined) this.#timer = this.#o.clock.setTimer(this.#o.connectTimeoutMs, () => this.#drop());
    return done;
  }

  #dial(): void {
    this.#welcomed = false;
    this.#refusal = undefined;
    const socket: RelaySocket = this.#open(this.#o.url, {
      open: () => {
        if (socket !== this.#socket) return;
        const will = this.#will;
        const hello = { type: 'hello', v: RELAY_PROTOCOL_VERSION, id: this.id };
        this.#send(
          will === undefined ? hello : { ...hello, will: { topic: will.topic, qos: will.qos, retain: will.retain } },
          will?.payload,
        );
      },
      message: (data) => {
        if (socket !== this.#socket) return;
        this.#heartbeat.heard();
        handleRelayFrame(data, this.#o.maxFrameBytes, this.#handlers, this.#allocate);
      },
      close: (code, reason) => {
        if (socket === this.#socket) this.#lost(code, reason);
      },
    });
    this.#socket = socket;
    this.#timer = this.#o.clock.setTimer(this.#o.connectTimeoutMs, () => {
      if (socket === this.#socket && !this.#welcomed) this.#lost(CloseCode.TIMEOUT, 'no welcome from the relay in time', true);
    });
  }

  readonly #handlers = {
    welcome: () => {
      this.#clearTimer();
      this.#welcomed = true;
      this.#attempt = 0;
      this.#heartbeat.start();
      this.#subs.resubscribe((sid, filter, qos) => this.#send({ type: 'sub', sid, filter, qos }));
      this.#outbox.flush(this.#writePub);
      this.#state.set('connected');
      this.#connecting?.resolve();
      this.#connecting = undefined;
    },
    suback: (sid: number) => this.#subs.ack(sid),
    puback: (mid: number) => this.#outbox.ack(mid),
    message: (sid: number, message: InboundMessage) => this.#subs.deliver(sid, message),
    refused: (code: string, text: string, ref: { mid?: number; sid?: number }) => {
      const error = relayError(code, text);
      if (ref.mid !== undefined) {
        // A QoS 0 publication's promise resolved when it was written: its refusal is reported instead.
        if (!this.#outbox.refuse(ref.mid, error)) this.#errors.next(error);
      } else if (ref.sid !== undefined) {
        this.#subs.refuse(ref.sid, error);
      } else if (!this.#welcomed) {
        this.#refusal = error;
      } else {
        this.#errors.next(error);
      }
    },
    invalid: (error: ContactmeshError) => this.#errors.next(error),
  };

  // The connection is gone (or never came, or went silent): finish a close, retry, or give up.
  #lost(code: number, reason: string, abandon = false): void {
    this.#drop(abandon ? code : undefined);
    const state = this.#state.value;
    if (state === 'closed') return;
    if (state === 'connecting' || this.#o.reconnect === false) {
      this.#shutdown(this.#refusal ?? unreachable(this.id, this.#o.url, code, reason));
      return;
    }
    this.#state.set('reconnecting');
    const delay = backoffDelay(this.#attempt++, this.#o.reconnect, this.#o.random);
    this.#timer = this.#o.clock.setTimer(delay, () => this.#dial());
  }

  // `abandon`: a close code for a socket the relay may never answer on, which is torn down at once where the runtime can.
  #drop(abandon?: number): void {
    this.#clearTimer();
    this.#heartbeat.stop();
    const socket = this.#socket;
    this.#socket = undefined;
    try {
      if (abandon !== undefined && socket?.terminate !== undefined) socket.terminate();
      else socket?.close(abandon);
    } catch {
      // Closing a socket that is still opening may throw; it is abandoned either way.
    }
    for (const resolve of this.#closing.splice(0)) resolve();
  }

  // State first, so code reacting to a completed subscription already sees `closed`.
  #shutdown(error: ContactmeshError): void {
    this.#heartbeat.stop();
    this.#state.set('closed');
    this.#outbox.failAll(error);
    this.#connecting?.reject(error);
    this.#connecting = undefined;
    this.#subs.completeAll();
    this.#errors.complete();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#o.clock.clearTimer(this.#timer);
    this.#timer = undefined;
  }

  readonly #writePub = (mid: number, m: HubMessage): void =>
    this.#send({ type: 'pub', mid, topic: m.topic, qos: m.qos, retain: m.retain }, m.payload);

  readonly #keep = (payload: Uint8Array): Uint8Array => copyBytes(payload, this.#allocate);

  #send(header: object, payload?: Uint8Array): void {
    this.#socket?.send(encodeFrame(header, payload, this.#allocate));
  }
}
