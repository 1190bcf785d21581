import type { ContactmeshError } from '@contactmesh/core';
import type { HubMessage } from '../shared/hub-message.js';

/** A publication on its way: its promise settles when it is sent (QoS 0) or acknowledged (QoS 1). */
export interface Outgoing {
  readonly message: HubMessage;
  readonly resolve: () => void;
  readonly reject: (error: ContactmeshError) => void;
}

/** Writes one `pub` frame with message id `mid`. */
export type WritePub = (mid: number, message: HubMessage) => void;

/**
 * The client's publications not yet done with: those queued while (re)connecting, bounded, and QoS
 * 1 publications sent but not acknowledged, which are sent again after a reconnect (at least once).
 * Sending in the order of `publish()` calls keeps per-publisher order across reconnects.
 */
export class Outbox {
  readonly #queued: Outgoing[] = [];
  readonly #inFlight = new Map<number, Outgoing>();
  readonly #limit: number;
  #mid = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Holds a publication until {@link flush}; false when `limit` are already held. */
  enqueue(outgoing: Outgoing): boolean {
    if (this.#queued.length >= this.#limit) return false;
    this.#queued.push(outgoing);
    return true;
  }

  /** Sends at once: QoS 0 is done when written, QoS 1 waits for {@link ack}. */
  send(outgoing: Outgoing, write: WritePub): void {
    const mid = ++this.#mid;
    if (outgoing.message.qos === 1) this.#inFlight.set(mid, outgoing);
    write(mid, outgoing.message);
    if (outgoing.message.qos === 0) outgoing.resolve();
  }

  /** On a new connection: sends again what was never acknowledged, then everything queued, in order. */
  flush(write: WritePub): void {
    for (const [mid, outgoing] of this.#inFlight) write(mid, outgoing.message);
    for (const outgoing of this.#queued.splice(0)) this.send(outgoing, write);
  }

  ack(mid: number): void {
    this.#inFlight.get(mid)?.resolve();
    this.#inFlight.delete(mid);
  }

  /** The relay refused one publication; false when it was not awaiting an answer (QoS 0, done when written). */
  refuse(mid: number, error: ContactmeshError): boolean {
    const outgoing = this.#inFlight.get(mid);
    this.#inFlight.delete(mid);
    outgoing?.reject(error);
    return outgoing !== undefined;
  }

  /** The transport closed: every publication not done with fails. */
  failAll(error: ContactmeshError): void {
    const all = [...this.#inFlight.values(), ...this.#queued.splice(0)];
    this.#inFlight.clear();
    for (const outgoing of all) outgoing.reject(error);
  }
}
