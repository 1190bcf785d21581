import type { StatusClock } from '../client/status-clock.js';

/** At most one announcement per this many ms, unless the state changes. */
export const announceIntervalMs = 10_000;

/**
 * Feeds an ARIA live region without flooding it: a change of state is said at once; a new place
 * or wait within 10 s of the last announcement waits for the 10 s to pass, and only the latest
 * text is said then. It never moves focus; it only writes text.
 *
 * @example
 * ```ts
 * const announcer = new LiveAnnouncer(browserClock, (text) => (region.textContent = text));
 * announcer.say('You are 3rd in the queue.', 'queued');
 * ```
 */
export class LiveAnnouncer {
  readonly #clock: StatusClock;
  readonly #write: (text: string) => void;
  #said: string | undefined;
  #key: string | undefined;
  #lastAt = Number.NEGATIVE_INFINITY;
  #pending: { readonly timer: unknown; text: string } | undefined;

  constructor(clock: StatusClock, write: (text: string) => void) {
    this.#clock = clock;
    this.#write = write;
  }

  /** Says `text` about a contact in state `key`, now or when the throttle allows. */
  say(text: string, key: string): void {
    const now = this.#clock.now();
    if (key !== this.#key || now - this.#lastAt >= announceIntervalMs) {
      this.#key = key;
      this.#flush(text);
    } else if (this.#pending !== undefined) {
      this.#pending.text = text;
    } else if (text !== this.#said) {
      const timer = this.#clock.setTimer(this.#lastAt + announceIntervalMs - now, () => {
        const latest = this.#pending?.text ?? text;
        this.#pending = undefined;
        this.#flush(latest);
      });
      this.#pending = { timer, text };
    }
  }

  /** Cancels an announcement still waiting. */
  dispose(): void {
    if (this.#pending !== undefined) this.#clock.clearTimer(this.#pending.timer);
    this.#pending = undefined;
  }

  #flush(text: string): void {
    this.dispose();
    if (text === this.#said) return;
    this.#said = text;
    this.#lastAt = this.#clock.now();
    this.#write(text);
  }
}
