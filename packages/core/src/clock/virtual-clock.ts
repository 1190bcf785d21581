import type { Clock, TimerHandle } from './clock.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** How {@link VirtualClock.runUntilIdle} ends. */
export interface RunResult {
  /** Timers fired during the run. */
  readonly fired: number;
  /** True when timers were still pending because `maxTimers` was reached. */
  readonly truncated: boolean;
}

/**
 * A clock that moves only when told to. Timers with the same deadline fire in the order they were
 * set, so a run is the same every time.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock(0);
 * const fired: number[] = [];
 * clock.setTimer(100, () => fired.push(clock.now()));
 * clock.advance(100); // fired: [100]
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  // A binary min-heap ordered by (at, seq).
  readonly #heap: Timer[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    if (!Number.isFinite(delayMs)) throw new RangeError(`A timer delay must be a finite number of ms, got ${delayMs}.`);
    const delay = Math.max(0, delayMs);
    const timer: Timer = { at: this.#now + delay, seq: this.#seq++, callback, cancelled: false };
    this.#push(timer);
    return timer as unknown as TimerHandle;
  }

  clearTimer(handle: TimerHandle): void {
    (handle as unknown as Timer).cancelled = true;
  }

  /** Number of timers set and not yet fired or cancelled. */
  get pending(): number {
    return this.#heap.reduce((n, t) => (t.cancelled ? n : n + 1), 0);
  }

  /** The deadline of the next live timer, or `undefined` when none is pending. */
  nextDeadline(): number | undefined {
    this.#dropCancelled();
    return this.#heap[0]?.at;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in deadline order. */
  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`advance() takes a non-negative number of ms, got ${ms}.`);
    return this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `time`, firing every timer due on the way. Returns the timers fired. */
  advanceTo(time: number): number {
    if (!Number.isFinite(time)) throw new RangeError(`advanceTo() takes a finite time, got ${time}.`);
    if (time < this.#now) throw new RangeError(`advanceTo(${time}) would move time backwards from ${this.#now}.`);
    let fired = 0;
    for (;;) {
      this.#dropCancelled();
      const next = this.#heap[0];
      if (next === undefined || next.at > time) break;
      this.#pop();
      this.#now = next.at;
      fired += 1;
      next.callback();
    }
    this.#now = time;
    return fired;
  }

  /** Fires the next due timer (moving time to its deadline). Returns false when none is pending. */
  step(): boolean {
    this.#dropCancelled();
    const next = this.#pop();
    if (next === undefined) return false;
    this.#now = Math.max(this.#now, next.at);
    next.callback();
    return true;
  }

  /**
   * Fires timers, moving time forward, until none is pending — or until `maxTimers` have fired,
   * which guards against timers that keep setting new ones.
   */
  runUntilIdle(options: { maxTimers?: number } = {}): RunResult {
    const max = options.maxTimers ?? 1_000_000;
    let fired = 0;
    while (fired < max && this.step()) fired += 1;
    return { fired, truncated: fired >= max && this.nextDeadline() !== undefined };
  }

  #dropCancelled(): void {
    while (this.#heap[0]?.cancelled) this.#pop();
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Timer, heap[parent] as Timer)) break;
      [heap[i], heap[parent]] = [heap[parent] as Timer, heap[i] as Timer];
      i = parent;
    }
  }

  #pop(): Timer | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < heap.length && before(heap[l] as Timer, heap[min] as Timer)) min = l;
      if (r < heap.length && before(heap[r] as Timer, heap[min] as Timer)) min = r;
      if (min === i) break;
      [heap[i], heap[min]] = [heap[min] as Timer, heap[i] as Timer];
      i = min;
    }
    return top;
  }
}

const before = (a: Timer, b: Timer): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);
