import type { ContactmeshError, InboundMessage, QoS } from '@contactmesh/core';
import type { Subscriber } from 'rxjs';

interface ClientSubscription {
  readonly filter: string;
  readonly qos: QoS;
  readonly sink: Subscriber<InboundMessage>;
  /** True once the relay has answered `suback` on the current connection. */
  acked: boolean;
}

/**
 * The client's live subscriptions by subscription id (`sid`). Each is sent to the relay on every
 * connection, so a reconnect resubscribes them all; `settled()` waits for their `suback`s.
 */
export class ClientSubscriptions {
  readonly #byId = new Map<number, ClientSubscription>();
  #waiters: (() => void)[] = [];
  #sid = 0;

  get size(): number {
    return this.#byId.size;
  }

  add(filter: string, qos: QoS, sink: Subscriber<InboundMessage>): number {
    const sid = ++this.#sid;
    this.#byId.set(sid, { filter, qos, sink, acked: false });
    return sid;
  }

  /** Forgets a subscription (unsubscribed, refused or completed). */
  remove(sid: number): void {
    this.#byId.delete(sid);
    this.#wake();
  }

  /** Each subscription, marked not acknowledged: a new connection resubscribes them all. */
  resubscribe(send: (sid: number, filter: string, qos: QoS) => void): void {
    for (const [sid, sub] of this.#byId) {
      sub.acked = false;
      send(sid, sub.filter, sub.qos);
    }
  }

  ack(sid: number): void {
    const sub = this.#byId.get(sid);
    if (sub !== undefined) sub.acked = true;
    this.#wake();
  }

  deliver(sid: number, message: InboundMessage): void {
    this.#byId.get(sid)?.sink.next(message);
  }

  /** The relay refused a subscription: its observable errors. */
  refuse(sid: number, error: ContactmeshError): void {
    const sub = this.#byId.get(sid);
    this.remove(sid);
    sub?.sink.error(error);
  }

  /** Completes every subscription (the transport closed); each teardown removes itself. */
  completeAll(): void {
    for (const sub of [...this.#byId.values()]) sub.sink.complete();
    this.#byId.clear();
    this.#wake();
  }

  /** Resolves once every current subscription is acknowledged or gone. */
  settled(): Promise<void> {
    if (this.#allAcked()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #allAcked(): boolean {
    for (const sub of this.#byId.values()) if (!sub.acked) return false;
    return true;
  }

  #wake(): void {
    if (!this.#allAcked()) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
