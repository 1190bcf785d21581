import type { Clock, Random } from '@contactmesh/core';
import { backoffDelay } from '../websocket/backoff.js';

/**
 * How long an MQTT transport waits before each attempt to reconnect: the WebSocket client's
 * back-off (a ceiling doubling from `reconnectMs` to `maxReconnectMs`, the wait drawn from
 * [ceiling / 2, ceiling] so that participants cut off together do not all come back at once).
 * Every close counts as an attempt: a failed one, and a connection the broker ended again before it
 * had lasted `maxReconnectMs` — a broker that keeps dropping connections is tried less and less
 * often, never given up on. A connection that lasted that long starts the count over.
 *
 * @example
 * ```ts
 * const schedule = new ReconnectSchedule({ reconnectMs: 1000, maxReconnectMs: 10_000 }, realClock, createRandom(1));
 * schedule.connected();
 * schedule.closed(); // in [500, 1000] when the connection lasted 10 s or more; longer after each early close
 * ```
 */
export class ReconnectSchedule {
  readonly #backoff: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly #clock: Clock;
  readonly #random: Random;
  #attempts = 0;
  #connectedAt: number | undefined;

  constructor(options: { readonly reconnectMs: number; readonly maxReconnectMs: number }, clock: Clock, random: Random) {
    this.#backoff = { initialDelayMs: options.reconnectMs, maxDelayMs: options.maxReconnectMs };
    this.#clock = clock;
    this.#random = random;
  }

  /** A connection was made (a CONNACK). */
  connected(): void {
    this.#connectedAt = this.#clock.now();
  }

  /** A connection or an attempt closed: the wait before the next attempt, in ms (at least 1). */
  closed(): number {
    const since = this.#connectedAt;
    this.#connectedAt = undefined;
    if (since !== undefined && this.#clock.now() - since >= this.#backoff.maxDelayMs) this.#attempts = 0;
    return Math.max(1, backoffDelay(this.#attempts++, this.#backoff, this.#random));
  }
}
