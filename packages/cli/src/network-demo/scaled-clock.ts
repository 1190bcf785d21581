import type { Clock, TimerHandle } from '@contactmesh/core';

/**
 * Real time, sped up: `speed` simulated milliseconds pass per real millisecond. The network demo
 * runs its centres, simulated agents and traffic on it, over real sockets, so a working day plays
 * in minutes while messages still travel as they would. The only place the demo sets real timers.
 *
 * @example
 * ```ts
 * const clock = new ScaledClock(30); // a real second is 30 simulated seconds
 * clock.setTimer(60_000, ring); // rings two real seconds from now
 * ```
 */
export class ScaledClock implements Clock {
  readonly #realStart = performance.now();
  readonly #start: number;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    readonly speed: number,
    start = Date.now(),
  ) {
    if (!(Number.isFinite(speed) && speed > 0)) throw new RangeError(`The speed must be a positive number, got ${speed}.`);
    this.#start = start;
  }

  now(): number {
    // Whole milliseconds, as Date.now() gives: revs and incarnations are taken from it.
    return Math.floor(this.#start + (performance.now() - this.#realStart) * this.speed);
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    if (!Number.isFinite(delayMs)) throw new RangeError(`A timer's delay must be finite, got ${delayMs}.`);
    const handle = setTimeout(() => {
      this.#timers.delete(handle);
      callback();
    }, Math.max(0, delayMs) / this.speed);
    this.#timers.add(handle);
    return handle as unknown as TimerHandle;
  }

  clearTimer(handle: TimerHandle): void {
    const timer = handle as unknown as ReturnType<typeof setTimeout>;
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  /** Timers still pending (none once everything on the clock has stopped). */
  get pending(): number {
    return this.#timers.size;
  }
}
