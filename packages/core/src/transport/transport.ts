import type { Observable } from 'rxjs';

/** Delivery level of one publication: 0 = at most once, 1 = at least once (may repeat; de-duplicate by message id). */
export type QoS = 0 | 1;

/** Options of {@link Transport.publish}. */
export interface PublishOptions {
  /** Keep this payload as the topic's current value for later subscribers; an empty payload clears it. Default false. */
  readonly retain?: boolean;
  /** Default 0. */
  readonly qos?: QoS;
  /**
   * Seconds (a whole number, 1 to 4,294,967,295) after which the publication expires: a retained
   * value is no longer given to new subscribers, and a copy still queued for a subscriber is
   * dropped. Default: never. Honoured where `guarantees.messageExpiry` is true (MQTT 5's message
   * expiry interval); elsewhere the value lives until it is replaced or cleared.
   */
  readonly expirySeconds?: number;
}

/** Options of {@link Transport.subscribe}. */
export interface SubscribeOptions {
  /** The highest QoS this subscriber wants. Default 1. */
  readonly qos?: QoS;
}

/** What a subscriber receives: raw bytes. Decoding (and refusing bad input) is the subscriber's job. */
export interface InboundMessage {
  readonly topic: string;
  readonly payload: Uint8Array;
  /** True when this is a retained value delivered because the subscription is new. */
  readonly retained: boolean;
}

/** A message the transport publishes on the participant's behalf if it disappears without closing. */
export interface WillMessage {
  readonly topic: string;
  readonly payload: Uint8Array | string;
  readonly retain?: boolean;
  readonly qos?: QoS;
  /**
   * Seconds (a whole number, 0 to 4,294,967,295) to wait before publishing the will; a participant
   * that connects again within them publishes no will at all, so a quick restart does not look
   * like an outage. Default 0. Honoured where `guarantees.willDelay` is true (MQTT 5's will delay
   * interval); elsewhere the will is published at once.
   */
  readonly delaySeconds?: number;
}

/** Options of {@link Transport.connect}. */
export interface ConnectOptions {
  readonly will?: WillMessage;
}

/**
 * - `idle`: created, never connected;
 * - `connecting`: first connection under way;
 * - `connected`: publishing and receiving;
 * - `reconnecting`: lost the connection, trying again (publications may be queued);
 * - `closed`: closed by `close()` or lost for good; final.
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** What a transport promises, so a user (and the contract suite) can tell transports apart. */
export interface TransportGuarantees {
  /** The transport's name, e.g. `memory`, `websocket`, `mqtt`. */
  readonly name: string;
  /** Delivery of QoS 1 publications while both ends stay connected. */
  readonly qos1: 'at-least-once' | 'exactly-once';
  /** Delivery of QoS 0 publications. */
  readonly qos0: 'at-most-once';
  /** Order of messages from one publisher on one topic, as seen by one subscriber. */
  readonly ordering: 'per-publisher-per-topic';
  readonly retained: boolean;
  readonly will: boolean;
  /** Largest payload this transport accepts, in bytes. */
  readonly maxPayloadBytes: number;
  /** `expirySeconds` of a publication is honoured. False: expiring values live until cleared. */
  readonly messageExpiry: boolean;
  /** `delaySeconds` of a will is honoured. False: the will is published at once. */
  readonly willDelay: boolean;
  /**
   * A subscription to `$share/{group}/{filter}` shares `{filter}` with the group's other members:
   * each message reaches one of them. False: it is a subscription to `{filter}`, and every member
   * receives every message.
   */
  readonly sharedSubscriptions: boolean;
}

/**
 * The one contract every transport meets; MQTT-shaped so all of them behave alike: `/`-separated
 * topics, `+` and `#` wildcards in subscriptions, retained messages, a last will, QoS 0 and 1.
 * Every implementation passes the shared contract suite in `test/contract/`.
 *
 * Failures are typed: a promise rejects (or an observable errors) with a `ContactmeshError` whose
 * `code` says what happened — never an exception thrown into the caller's stack.
 *
 * @example
 * ```ts
 * await transport.connect({ will: { topic: 'cm/demo/presence/london', payload: '', retain: true } });
 * transport.subscribe('cm/demo/replica/#').subscribe((m) => replicas.receive(m.topic, m.payload));
 * await transport.publish('cm/demo/replica/london/agent/a1', bytes, { retain: true, qos: 1 });
 * ```
 */
export interface Transport {
  /** The participant id this transport connects as (a centre id, a gateway id, …). */
  readonly id: string;
  readonly guarantees: TransportGuarantees;
  /** The current connection state; subscribers get the current value at once, then every change. */
  readonly state$: Observable<ConnectionState>;
  readonly state: ConnectionState;
  /** Connects; resolves once connected. Rejects with a coded error when it cannot. */
  connect(options?: ConnectOptions): Promise<void>;
  /**
   * Publishes a payload. Resolves when the transport has taken it (QoS 1: acknowledged by the
   * hub, relay or broker). Rejects with `CM_ERR_INVALID_TOPIC`, `CM_ERR_PAYLOAD_TOO_LARGE`,
   * `CM_ERR_INVALID_OPTION` (a bad `qos` or `expirySeconds`) or `CM_ERR_TRANSPORT_CLOSED`.
   */
  publish(topic: string, payload: Uint8Array | string, options?: PublishOptions): Promise<void>;
  /**
   * Subscribes to a topic filter. Cold: the subscription starts when the observable is subscribed
   * and ends when it is unsubscribed. Retained messages that match arrive first, flagged
   * `retained`. A filter `$share/{group}/{filter}` is a shared subscription (see
   * `guarantees.sharedSubscriptions`). Completes when the transport closes; errors with
   * `CM_ERR_INVALID_TOPIC` for a bad filter and `CM_ERR_TRANSPORT_CLOSED` when the transport is
   * already closed.
   */
  subscribe(filter: string, options?: SubscribeOptions): Observable<InboundMessage>;
  /** Closes cleanly: the will is NOT published. Idempotent. */
  close(): Promise<void>;
}
