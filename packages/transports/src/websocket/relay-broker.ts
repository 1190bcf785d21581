import { ContactmeshError, ErrorCode, err, type Limits, ok, type QoS, type Result, validateFilter } from '@contactmesh/core';
import type { HubMessage } from '../shared/hub-message.js';
import { RetainedStore } from '../shared/retained-store.js';
import { tooManySubscriptions } from '../shared/transport-errors.js';
import type { MsgFrames } from './msg-frames.js';
import { type IndexedSubscription, SubscriptionIndex } from './subscription-index.js';

/** One publication, or one retained value, on its way to the subscriptions it matches. */
export interface Routed {
  readonly topic: string;
  readonly payload: Uint8Array;
  /** The publication was a retained one: only the latest value of its topic matters. */
  readonly retain: boolean;
  /** Its `msg` frames: encoded by the first peer that sends it, shared by the others. */
  frames: MsgFrames | undefined;
}

/** A retained value for a new subscription: what to send, at the lower of its QoS and the subscription's. */
export interface RetainedDelivery {
  readonly message: Routed;
  readonly qos: QoS;
}

/** A connected participant as the broker sees it. */
export interface BrokerPeer {
  readonly id: string;
  /**
   * Sends `message` to the participant's subscription `sid`, at `qos` (the lower of the
   * publication's and the subscription's); `retained`: a stored value sent because the subscription is new.
   */
  deliver(sid: number, message: Routed, qos: QoS, retained: boolean): void;
}

type Subscription = IndexedSubscription<BrokerPeer>;

/**
 * The relay's routing, free of sockets: participants by id (a second live connection with one id is
 * refused), their subscriptions (indexed by what they match), retained values and wills.
 * Everything happens synchronously in the order frames arrive, which is what keeps each
 * publisher's order; a publication reaches its subscriptions in the order participants joined, and
 * each participant's in the order it made them.
 */
export class RelayBroker {
  readonly #limits: Limits;
  readonly #peers = new Map<string, { readonly peer: BrokerPeer; readonly order: number; readonly subs: Map<number, Subscription> }>();
  readonly #index = new SubscriptionIndex<BrokerPeer>();
  readonly #retained: RetainedStore;
  #seq = 0;
  #joins = 0;
  #subscriptions = 0;
  published = 0;
  delivered = 0;
  wills = 0;

  constructor(limits: Limits) {
    this.#limits = limits;
    this.#retained = new RetainedStore(limits.maxRetainedMessages);
  }

  get participantCount(): number {
    return this.#peers.size;
  }

  get subscriptionCount(): number {
    let count = 0;
    for (const { subs } of this.#peers.values()) count += subs.size;
    return count;
  }

  get retainedCount(): number {
    return this.#retained.size;
  }

  join(peer: BrokerPeer): Result<void> {
    if (this.#peers.has(peer.id)) return err(duplicateParticipant(peer.id));
    this.#peers.set(peer.id, { peer, order: this.#joins++, subs: new Map() });
    return ok(undefined);
  }

  /** Removes a participant and its subscriptions, then publishes its will when it left without a goodbye. */
  leave(peer: BrokerPeer, will: HubMessage | undefined): void {
    const joined = this.#peers.get(peer.id);
    if (joined?.peer !== peer) return;
    this.#peers.delete(peer.id);
    for (const sub of joined.subs.values()) this.#index.remove(sub);
    if (will === undefined) return;
    this.wills += 1;
    this.#route(peer.id, will);
  }

  /** Adds (or replaces) a subscription and returns the retained values it should receive first. */
  subscribe(peer: BrokerPeer, sid: number, filter: string, qos: QoS): Result<RetainedDelivery[]> {
    const joined = this.#peers.get(peer.id);
    if (joined?.peer !== peer) return ok([]);
    const valid = validateFilter(filter, this.#limits.maxTopicBytes);
    if (!valid.ok) return valid;
    const replaced = joined.subs.get(sid);
    if (replaced === undefined && joined.subs.size >= this.#limits.maxSubscriptions) {
      return err(tooManySubscriptions(peer.id, filter, this.#limits.maxSubscriptions));
    }
    if (replaced !== undefined) this.#index.remove(replaced);
    const order = replaced?.order ?? this.#subscriptions++;
    const sub: Subscription = { peer, sid, filter, qos, peerOrder: joined.order, order };
    joined.subs.set(sid, sub);
    this.#index.add(sub);
    return ok(
      this.#retained.matching(filter).map((m) => ({
        message: { topic: m.topic, payload: m.payload, retain: true, frames: undefined },
        qos: lower(m.qos, qos),
      })),
    );
  }

  unsubscribe(peer: BrokerPeer, sid: number): void {
    const joined = this.#peers.get(peer.id);
    const sub = joined?.peer === peer ? joined.subs.get(sid) : undefined;
    if (sub === undefined) return;
    joined?.subs.delete(sid);
    this.#index.remove(sub);
  }

  publish(from: BrokerPeer, message: HubMessage): void {
    if (this.#peers.get(from.id)?.peer !== from) return;
    this.published += 1;
    this.#route(from.id, message);
  }

  #route(from: string, message: HubMessage): void {
    // The store keeps its own copy: the payload may be a view of a socket's bytes.
    if (message.retain) this.#retained.set({ ...message, payload: new Uint8Array(message.payload), from, seq: ++this.#seq });
    const routed: Routed = { topic: message.topic, payload: message.payload, retain: message.retain, frames: undefined };
    for (const sub of this.#index.match(message.topic)) {
      this.delivered += 1;
      sub.peer.deliver(sub.sid, routed, lower(message.qos, sub.qos), false);
    }
  }
}

const duplicateParticipant = (id: string): ContactmeshError =>
  new ContactmeshError(
    ErrorCode.DUPLICATE_PARTICIPANT,
    `Participant ${JSON.stringify(id)} is already connected to this relay; close it first (a lost connection is dropped after the heartbeat timeout), or use another id.`,
    { value: id },
  );

const lower = (a: QoS, b: QoS): QoS => (a === 1 && b === 1 ? 1 : 0);
