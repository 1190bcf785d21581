/**
 * Real time and the user's interrupt, as the live demo sees them. The demo paces a virtual clock
 * by this; tests pass a fake whose `sleep` only moves its own `now`, so nothing really waits.
 */
export interface Wall {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Resolves after `ms` of real time, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Calls `handler` on Ctrl-C (and on a polite kill); returns a function that removes it. */
  onInterrupt(handler: () => void): () => void;
}
