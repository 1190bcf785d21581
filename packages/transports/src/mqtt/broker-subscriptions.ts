import { type InboundMessage, type QoS, sharedSubscription, topicMatches } from '@contactmesh/core';

/** How the table reaches the broker; resolved on SUBACK / UNSUBACK, rejected when the broker refuses. */
export interface SubscriptionWire {
  subscribe(filter: string, qos: QoS, subscriptionId: number | undefined): Promise<void>;
  unsubscribe(filter: string): Promise<void>;
}

/** One `transport.subscribe()` subscriber. */
export interface LocalSubscription {
  readonly filter: string;
  readonly qos: QoS;
  readonly deliver: (message: InboundMessage) => void;
  readonly fail: (error: unknown) => void;
  readonly complete: () => void;
  /** Takes retained values: true while the broker may still send this subscriber's catch-up values. */
  catchingUp: boolean;
}

type Local = LocalSubscription;

interface Group {
  readonly filter: string;
  readonly id: number;
  readonly locals: Set<Local>;
}

/**
 * The participant's subscriptions at the broker. MQTT keeps one subscription per client and filter,
 * so local subscribers to one filter share it: the broker hears SUBSCRIBE for every new local
 * subscriber (which makes it send that filter's retained values again) and UNSUBSCRIBE when the last
 * one leaves. Retained values go only to the subscribers catching up, so an older subscriber does
 * not see them twice. With MQTT 5 each filter carries a subscription identifier and a message goes
 * to the filters it names; with 3.1.1 (one copy per client, as Mosquitto and aedes send it) it goes
 * to every matching filter.
 *
 * A shared subscription `$share/{group}/{filter}` goes to the broker as it is when the broker takes
 * shared subscriptions (MQTT 5); otherwise as `{filter}`, so its subscribers get every message —
 * and a local subscription to that same filter shares the broker's subscription with it.
 *
 * @example
 * ```ts
 * const table = new BrokerSubscriptions();
 * const local = table.add({ filter: 'cm/demo/#', qos: 1, deliver: onMessage, fail: onError, complete: () => {} });
 * table.attach(wire, { useIds: true, shared: true });
 * table.dispatch('cm/demo/x', new Uint8Array(), false, [1]);
 * table.remove(local);
 * ```
 */
export class BrokerSubscriptions {
  readonly #groups = new Map<string, Group>();
  readonly #byId = new Map<number, Group>();
  readonly #pending = new Set<Promise<unknown>>();
  #wire: SubscriptionWire | undefined;
  #detach: (() => void) | undefined;
  readonly #detached = new Promise<void>((resolve) => {
    this.#detach = resolve;
  });
  #useIds = false;
  #shared = true;
  #nextId = 1;
  #size = 0;

  /** How many local subscribers there are. */
  get size(): number {
    return this.#size;
  }

  add(subscription: Omit<LocalSubscription, 'catchingUp'>): LocalSubscription {
    const local: Local = { ...subscription, catchingUp: true };
    let group = this.#groups.get(local.filter);
    if (group === undefined) {
      group = { filter: local.filter, id: this.#nextId++, locals: new Set() };
      this.#groups.set(group.filter, group);
      this.#byId.set(group.id, group);
    }
    group.locals.add(local);
    this.#size += 1;
    if (this.#wire !== undefined) this.#subscribe(group, [local]);
    return local;
  }

  remove(subscription: LocalSubscription): void {
    const group = this.#groups.get(subscription.filter);
    if (group === undefined || !group.locals.delete(subscription)) return;
    this.#size -= 1;
    if (group.locals.size > 0) return;
    this.#groups.delete(group.filter);
    this.#byId.delete(group.id);
    if (this.#wire === undefined) return;
    const [twin] = this.#twins(group);
    if (twin === undefined) this.#track(this.#wire.unsubscribe(this.#onWire(group.filter)));
    // The broker's one subscription to the filter stays, for the twin, whose identifier it takes back.
    else if (this.#useIds) this.#subscribe(twin, []);
  }

  /**
   * Starts talking to the broker: subscribes every filter. `useIds` when it takes MQTT 5
   * subscription identifiers, `shared` when it takes shared subscriptions.
   */
  attach(wire: SubscriptionWire, broker: { readonly useIds: boolean; readonly shared: boolean }): void {
    this.#wire = wire;
    this.#useIds = broker.useIds;
    this.#shared = broker.shared;
    for (const group of this.#groups.values()) this.#subscribe(group, [...group.locals]);
  }

  /** A new connection resubscribed every filter (mqtt.js does it): every subscriber catches up again. */
  reconnected(): void {
    for (const group of this.#groups.values()) for (const local of group.locals) local.catchingUp = true;
  }

  /** Hands a message from the broker to the local subscribers it is for. */
  dispatch(topic: string, payload: Uint8Array, retained: boolean, subscriptionIds: readonly number[] | undefined): void {
    const groups =
      this.#useIds && subscriptionIds !== undefined
        ? subscriptionIds.flatMap((id) => this.#byId.get(id) ?? []).flatMap((group) => [group, ...this.#twins(group)])
        : [...this.#groups.values()].filter((group) => topicMatches(group.filter, topic));
    for (const group of groups) {
      for (const local of [...group.locals]) {
        if (retained && !local.catchingUp) continue;
        local.deliver({ topic, payload, retained });
      }
    }
  }

  /** Resolves once the broker has acknowledged every SUBSCRIBE and UNSUBSCRIBE sent so far, or the connection is gone for good. */
  async settled(): Promise<void> {
    await Promise.race([Promise.allSettled([...this.#pending]), this.#detached]);
  }

  /** The connection is gone for good: acknowledgements still awaited will never come. */
  detach(): void {
    this.#wire = undefined;
    this.#detach?.();
  }

  // Subscribes (again) for `joining`. On SUBACK the broker has sent the older subscribers'
  // retained values, so from then on only the joining ones take them.
  #subscribe(group: Group, joining: readonly Local[]): void {
    const wire = this.#wire;
    if (wire === undefined) return;
    const older = [...group.locals].filter((l) => !joining.includes(l));
    const qos = Math.max(...[...group.locals].map((l) => l.qos)) as QoS;
    const acked = wire.subscribe(this.#onWire(group.filter), qos, this.#useIds ? group.id : undefined).then(
      () => {
        for (const other of older) other.catchingUp = false;
      },
      (error: unknown) => {
        for (const local of joining) if (group.locals.has(local)) local.fail(error);
      },
    );
    this.#track(acked);
  }

  /** The filter as the broker hears it: a shared one as it is, or as its plain filter when the broker does not share. */
  #onWire(filter: string): string {
    return this.#shared ? filter : (sharedSubscription(filter)?.filter ?? filter);
  }

  /** The other groups with the same filter on the wire (none when the broker takes shared subscriptions). */
  #twins(group: Group): Group[] {
    if (this.#shared) return [];
    const wire = this.#onWire(group.filter);
    return [...this.#groups.values()].filter((other) => other !== group && this.#onWire(other.filter) === wire);
  }

  #track(promise: Promise<unknown>): void {
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(settled);
    void settled.then(() => this.#pending.delete(settled));
  }
}
