/**
 * The only source of time of the client: the browser's timers by default, a virtual clock in tests.
 * `@contactmesh/core`'s `Clock` and `VirtualClock` fit this shape.
 */
export interface StatusClock {
  now(): number;
  setTimer(delayMs: number, callback: () => void): unknown;
  clearTimer(handle: unknown): void;
}

/**
 * The browser's clock: `Date.now` and `setTimeout`.
 *
 * @example
 * ```ts
 * createStatusClient({ endpoint, token, clock: browserClock });
 * ```
 */
export const browserClock: StatusClock = {
  now: () => Date.now(),
  setTimer: (delayMs, callback) => setTimeout(callback, Math.max(0, delayMs)),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
