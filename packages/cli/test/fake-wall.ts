import type { Wall } from '../src/index.js';

/**
 * A wall clock that never waits: each `sleep` moves its time on at once. It presses Ctrl-C after
 * `interruptAfterSleeps` sleeps, if given.
 */
export function fakeWall(interruptAfterSleeps = Number.POSITIVE_INFINITY): Wall & { readonly sleeps: () => number } {
  let now = 0;
  let sleeps = 0;
  let interrupt: (() => void) | undefined;
  return {
    now: () => now,
    async sleep(ms) {
      now += ms;
      sleeps += 1;
      if (sleeps >= interruptAfterSleeps) interrupt?.();
    },
    onInterrupt(handler) {
      interrupt = handler;
      return () => {
        interrupt = undefined;
      };
    },
    sleeps: () => sleeps,
  };
}
