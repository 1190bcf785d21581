import { type Clock, ContactmeshError, ErrorCode } from '@contactmesh/core';
import type { RateLimitOptions } from './relay-options.js';

/** What becomes of one publication: it goes on, it is refused, or it is refused and the connection closed. */
export type RateVerdict = 'accept' | 'refuse' | 'close';

/**
 * One connection's publication rate: a token bucket of `burst` tokens, refilled continuously at
 * `messagesPerSecond` on the relay's clock, starting full. A publication takes a token or is
 * refused. Refusals are counted per spell over the limit, from the first refusal until the bucket is
 * full again (the participant stayed within its rate that long); the `closeAfterRefusals`-th refusal of
 * a spell closes the connection. A client that slows down when refused never gets there; one that
 * ignores its refusals keeps its bucket empty and does.
 *
 * @example
 * ```ts
 * const limit = new PublishRateLimit({ messagesPerSecond: 10, burst: 20, closeAfterRefusals: 100 }, clock);
 * if (limit.take() !== 'accept') refuse(frame);
 * ```
 */
export class PublishRateLimit {
  readonly options: Required<RateLimitOptions>;
  readonly #clock: Clock;
  #tokens: number;
  #at: number;
  #refusals = 0;

  constructor(options: Required<RateLimitOptions>, clock: Clock) {
    this.options = options;
    this.#clock = clock;
    this.#tokens = options.burst;
    this.#at = clock.now();
  }

  /** Refusals in the current spell over the limit (0 when within it). */
  get refusals(): number {
    return this.#refusals;
  }

  take(): RateVerdict {
    this.#refill();
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 'accept';
    }
    this.#refusals += 1;
    return this.#refusals >= this.options.closeAfterRefusals ? 'close' : 'refuse';
  }

  #refill(): void {
    const now = this.#clock.now();
    // A clock set back (a wall clock adjusted) refills nothing, rather than draining the bucket.
    const elapsed = Math.max(0, now - this.#at);
    this.#at = now;
    this.#tokens = Math.min(this.options.burst, this.#tokens + (elapsed * this.options.messagesPerSecond) / 1000);
    if (this.#tokens >= this.options.burst) this.#refusals = 0;
  }
}

/** `CM_ERR_QUEUE_FULL` for a publication over the connection's rate limit. */
export function rateLimited(id: string, topic: string, options: Required<RateLimitOptions>): ContactmeshError {
  return new ContactmeshError(
    ErrorCode.QUEUE_FULL,
    `Participant ${JSON.stringify(id)} publishes faster than the relay's rateLimit (${options.messagesPerSecond} a second, bursts of ${options.burst}); the publication to ${JSON.stringify(topic)} was refused: slow down and publish it again, or ask the relay's operator to raise rateLimit.`,
    { value: topic, limit: options.messagesPerSecond },
  );
}
