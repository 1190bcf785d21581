import type { Socket } from 'node:net';
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
import type { IDisconnectPacket, IPublishPacket, MqttClient } from 'mqtt';
import { Observable } from 'rxjs';
import { ConnectionStateSubject } from '../memory/connection-state.js';
import { type HubMessage, toHubMessage } from '../memory/hub-message.js';
import { invalidQos, tooManySubscriptions } from '../memory/transport-errors.js';
import { BrokerSubscriptions, type LocalSubscription } from './broker-subscriptions.js';
import { connectFailed, lostWhile, notConnected } from './mqtt-errors.js';
import type { ResolvedMqttOptions } from './mqtt-options.js';
import { type OpenedClient, openClient, toBuffer } from './open-client.js';
import { subscriptionWire } from './subscription-wire.js';

// MQTT 5 DISCONNECT reason: another connection took this client id.
const sessionTakenOver = 0x8e;

/**
 * A participant's connection to an MQTT broker, over mqtt.js. Create one with
 * `createMqttTransport(options)`.
 *
 * A lost connection is retried every `reconnectMs` (`reconnecting`, publications queued) — except
 * when another connection took the client id over: the broker then ends this one and it goes to
 * `closed` for good. MQTT 5 says so with a DISCONNECT reason; a 3.1.1 broker (and Mosquitto 2.0
 * for v5 clients) just closes the socket, which a broker restart does too. So a connection the
 * broker closes within `takeoverWindowMs` (1 s) of being made is a takeover; one that lived
 * longer is retried (after a takeover the old connection retries once, takes the id back, and is
 * ended at once).
 */
export class MqttTransport implements Transport {
  readonly id: string;
  readonly guarantees: TransportGuarantees;
  readonly #options: ResolvedMqttOptions;
  readonly #state = new ConnectionStateSubject();
  readonly #subscriptions = new BrokerSubscriptions();
  readonly #sinks = new Set<LocalSubscription>();
  // Publications awaiting their acknowledgement; mqtt.js forgets their callbacks when it is ended.
  readonly #inFlight = new Set<(error: unknown) => void>();
  #client: MqttClient | undefined;
  #socket: Socket | undefined;
  #brokerEnded = false;
  #connectedAt = 0;
  #connecting: Promise<void> | undefined;
  #protocolVersion: 4 | 5 | undefined;

  constructor(options: ResolvedMqttOptions) {
    this.#options = options;
    this.id = options.participantId;
    this.guarantees = {
      name: 'mqtt',
      qos0: 'at-most-once',
      qos1: 'at-least-once',
      ordering: 'per-publisher-per-topic',
      retained: true,
      will: true,
      maxPayloadBytes: options.limits.maxPayloadBytes,
    };
  }

  get state$(): Observable<ConnectionState> {
    return this.#state.state$;
  }

  get state(): ConnectionState {
    return this.#state.value;
  }

  /** The MQTT version the broker accepted: 5, or 4 (3.1.1); undefined before the first connection. */
  get protocolVersion(): 4 | 5 | undefined {
    return this.#protocolVersion;
  }

  connect(options: ConnectOptions = {}): Promise<void> {
    const state = this.#state.value;
    if (state === 'connected' || state === 'reconnecting') return Promise.resolve();
    if (state === 'closed') return Promise.reject(notConnected(this.id, state, 'connect'));
    if (this.#connecting !== undefined) return this.#connecting;
    const { will } = options;
    let checked: HubMessage | undefined;
    if (will !== undefined) {
      const result = toHubMessage(will.topic, will.payload, will, this.#options.limits);
      if (!result.ok) return Promise.reject(result.error);
      checked = result.value;
    }
    this.#state.set('connecting');
    this.#connecting = this.#open(checked);
    return this.#connecting;
  }

  publish(topic: string, payload: Uint8Array | string, options: PublishOptions = {}): Promise<void> {
    const state = this.#state.value;
    const client = this.#client;
    const action = `publish to ${JSON.stringify(topic)}`;
    if (client === undefined || (state !== 'connected' && state !== 'reconnecting'))
      return Promise.reject(notConnected(this.id, state, action));
    const message = toHubMessage(topic, payload, options, this.#options.limits);
    if (!message.ok) return Promise.reject(message.error);
    const { qos, retain } = message.value;
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => {
        this.#inFlight.delete(fail);
        reject(this.#state.value === 'closed' ? notConnected(this.id, 'closed', action) : lostWhile(this.id, action, error));
      };
      this.#inFlight.add(fail);
      client.publish(topic, toBuffer(message.value.payload), { qos, retain }, (error) => {
        this.#inFlight.delete(fail);
        // mqtt.js passes null, not undefined, on success.
        if (error instanceof Error) fail(error);
        else resolve();
      });
    });
  }

  subscribe(filter: string, options: SubscribeOptions = {}): Observable<InboundMessage> {
    return new Observable<InboundMessage>((sink) => {
      const { limits } = this.#options;
      const valid = validateFilter(filter, limits.maxTopicBytes);
      const qos = options.qos ?? 1;
      const state = this.#state.value;
      if (!valid.ok) return sink.error(valid.error);
      if (qos !== 0 && qos !== 1) return sink.error(invalidQos(qos));
      if (state === 'closed') return sink.error(notConnected(this.id, state, `subscribe to ${JSON.stringify(filter)}`));
      if (this.#subscriptions.size >= limits.maxSubscriptions)
        return sink.error(tooManySubscriptions(this.id, filter, limits.maxSubscriptions));
      const local = this.#subscriptions.add({
        filter,
        qos,
        deliver: (message) => sink.next(message),
        fail: (error) => sink.error(lostWhile(this.id, `subscribe to ${JSON.stringify(filter)}`, error)),
        complete: () => sink.complete(),
      });
      this.#sinks.add(local);
      return () => {
        this.#sinks.delete(local);
        this.#subscriptions.remove(local);
      };
    });
  }

  /**
   * Resolves once the broker has acknowledged every subscribe and unsubscribe made so far: from
   * then on, what others publish to those filters reaches this transport.
   *
   * @example
   * ```ts
   * transport.subscribe('cm/demo/inbox/london').subscribe(handle);
   * await transport.whenSubscribed();
   * await transport.publish('cm/demo/presence/london', 'online', { retain: true, qos: 1 });
   * ```
   */
  whenSubscribed(): Promise<void> {
    return this.#subscriptions.settled();
  }

  async close(): Promise<void> {
    if (this.#state.value === 'closed') return;
    const client = this.#client;
    const socket = this.#socket;
    this.#shutdown();
    if (client === undefined) return;
    // A DISCONNECT first, so the broker drops the will; then wait for the socket, so a restarted
    // participant cannot connect before the broker has seen this one leave.
    const gone = socket === undefined || socket.destroyed ? Promise.resolve() : new Promise((resolve) => socket.once('close', resolve));
    await new Promise<void>((resolve) => client.end(!client.connected, {}, () => resolve()));
    await gone;
  }

  async #open(will: HubMessage | undefined): Promise<void> {
    const watch = { opened: (socket: Socket) => this.#watch(socket) };
    let opened: OpenedClient;
    try {
      opened = await openClient(this.#options, will, watch);
    } catch (error) {
      this.#shutdown();
      throw connectFailed(this.id, this.#options.url, error);
    }
    const { client, protocolVersion, subscriptionIds } = opened;
    if (this.#state.value === 'closed') {
      // close() came while connecting.
      client.end(true);
      throw notConnected(this.id, 'closed', 'connect');
    }
    this.#client = client;
    this.#protocolVersion = protocolVersion;
    this.#listen(client);
    this.#connectedAt = performance.now();
    this.#state.set('connected');
    this.#subscriptions.attach(subscriptionWire(client), subscriptionIds);
  }

  #listen(client: MqttClient): void {
    let takenOver = false;
    client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => this.#receive(topic, payload, packet));
    client.on('disconnect', (packet: IDisconnectPacket) => {
      takenOver = packet.reasonCode === sessionTakenOver;
    });
    client.on('close', () => {
      if (this.#state.value === 'closed') return;
      // Ended by the broker this soon after it was made: the other connection with the same client
      // id took it (back). Older, it was lost (a broker restart, a load balancer) and is retried.
      const young = performance.now() - this.#connectedAt < this.#options.takeoverWindowMs;
      if (takenOver || (this.#brokerEnded && young)) {
        this.#shutdown();
        client.end(true);
        return;
      }
      this.#state.set('reconnecting');
    });
    client.on('connect', () => {
      this.#connectedAt = performance.now();
      if (this.#state.value === 'closed') return;
      this.#subscriptions.reconnected();
      this.#state.set('connected');
    });
  }

  #receive(topic: string, payload: Buffer, packet: IPublishPacket): void {
    // Untrusted input: a broker may carry bigger payloads than this participant accepts (MQTT 3.1.1
    // has no packet size to announce). They go on as bytes, like any malformed payload, so the
    // subscriber refuses — and counts — them before parsing (`decode`: CM_ERR_PAYLOAD_TOO_LARGE);
    // dropping them here would lose them without a trace.
    const ids = packet.properties?.subscriptionIdentifier;
    const subscriptionIds = ids === undefined ? undefined : Array.isArray(ids) ? ids : [ids];
    this.#subscriptions.dispatch(topic, new Uint8Array(payload), packet.retain, subscriptionIds);
  }

  #watch(socket: Socket): void {
    this.#socket = socket;
    this.#brokerEnded = false;
    // 'end' is the broker closing its side; a socket we destroy, or a network error, has none.
    socket.once('end', () => {
      if (this.#socket === socket) this.#brokerEnded = true;
    });
  }

  // State first, so code reacting to a completed subscription already sees `closed`.
  #shutdown(): void {
    this.#state.set('closed');
    this.#subscriptions.detach();
    for (const fail of [...this.#inFlight]) fail(undefined);
    for (const local of [...this.#sinks]) local.complete();
  }
}
