import { type QoS, topicMatches } from '@contactmesh/core';

/** A topic's current retained value and who set it. */
export interface RetainedMessage {
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly qos: QoS;
  readonly from: string;
  readonly seq: number;
}

/**
 * The last retained payload per topic, bounded: when full, the value set longest ago is evicted,
 * since a bounded store must lose something and the stalest value is the least likely to matter.
 */
export class RetainedStore {
  readonly #byTopic = new Map<string, RetainedMessage>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#byTopic.size;
  }

  /** Stores the topic's value, or clears it for an empty payload. Returns a value evicted to stay in bounds. */
  set(message: RetainedMessage): RetainedMessage | undefined {
    // Deleting first moves the topic to the end, so Map order is "set longest ago first".
    this.#byTopic.delete(message.topic);
    if (message.payload.byteLength === 0) return undefined;
    this.#byTopic.set(message.topic, message);
    if (this.#byTopic.size <= this.#limit) return undefined;
    const oldest = this.#byTopic.values().next().value;
    if (oldest !== undefined) this.#byTopic.delete(oldest.topic);
    return oldest;
  }

  /** The stored values matching a filter, set longest ago first. */
  matching(filter: string): RetainedMessage[] {
    return [...this.#byTopic.values()].filter((m) => topicMatches(filter, m.topic));
  }
}
