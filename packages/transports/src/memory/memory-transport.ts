import {
  type ConnectionState,
  type ConnectOptions,
  type InboundMessage,
  type PublishOptions,
  type SubscribeOptions,
  type Transport,
  type TransportGuarantees,
  validateFilter,
} from '@contactmesh/core';
import { Observable, type Subscriber } from 'rxjs';
import { ConnectionStateSubject } from '../shared/connection-state.js';
import { type HubMessage, type HubWill, toHubWill, toPublication } from '../shared/hub-message.js';
import { unknownKey } from '../shared/option-checks.js';
import { heldFull, invalidQos, notConnected, tooManySubscriptions } from '../shared/transport-errors.js';
import type { HubSubscription } from './delivery.js';
import type { HubParticipant, HubPort } from './hub-port.js';

/**
 * One participant's connection to a memory hub. Everything it does is synchronous inside the hub;
 * only deliveries wait, each on a clock timer. Obtain one with `hub.transport(id)`.
 */
export class MemoryTransport implements Transport, HubParticipant {
  readonly id: string;
  readonly guarantees: TransportGuarantees;
  readonly #hub: HubPort;
  readonly #state = new ConnectionStateSubject();
  // Every live subscription, attached to the hub or (before connect) waiting to be.
  readonly #sinks = new Map<HubSubscription, Subscriber<InboundMessage>>();
  #will: HubWill | undefined;
  // What it published while away from the hub (see `lose`), in order, with each caller's promise.
  #held: { readonly message: HubMessage; readonly sent: () => void; readonly lost: (error: Error) => void }[] = [];

  constructor(id: string, hub: HubPort) {
    this.id = id;
    this.#hub = hub;
    this.guarantees = hub.guarantees;
  }

  get state$(): Observable<ConnectionState> {
    return this.#state.state$;
  }

  get state(): ConnectionState {
    return this.#state.value;
  }

  connect(options: ConnectOptions = {}): Promise<void> {
    const state = this.#state.value;
    // Away from the hub it is still connected as far as its caller goes: the hub brings it back.
    if (state === 'connected' || state === 'reconnecting') return Promise.resolve();
    if (state === 'closed') return Promise.reject(notConnected(this.id, state, 'connect'));
    const checked = toHubWill(options, this.#hub.limits);
    if (!checked.ok) return Promise.reject(checked.error);
    const joined = this.#hub.join(this);
    if (!joined.ok) return Promise.reject(joined.error);
    this.#will = checked.value;
    this.#state.set('connecting');
    this.#state.set('connected');
    for (const sub of this.#sinks.keys()) this.#hub.dispatcher.attach(sub);
    return Promise.resolve();
  }

  publish(topic: string, payload: Uint8Array | string, options: PublishOptions = {}): Promise<void> {
    const state = this.#state.value;
    if (state !== 'connected' && state !== 'reconnecting')
      return Promise.reject(notConnected(this.id, state, `publish to ${JSON.stringify(topic)}`));
    const message = toPublication(topic, payload, options, this.#hub.limits);
    if (!message.ok) return Promise.reject(message.error);
    if (state === 'reconnecting') {
      // Away from the hub, as an MQTT client: held, bounded, sent once the connection is back.
      const limit = this.#hub.limits.maxQueuedMessages;
      if (this.#held.length >= limit) return Promise.reject(heldFull(this.id, topic, limit));
      return new Promise((sent, lost) => this.#held.push({ message: message.value, sent, lost }));
    }
    this.#hub.dispatcher.publish(this.id, message.value, 'publish');
    return Promise.resolve();
  }

  subscribe(filter: string, options: SubscribeOptions = {}): Observable<InboundMessage> {
    return new Observable<InboundMessage>((sink) => {
      const { limits, dispatcher } = this.#hub;
      const valid = validateFilter(filter, limits.maxTopicBytes);
      const qos = options.qos ?? 1;
      const state = this.#state.value;
      const unknown = unknownKey('options', options, ['qos']);
      if (!valid.ok) return sink.error(valid.error);
      if (unknown !== undefined) return sink.error(unknown);
      if (qos !== 0 && qos !== 1) return sink.error(invalidQos(qos));
      if (state === 'closed') return sink.error(notConnected(this.id, state, `subscribe to ${JSON.stringify(filter)}`));
      if (this.#sinks.size >= limits.maxSubscriptions) return sink.error(tooManySubscriptions(this.id, filter, limits.maxSubscriptions));
      const sub = dispatcher.createSubscription(this.id, filter, qos, (message) => sink.next(message));
      this.#sinks.set(sub, sink);
      if (state === 'connected') dispatcher.attach(sub);
      return () => {
        this.#sinks.delete(sub);
        dispatcher.detach(sub);
      };
    });
  }

  close(): Promise<void> {
    if (this.#state.value !== 'closed') {
      this.#shutdown();
      this.#hub.leave(this);
    }
    return Promise.resolve();
  }

  vanish(): HubWill | undefined {
    if (this.#state.value === 'closed') return undefined;
    this.#shutdown();
    return this.#will;
  }

  lose(): { readonly will: HubWill | undefined } | undefined {
    if (this.#state.value !== 'connected') return undefined;
    this.#state.set('reconnecting');
    // The subscriptions stay with the caller; the hub stops them and discards what was on its way.
    for (const sub of this.#sinks.keys()) this.#hub.dispatcher.detach(sub);
    return { will: this.#will };
  }

  regain(): void {
    if (this.#state.value !== 'reconnecting') return;
    for (const sub of this.#sinks.keys()) this.#hub.dispatcher.attach(sub);
    const held = this.#held;
    this.#held = [];
    for (const { message } of held) this.#hub.dispatcher.publish(this.id, message, 'publish');
    // Connected only once what it held has gone: what its caller publishes on hearing so comes after.
    this.#state.set('connected');
    for (const { sent } of held) sent();
  }

  // State first, so code reacting to a completed subscription already sees `closed`.
  #shutdown(): void {
    const held = this.#held;
    this.#held = [];
    for (const { message, lost } of held) lost(notConnected(this.id, 'closed', `publish to ${JSON.stringify(message.topic)}`));
    this.#state.set('closed');
    // Completing runs each subscription's teardown, which detaches it from the hub.
    for (const sink of [...this.#sinks.values()]) sink.complete();
  }
}
