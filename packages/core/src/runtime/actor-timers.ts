import type { Clock, TimerHandle } from '../clock/clock.js';

/** The pending timers of all actors of a runtime, keyed by actor address and timer id. */
export class ActorTimers {
  readonly #timers = new Map<string, Map<string, TimerHandle>>();

  constructor(private readonly clock: Clock) {}

  /** Starts `timerId` for `address`, replacing a pending timer of the same id. */
  schedule(address: string, timerId: string, delayMs: number, fire: () => void): void {
    this.cancel(address, timerId);
    let own = this.#timers.get(address);
    if (own === undefined) {
      own = new Map();
      this.#timers.set(address, own);
    }
    const handle = this.clock.setTimer(delayMs, () => {
      own.delete(timerId);
      fire();
    });
    own.set(timerId, handle);
  }

  cancel(address: string, timerId: string): void {
    const own = this.#timers.get(address);
    const handle = own?.get(timerId);
    if (handle === undefined) return;
    this.clock.clearTimer(handle);
    own?.delete(timerId);
  }

  /** Cancels every timer of `address` (the actor stopped or was removed). */
  cancelAll(address: string): void {
    const own = this.#timers.get(address);
    if (own === undefined) return;
    for (const handle of own.values()) this.clock.clearTimer(handle);
    this.#timers.delete(address);
  }

  /** Timer ids pending for `address`. */
  pending(address: string): string[] {
    return [...(this.#timers.get(address)?.keys() ?? [])];
  }
}
