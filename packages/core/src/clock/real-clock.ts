import type { Clock, TimerHandle } from './clock.js';

/**
 * The wall clock. Timers do not keep a Node process alive on their own (they are unref'd), so a
 * centre that is stopped lets its process exit.
 *
 * @example
 * ```ts
 * const centre = createRuntime({ centre: 'london', transport, clock: realClock });
 * ```
 */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, callback) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    (timer as { unref?: () => void }).unref?.();
    return timer as unknown as TimerHandle;
  },
  clearTimer(handle) {
    clearTimeout(handle as unknown as ReturnType<typeof setTimeout>);
  },
};
