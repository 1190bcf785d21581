import type { Socket } from 'node:net';
import {
  type ConnectionState,
  type ConnectOptions,
  type ContactmeshError,
  createRandom,
  type InboundMessage,
  type PublishOptions,
  realClock,
  type SubscribeOptions,
  type Transport,
  type TransportGuarantees,
  validateFilter,
} from '@contactmesh/core';
import type { IDisconnectPacket, IPublishPacket, MqttClient } from 'mqtt';
import { Observable } from 'rxjs';
import { ConnectionStateSubject } from '../shared/connection-state.js';
import { type HubWill, toHubWill, toPublication } from '../shared/hub-message.js';
import { unknownKey } from '../shared/option-checks.js';
import { invalidQos, tooManySubscriptions } from '../shared/transport-errors.js';
import { BrokerSubscriptions, type LocalSubscription } from './broker-subscriptions.js';
import { connectFailed, lostWhile, notConnected, queueFull, refusedPublication, takenOver } from './mqtt-errors.js';
import type { ResolvedMqttOptions } from './mqtt-options.js';
import { endSession, type OpenedClient, openClient, toBuffer } from './open-client.js';
import { ReconnectSchedule } from './reconnect-schedule.js';
import { subscriptionWire } from './subscription-wire.js';

// MQTT 5 DISCONNECT reason: another connection took this client id.
const sessionTakenOver = 0x8e;

/**
 * A participant's connection to an MQTT broker, over mqtt.js. Create one with
 * `createMqttTransport(options)`.
 *
 * A lost connection is retried with a capped, jittered back-off (`reconnecting`, up to
 * `maxQueuedPublishes` publications held) — whatever closed it, and however soon after it was
 * made: only the broker can say that another connection took the client id over, and MQTT 5
 * brokers do (a DISCONNECT with reason code 142). Then this one goes `closed` for good, with
 * `closeError` saying why. A broker that cannot say (3.1.1, Mosquitto before 2.0.15) closes a
 * taken-over connection as a restart or a load balancer does, so it is retried like any other.
 *
 * MQTT 5's extras — message expiry, delayed wills, shared subscriptions — go on the wire when the
 * broker speaks 5; on 3.1.1 they cannot be said, and `guarantees` tells which are honoured.
 */
export class MqttTransport implements Transport {
  readonly id: string;
  readonly #options: ResolvedMqttOptions;
  readonly #state = new ConnectionStateSubject();
  readonly #subscriptions = new BrokerSubscriptions();
  readonly #sinks = new Set<LocalSubscription>();
  // Publications awaiting their acknowledgement; mqtt.js forgets their callbacks when it is ended.
  readonly #inFlight = new Set<(error: unknown) => void>();
  /** Set while close() lets the publications in flight finish. */
  #closing: Promise<void> | undefined;
  /** Called when the last publication in flight settles. */
  #drained: (() => void) | undefined;
  readonly #schedule: ReconnectSchedule;
  #client: MqttClient | undefined;
  #socket: Socket | undefined;
  #connecting: Promise<void> | undefined;
  #opened: OpenedClient | undefined;
  #closeError: ContactmeshError | undefined;

  constructor(options: ResolvedMqttOptions) {
    this.#options = options;
    this.id = options.participantId;
    // Jitter drawn per transport, so that participants cut off together spread out.
    this.#schedule = new ReconnectSchedule(options, realClock, createRandom(Math.floor(Math.random() * 2 ** 31)));
  }

  /**
   * What this connection promises. MQTT 5's extras depend on the broker, so they are false until
   * the first connection, then true with MQTT 5 (`sharedSubscriptions` unless the broker says it
   * has none) and false with 3.1.1.
   */
  get guarantees(): TransportGuarantees {
    const v5 = this.#opened?.protocolVersion === 5;
    return {
      name: 'mqtt',
      qos0: 'at-most-once',
      qos1: 'at-least-once',
      ordering: 'per-publisher-per-topic',
      retained: true,
      will: true,
      maxPayloadBytes: this.#options.limits.maxPayloadBytes,
      messageExpiry: v5,
      willDelay: v5,
      sharedSubscriptions: this.#opened?.sharedSubscriptions === true,
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
    return this.#opened?.protocolVersion;
  }

  /**
   * Why the transport closed on its own: `CM_ERR_DUPLICATE_PARTICIPANT` when another connection
   * took its client id over (the broker said so), `CM_ERR_TRANSPORT_CLOSED` when the first
   * connection failed. Undefined while it is open, and after `close()`.
   *
   * @example
   * ```ts
   * london.state$.pipe(filter((s) => s === 'closed')).subscribe(() => {
   *   if (london.closeError?.code === ErrorCode.DUPLICATE_PARTICIPANT) alarm('london runs somewhere else too');
   * });
   * ```
   */
  get closeError(): ContactmeshError | undefined {
    return this.#closeError;
  }

  connect(options: ConnectOptions = {}): Promise<void> {
    const state = this.#state.value;
    if (state === 'connected' || state === 'reconnecting') return Promise.resolve();
    if (state === 'closed') return Promise.reject(notConnected(this.id, state, 'connect', this.#closeError));
    if (this.#connecting !== undefined) return this.#connecting;
    const will = toHubWill(options, this.#options.limits);
    if (!will.ok) return Promise.reject(will.error);
    this.#state.set('connecting');
    this.#connecting = this.#open(will.value);
    return this.#connecting;
  }

  publish(topic: string, payload: Uint8Array | string, options: PublishOptions = {}): Promise<void> {
    const state = this.#state.value;
    const client = this.#client;
    const action = `publish to ${JSON.stringify(topic)}`;
    if (client === undefined || (state !== 'connected' && state !== 'reconnecting') || this.#closing !== undefined)
      return Promise.reject(notConnected(this.id, this.#closing === undefined ? state : 'closed', action, this.#closeError));
    const message = toPublication(topic, payload, options, this.#options.limits);
    if (!message.ok) return Promise.reject(message.error);
    // While the broker is away mqtt.js holds every publication: bounded, as the WebSocket client's queue.
    const limit = this.#options.maxQueuedPublishes;
    if (state === 'reconnecting' && this.#inFlight.size >= limit) return Promise.reject(queueFull(this.id, topic, limit));
    const { qos, retain, expirySeconds } = message.value;
    // 3.1.1 has no expiry: the value lives until it is replaced or cleared.
    const expiry =
      expirySeconds !== undefined && this.#opened?.protocolVersion === 5 ? { properties: { messageExpiryInterval: expirySeconds } } : {};
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => {
        this.#inFlight.delete(fail);
        reject(
          this.#state.value === 'closed' ? notConnected(this.id, 'closed', action, this.#closeError) : lostWhile(this.id, action, error),
        );
      };
      this.#inFlight.add(fail);
      client.publish(topic, toBuffer(message.value.payload), { qos, retain, ...expiry }, (error) => {
        this.#inFlight.delete(fail);
        // mqtt.js passes null, not undefined, on success.
        const refused = error instanceof Error ? refusedPublication(this.id, topic, error) : undefined;
        if (refused !== undefined) {
          this.#inFlight.delete(fail);
          reject(refused);
        } else if (error instanceof Error) fail(error);
        else resolve();
        if (this.#inFlight.size === 0) this.#drained?.();
      });
    });
  }

  subscribe(filter: string, options: SubscribeOptions = {}): Observable<InboundMessage> {
    return new Observable<InboundMessage>((sink) => {
      const { limits } = this.#options;
      const valid = validateFilter(filter, limits.maxTopicBytes);
      const qos = options.qos ?? 1;
      const state = this.#state.value;
      const unknown = unknownKey('options', options, ['qos']);
      if (!valid.ok) return sink.error(valid.error);
      if (unknown !== undefined) return sink.error(unknown);
      if (qos !== 0 && qos !== 1) return sink.error(invalidQos(qos));
      if (state === 'closed') return sink.error(notConnected(this.id, state, `subscribe to ${JSON.stringify(filter)}`, this.#closeError));
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
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    // What was published before close() goes out first (a centre's last "offline" presence):
    // wait, at most closeTimeoutMs, for the broker to acknowledge what is in flight.
    if (this.#client?.connected === true && this.#inFlight.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#options.closeTimeoutMs);
        this.#drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#drained = undefined;
    }
    if (this.#state.value === 'closed') return;
    const client = this.#client;
    const socket = this.#socket;
    this.#shutdown();
    if (client === undefined) return;
    // A DISCONNECT first, so the broker drops the will; then wait for the socket, so a restarted
    // participant cannot connect before the broker has seen this one leave.
    const gone = socket === undefined || socket.destroyed ? Promise.resolve() : new Promise((resolve) => socket.once('close', resolve));
    // A clean session kept only for a delayed will ends with the participant.
    if (client.connected && this.#opened?.endSessionOnClose === true) await endSession(client);
    else await new Promise<void>((resolve) => client.end(!client.connected, {}, () => resolve()));
    await gone;
  }

  async #open(will: HubWill | undefined): Promise<void> {
    const watch = { opened: (socket: Socket) => this.#watch(socket) };
    let opened: OpenedClient;
    try {
      opened = await openClient(this.#options, will, watch);
    } catch (error) {
      const failed = connectFailed(this.id, this.#options.url, error);
      this.#shutdown(failed);
      throw failed;
    }
    const { client, subscriptionIds, sharedSubscriptions } = opened;
    if (this.#state.value === 'closed') {
      // close() came while connecting.
      client.end(true);
      throw notConnected(this.id, 'closed', 'connect');
    }
    this.#client = client;
    this.#opened = opened;
    this.#listen(client);
    this.#schedule.connected();
    this.#state.set('connected');
    this.#subscriptions.attach(subscriptionWire(client), { useIds: subscriptionIds, shared: sharedSubscriptions });
  }

  #listen(client: MqttClient): void {
    let takeover = false;
    client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => this.#receive(topic, payload, packet));
    client.on('disconnect', (packet: IDisconnectPacket) => {
      takeover ||= packet.reasonCode === sessionTakenOver;
    });
    // mqtt.js schedules its next attempt when it hears of the close, `reconnectPeriod` ms away (a
    // failed attempt is a close too): ahead of it, set the back-off's next wait.
    client.prependListener('close', () => {
      client.options.reconnectPeriod = this.#schedule.closed();
    });
    client.on('close', () => {
      if (this.#state.value === 'closed') return;
      if (takeover) {
        this.#shutdown(takenOver(this.id, this.#options.clientId));
        client.end(true);
        return;
      }
      this.#state.set('reconnecting');
    });
    client.on('connect', () => {
      this.#schedule.connected();
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

  // The current socket, which close() waits for.
  #watch(socket: Socket): void {
    this.#socket = socket;
  }

  // State first, so code reacting to a completed subscription already sees `closed`; `error` says
  // why it closed on its own (none after close()).
  #shutdown(error?: ContactmeshError): void {
    this.#closeError ??= error;
    this.#state.set('closed');
    this.#subscriptions.detach();
    for (const fail of [...this.#inFlight]) fail(undefined);
    for (const local of [...this.#sinks]) local.complete();
  }
}
