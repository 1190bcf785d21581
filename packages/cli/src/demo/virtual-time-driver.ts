import type { VirtualClock } from '@contactmesh/core';

/** Moves a simulation's virtual time forward, letting asynchronous work settle between timers. */
export interface VirtualTimeDriver {
  /** Work started by a timer (a contact's arrival hashes its status token) that must finish before time moves on. */
  track(work: Promise<unknown>): void;
  /** Fires every timer due up to `time` (ms) in order, waiting for tracked work after each, then sets the clock to `time`. */
  advanceTo(time: number): Promise<void>;
}

/**
 * A driver for `clock`. `VirtualClock.advanceTo` alone would run through an arrival before its
 * status token is hashed (a real asynchronous step); stepping one timer at a time and waiting for
 * that work keeps every event at its virtual time, so a seed gives the same run however the time
 * is cut into steps.
 *
 * @example
 * ```ts
 * const driver = createVirtualTimeDriver(clock);
 * clock.setTimer(1_000, () => driver.track(centre.contacts.arrive({ media: 'voice', skillset: 'billing' })));
 * await driver.advanceTo(60_000);
 * ```
 */
export function createVirtualTimeDriver(clock: VirtualClock): VirtualTimeDriver {
  const pending = new Set<Promise<unknown>>();
  const settle = async () => {
    while (pending.size > 0) {
      const batch = [...pending];
      pending.clear();
      await Promise.all(batch);
    }
  };
  return {
    track(work) {
      pending.add(work);
    },
    async advanceTo(time) {
      if (time < clock.now()) throw new RangeError(`advanceTo(${time}) would move virtual time backwards from ${clock.now()}.`);
      await settle();
      for (let next = clock.nextDeadline(); next !== undefined && next <= time; next = clock.nextDeadline()) {
        clock.step();
        await settle();
      }
      clock.advanceTo(time);
    },
  };
}
