import { type QoS, topicMatches } from '@contactmesh/core';

/** A topic's current retained value and who set it. */
export interface RetainedMessage {
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly qos: QoS;
  readonly from: string;
  readonly seq: number;
  /** The store's time at which the value expires (`expirySeconds`); absent: never. */
  readonly expiresAt?: number;
}

/**
 * The last retained payload per topic, bounded: when full, the value set longest ago is evicted,
 * since a bounded store must lose something and the stalest value is the least likely to matter.
 * A value whose `expiresAt` has come is gone: it is dropped the next time the store is read, so
 * expiry needs no timer of its own (a virtual clock stays idle).
 */
export class RetainedStore {
  readonly #byTopic = new Map<string, RetainedMessage>();
  readonly #limit: number;
  readonly #now: () => number;

  /** `now` reads the clock `expiresAt` is measured on; without it nothing expires. */
  constructor(limit: number, now: () => number = () => Number.NEGATIVE_INFINITY) {
    this.#limit = limit;
    this.#now = now;
  }

  get size(): number {
    this.#dropExpired();
    return this.#byTopic.size;
  }

  /** Stores the topic's value, or clears it for an empty payload. Returns a value evicted to stay in bounds. */
  set(message: RetainedMessage): RetainedMessage | undefined {
    // Deleting first moves the topic to the end, so Map order is "set longest ago first".
    this.#byTopic.delete(message.topic);
    if (message.payload.byteLength === 0) return undefined;
    this.#byTopic.set(message.topic, message);
    if (this.#byTopic.size <= this.#limit) return undefined;
    this.#dropExpired();
    if (this.#byTopic.size <= this.#limit) return undefined;
    const oldest = this.#byTopic.values().next().value;
    if (oldest !== undefined) this.#byTopic.delete(oldest.topic);
    return oldest;
  }

  /** The stored values matching a filter, set longest ago first. */
  matching(filter: string): RetainedMessage[] {
    this.#dropExpired();
    return [...this.#byTopic.values()].filter((m) => topicMatches(filter, m.topic));
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const [topic, message] of this.#byTopic) {
      if (message.expiresAt !== undefined && message.expiresAt <= now) this.#byTopic.delete(topic);
    }
  }
}
