import { ContactmeshError, ErrorCode, err, type Limits, ok, type QoS, type Result, topicMatches, validateFilter } from '@contactmesh/core';
import type { HubMessage } from '../memory/hub-message.js';
import { RetainedStore } from '../memory/retained-store.js';
import { tooManySubscriptions } from '../memory/transport-errors.js';

/** A connected participant as the broker sees it. */
export interface BrokerPeer {
  readonly id: string;
  /** Sends one delivery to the participant's subscription `sid`. */
  deliver(sid: number, topic: string, payload: Uint8Array, qos: QoS, retained: boolean): void;
}

interface PeerSubscription {
  readonly filter: string;
  readonly qos: QoS;
}

/**
 * The relay's routing, free of sockets: participants by id (a second live connection with one id is
 * refused), their subscriptions, retained values and wills. Everything happens synchronously in
 * the order frames arrive, which is what keeps each publisher's order.
 */
export class RelayBroker {
  readonly #limits: Limits;
  readonly #peers = new Map<string, BrokerPeer>();
  readonly #subscriptions = new Map<BrokerPeer, Map<number, PeerSubscription>>();
  readonly #retained: RetainedStore;
  #seq = 0;
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
    for (const subs of this.#subscriptions.values()) count += subs.size;
    return count;
  }

  get retainedCount(): number {
    return this.#retained.size;
  }

  join(peer: BrokerPeer): Result<void> {
    if (this.#peers.has(peer.id)) return err(duplicateParticipant(peer.id));
    this.#peers.set(peer.id, peer);
    this.#subscriptions.set(peer, new Map());
    return ok(undefined);
  }

  /** Removes a participant and its subscriptions, then publishes its will when it left without a goodbye. */
  leave(peer: BrokerPeer, will: HubMessage | undefined): void {
    if (this.#peers.get(peer.id) !== peer) return;
    this.#peers.delete(peer.id);
    this.#subscriptions.delete(peer);
    if (will === undefined) return;
    this.wills += 1;
    this.#route(peer.id, will);
  }

  /** Adds a subscription and returns the retained values it should receive first. */
  subscribe(peer: BrokerPeer, sid: number, filter: string, qos: QoS): Result<{ topic: string; payload: Uint8Array; qos: QoS }[]> {
    const subs = this.#subscriptions.get(peer);
    if (subs === undefined) return ok([]);
    const valid = validateFilter(filter, this.#limits.maxTopicBytes);
    if (!valid.ok) return valid;
    if (!subs.has(sid) && subs.size >= this.#limits.maxSubscriptions) {
      return err(tooManySubscriptions(peer.id, filter, this.#limits.maxSubscriptions));
    }
    subs.set(sid, { filter, qos });
    return ok(this.#retained.matching(filter).map((m) => ({ topic: m.topic, payload: m.payload, qos: lower(m.qos, qos) })));
  }

  unsubscribe(peer: BrokerPeer, sid: number): void {
    this.#subscriptions.get(peer)?.delete(sid);
  }

  publish(from: BrokerPeer, message: HubMessage): void {
    if (this.#peers.get(from.id) !== from) return;
    this.published += 1;
    this.#route(from.id, message);
  }

  #route(from: string, message: HubMessage): void {
    if (message.retain) this.#retained.set({ ...message, from, seq: ++this.#seq });
    for (const [peer, subs] of this.#subscriptions) {
      for (const [sid, sub] of subs) {
        if (!topicMatches(sub.filter, message.topic)) continue;
        this.delivered += 1;
        peer.deliver(sid, message.topic, message.payload, lower(message.qos, sub.qos), false);
      }
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
