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
import { type HubWill, toHubWill, toPublication } from '../shared/hub-message.js';
import { unknownKey } from '../shared/option-checks.js';
import { invalidQos, notConnected, tooManySubscriptions } from '../shared/transport-errors.js';
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
    if (state === 'connected') return Promise.resolve();
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
    if (state !== 'connected') return Promise.reject(notConnected(this.id, state, `publish to ${JSON.stringify(topic)}`));
    const message = toPublication(topic, payload, options, this.#hub.limits);
    if (!message.ok) return Promise.reject(message.error);
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

  // State first, so code reacting to a completed subscription already sees `closed`.
  #shutdown(): void {
    this.#state.set('closed');
    // Completing runs each subscription's teardown, which detaches it from the hub.
    for (const sink of [...this.#sinks.values()]) sink.complete();
  }
}
