import {
  type Clock,
  type InboundMessage,
  type Limits,
  type QoS,
  type Random,
  realClock,
  sharedSubscription,
  topicMatches,
} from '@contactmesh/core';
import type { HubMessage } from '../shared/hub-message.js';
import { RetainedStore } from '../shared/retained-store.js';
import type { Delivery, HubSubscription } from './delivery.js';
import type { LinkFaultsResolver, ResolvedLinkFaults } from './faults.js';
import type { Counters } from './hub-stats.js';
import { LinkQueues } from './link-queues.js';
import { fullyConnected, type Reachability } from './partition.js';
import { SharedGroups } from './shared-groups.js';
import type { MessageTraceEvent, TraceLog } from './trace.js';

/** What the dispatcher needs from its hub. */
export interface DispatcherOptions {
  readonly clock: Clock;
  readonly random: Random;
  readonly limits: Limits;
  readonly trace: TraceLog;
  readonly counters: Counters;
  readonly faults: LinkFaultsResolver;
  readonly retransmitMs: number;
  readonly reorderMs: number;
}

interface Source {
  readonly from: string;
  readonly seq: number;
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly qos: QoS;
  readonly expiresAt?: number;
}

/**
 * The hub's switchboard: matches each publication against every active subscription (once per
 * matching subscription, or once per shared group) and carries each delivery through the
 * partition, the link's faults, the link's order and the subscriber's bounded queue onto a clock
 * timer — or, on the real clock when nothing delays it, onto the next turn of the event loop
 * (`setImmediate`, in the order scheduled), not a timer that Node holds back at least 1 ms. A publication with an expiry is not given to anyone once it has passed: a retained value
 * is no longer sent to new subscriptions, and a delivery held by a partition is dropped when the
 * partition heals.
 */
export class Dispatcher {
  readonly #o: DispatcherOptions;
  readonly #subscriptions = new Map<number, HubSubscription>();
  readonly #retained: RetainedStore;
  readonly #links = new LinkQueues();
  readonly #shared = new SharedGroups();
  #faults: LinkFaultsResolver;
  #reachable: Reachability = fullyConnected;
  #seq = 0;
  #ids = 0;
  /** Deliveries due now on the real clock, in the order they were scheduled, for the next turn. */
  #soon: Delivery[] = [];

  constructor(options: DispatcherOptions) {
    this.#o = options;
    this.#faults = options.faults;
    this.#retained = new RetainedStore(options.limits.maxRetainedMessages, () => options.clock.now());
  }

  get subscriptionCount(): number {
    return this.#subscriptions.size;
  }

  get retainedCount(): number {
    return this.#retained.size;
  }

  /** Undelivered messages in subscriber queues now, held or scheduled. */
  get queuedCount(): number {
    let count = 0;
    for (const sub of this.#subscriptions.values()) count += sub.pending.size;
    return count;
  }

  /** Scheduled deliveries kept in per-link order now. */
  get linkQueuedCount(): number {
    return this.#links.size;
  }

  setFaults(faults: LinkFaultsResolver): void {
    this.#faults = faults;
  }

  /** Changes who reaches whom, then sends on every held message whose link is open again. */
  setReachability(reachable: Reachability): void {
    this.#reachable = reachable;
    for (const sub of this.#subscriptions.values()) {
      const held = [...sub.pending.values()].filter((d) => d.status === 'held' && reachable(d.from, d.to));
      const now = this.#o.clock.now();
      for (const delivery of held) {
        if (delivery.status !== 'held') continue; // evicted by an overflow on the way
        if (delivery.expiresAt !== undefined && delivery.expiresAt <= now) {
          this.#cancel(delivery);
          sub.pending.delete(delivery.id);
          this.#lose(delivery);
          continue;
        }
        this.#event('release', delivery);
        this.#o.counters.released += 1;
        this.#transmit(delivery);
      }
    }
  }

  createSubscription(participant: string, filter: string, qos: QoS, receive: (m: InboundMessage) => void): HubSubscription {
    return { id: ++this.#ids, participant, filter, qos, receive, pending: new Map(), active: false };
  }

  /**
   * Starts delivering to a subscription, beginning with the retained values that match it — but
   * for a shared subscription, which MQTT 5 gives no retained values.
   */
  attach(sub: HubSubscription): void {
    if (sub.active) return;
    sub.active = true;
    this.#subscriptions.set(sub.id, sub);
    if (sharedSubscription(sub.filter) !== undefined) return;
    for (const retained of this.#retained.matching(sub.filter)) this.#route(sub, retained, true);
  }

  /** Stops delivering to a subscription and discards what is still on its way. */
  detach(sub: HubSubscription): void {
    if (!sub.active) return;
    sub.active = false;
    this.#subscriptions.delete(sub.id);
    for (const delivery of sub.pending.values()) this.#cancel(delivery);
    this.#o.counters.discarded += sub.pending.size;
    sub.pending.clear();
    const shared = sharedSubscription(sub.filter) !== undefined;
    if (shared && ![...this.#subscriptions.values()].some((other) => other.filter === sub.filter)) this.#shared.forget(sub.filter);
  }

  publish(from: string, message: HubMessage, kind: 'publish' | 'will'): void {
    const { expirySeconds } = message;
    const source: Source = {
      from,
      seq: ++this.#seq,
      topic: message.topic,
      payload: message.payload,
      qos: message.qos,
      ...(expirySeconds === undefined ? {} : { expiresAt: this.#o.clock.now() + expirySeconds * 1000 }),
    };
    this.#record({ kind, from, topic: source.topic, seq: source.seq });
    this.#o.counters[kind === 'publish' ? 'published' : 'wills'] += 1;
    if (message.retain) {
      const evicted = this.#retained.set(source);
      if (evicted !== undefined) {
        this.#record({ kind: 'overflow', from: evicted.from, topic: evicted.topic, seq: evicted.seq });
        this.#o.counters.retainedEvicted += 1;
      }
    }
    const matching = [...this.#subscriptions.values()].filter((sub) => topicMatches(sub.filter, source.topic));
    for (const sub of this.#shared.select(matching)) this.#route(sub, source, false);
  }

  #route(sub: HubSubscription, source: Source, retained: boolean): void {
    const qos: QoS = source.qos === 1 && sub.qos === 1 ? 1 : 0;
    const delivery: Delivery = {
      ...source,
      id: ++this.#ids,
      to: sub.participant,
      qos,
      retained,
      subscription: sub,
      status: 'new',
      ordered: true,
      timer: undefined,
    };
    if (this.#reachable(source.from, sub.participant)) {
      this.#transmit(delivery);
      return;
    }
    if (qos === 0) {
      this.#lose(delivery);
      return;
    }
    // Like a broker queue of a persistent session: QoS 1 waits for the partition to heal.
    this.#enqueue(delivery);
    delivery.status = 'held';
    this.#event('hold', delivery);
    this.#o.counters.held += 1;
  }

  // Draw order is fixed (drop, jitter, reorder, duplicate, …) so a seed reproduces a run.
  #transmit(delivery: Delivery): void {
    const faults = this.#faults(delivery.from, delivery.to);
    let extraMs = 0;
    if (this.#o.random.chance(faults.drop)) {
      if (delivery.qos === 0) {
        this.#lose(delivery);
        return;
      }
      extraMs = this.#o.retransmitMs;
      this.#event('retransmit', delivery);
      this.#o.counters.retransmitted += 1;
    }
    if (delivery.status === 'new') this.#enqueue(delivery);
    this.#schedule(delivery, faults, extraMs);
    if (this.#o.random.chance(faults.duplicate)) {
      const copy: Delivery = { ...delivery, id: ++this.#ids, status: 'new', timer: undefined };
      this.#event('duplicate', copy);
      this.#o.counters.duplicated += 1;
      this.#enqueue(copy);
      this.#schedule(copy, faults, extraMs);
    }
  }

  #schedule(delivery: Delivery, faults: ResolvedLinkFaults, extraMs: number): void {
    const { clock, random } = this.#o;
    const now = clock.now();
    const jitter = faults.jitterMs > 0 ? random.int(0, faults.jitterMs) : 0;
    const earliest = now + faults.delayMs + jitter + extraMs;
    let at: number;
    if (random.chance(faults.reorder)) {
      delivery.ordered = false;
      at = earliest + random.int(1, this.#o.reorderMs);
      this.#o.counters.reordered += 1;
    } else {
      delivery.ordered = true;
      at = this.#links.reserve(delivery, earliest);
    }
    delivery.status = 'scheduled';
    if (at === now && clock === realClock) {
      this.#soon.push(delivery);
      if (this.#soon.length === 1) setImmediate(() => this.#fireSoon());
      return;
    }
    delivery.timer = clock.setTimer(at - now, () => this.#fire(delivery));
  }

  /** Delivers what was due now, in order; what those deliveries schedule goes on the turn after. */
  #fireSoon(): void {
    const due = this.#soon;
    this.#soon = [];
    for (const delivery of due) this.#fire(delivery);
  }

  /** Adds to the subscriber's queue; when full, the oldest undelivered message is discarded. */
  #enqueue(delivery: Delivery): void {
    const pending = delivery.subscription.pending;
    while (pending.size >= this.#o.limits.maxQueuedMessages) {
      const oldest = pending.values().next().value;
      if (oldest === undefined) break;
      this.#cancel(oldest);
      pending.delete(oldest.id);
      this.#event('overflow', oldest);
      this.#o.counters.overflowed += 1;
    }
    pending.set(delivery.id, delivery);
  }

  #fire(delivery: Delivery): void {
    const due = delivery.ordered ? this.#links.takeThrough(delivery) : [delivery];
    for (const d of due) this.#deliver(d);
  }

  #deliver(delivery: Delivery): void {
    if (delivery.status !== 'scheduled') return;
    this.#cancel(delivery);
    delivery.subscription.pending.delete(delivery.id);
    this.#event('deliver', delivery);
    this.#o.counters.delivered += 1;
    // Each receiver gets bytes of its own: one subscriber cannot alter what another sees.
    delivery.subscription.receive({ topic: delivery.topic, payload: delivery.payload.slice(), retained: delivery.retained });
  }

  // Also takes the delivery off its link at once, so a cancelled one holds no memory there.
  #cancel(delivery: Delivery): void {
    if (delivery.timer !== undefined) this.#o.clock.clearTimer(delivery.timer);
    delivery.timer = undefined;
    delivery.status = 'done';
    this.#links.remove(delivery);
  }

  #lose(delivery: Delivery): void {
    this.#event('drop', delivery);
    this.#o.counters.dropped += 1;
  }

  #event(kind: MessageTraceEvent['kind'], d: Delivery): void {
    this.#record({ kind, from: d.from, to: d.to, topic: d.topic, seq: d.seq });
  }

  #record(event: Omit<MessageTraceEvent, 'at'>): void {
    this.#o.trace.record({ at: this.#o.clock.now(), ...event });
  }
}
