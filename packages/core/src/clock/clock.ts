/** An opaque handle for a timer set on a {@link Clock}. */
export interface TimerHandle {
  readonly __timer: unique symbol;
}

/**
 * The only source of time in contactmesh. Production code gets {@link realClock}; tests, the
 * simulator and the model checker get a {@link VirtualClock}. Nothing else reads the time or sets
 * a timer.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (virtual clocks start wherever they are told). */
  now(): number;
  /** Calls `callback` once, `delayMs` from now. Negative delays count as zero; a non-finite delay is a `RangeError`. */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  /** Cancels a timer; cancelling a fired or cancelled timer does nothing. */
  clearTimer(handle: TimerHandle): void;
}
