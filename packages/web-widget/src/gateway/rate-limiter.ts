import type { Clock } from '@contactmesh/core';

/**
 * Requests per key (an address, a token) per minute, as a token bucket that refills evenly. At
 * most `maxKeys` keys are remembered (the least recently seen are forgotten first), so a flood of
 * new addresses cannot grow it without bound.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one request for `key`: `0` when allowed, else the seconds until one is. */
  take(key: string): number {
    const now = this.clock.now();
    const known = this.#buckets.get(key);
    const refilled =
      known === undefined ? this.perMinute : Math.min(this.perMinute, known.tokens + ((now - known.at) * this.perMinute) / 60_000);
    this.#buckets.delete(key);
    if (refilled < 1) {
      this.#buckets.set(key, { tokens: refilled, at: now });
      return Math.max(1, Math.ceil(((1 - refilled) * 60_000) / this.perMinute / 1_000));
    }
    this.#buckets.set(key, { tokens: refilled - 1, at: now });
    if (this.#buckets.size > this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string);
    return 0;
  }
}
