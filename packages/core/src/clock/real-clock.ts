import type { Clock, TimerHandle } from './clock.js';

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days); longer ones are chained.
const MAX_DELAY = 2 ** 31 - 1;

interface RealTimer {
  timeout: ReturnType<typeof setTimeout> | undefined;
  immediate?: ReturnType<typeof setImmediate> | undefined;
}

/**
 * The wall clock. A pending timer keeps a Node process alive, as `setTimeout` does; stopping a
 * runtime cancels its timers, so a stopped centre lets the process exit. Delays of any length
 * work (long ones are chained), and non-finite delays are refused as on the virtual clock. A
 * delay of 0 (or less) runs on the next turn of the event loop (`setImmediate`, in the order
 * set), not after the at least 1 ms that Node holds a `setTimeout(0)` back — so it may run before
 * a longer timer that is already overdue.
 *
 * @example
 * ```ts
 * const centre = createRuntime({ centre: 'london', network: 'demo', transport, clock: realClock });
 * ```
 */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, callback) {
    if (!Number.isFinite(delayMs)) throw new RangeError(`A timer delay must be a finite number of ms, got ${delayMs}.`);
    const timer: RealTimer = { timeout: undefined };
    if (delayMs <= 0) {
      timer.immediate = setImmediate(() => {
        timer.immediate = undefined;
        callback();
      });
      return timer as unknown as TimerHandle;
    }
    const arm = (remaining: number) => {
      const step = Math.min(Math.max(0, remaining), MAX_DELAY);
      timer.timeout = setTimeout(() => (remaining > MAX_DELAY ? arm(remaining - MAX_DELAY) : callback()), step);
    };
    arm(delayMs);
    return timer as unknown as TimerHandle;
  },
  clearTimer(handle) {
    const timer = handle as unknown as RealTimer;
    if (timer.timeout !== undefined) clearTimeout(timer.timeout);
    if (timer.immediate !== undefined) clearImmediate(timer.immediate);
    timer.timeout = undefined;
    timer.immediate = undefined;
  },
};
