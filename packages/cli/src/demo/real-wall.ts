import { setTimeout as sleep } from 'node:timers/promises';
import type { Wall } from './wall.js';

const signals = ['SIGINT', 'SIGTERM'] as const;

/**
 * The process's real time, and SIGINT/SIGTERM as the interrupt.
 *
 * @example
 * ```ts
 * await runDemo(options, io, realWall);
 * ```
 */
export const realWall: Wall = {
  now: () => performance.now(),
  async sleep(ms, signal) {
    if (signal.aborted) return;
    try {
      await sleep(ms, undefined, { signal });
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  },
  onInterrupt(handler) {
    for (const name of signals) process.once(name, handler);
    return () => {
      for (const name of signals) process.off(name, handler);
    };
  },
};
