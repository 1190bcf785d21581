import type { EventObject } from 'xstate';
import type { Clock, TimerHandle } from '../clock/clock.js';

interface Delivery {
  readonly address: string;
  readonly event: EventObject;
}

/**
 * The FIFO every delivery of a runtime goes through, so an actor's effects never re-enter
 * another actor's transition and the order is the same on every run. A drain runs at most
 * `perDrain` deliveries, then yields to the clock once (a message storm cannot starve timers);
 * at most `limit` deliveries wait — beyond that `push` refuses, and the caller reports it.
 */
export class DeliveryQueue {
  readonly #items: Delivery[] = [];
  #head = 0;
  #draining = false;
  #yielded: TimerHandle | undefined;
  #closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly limits: { readonly perDrain: number; readonly limit: number },
    private readonly dispatch: (address: string, event: EventObject) => void,
  ) {}

  /** Deliveries waiting. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Queues a delivery; false when the queue is full or closed. Does not drain. */
  push(address: string, event: EventObject): boolean {
    if (this.#closed || this.size >= this.limits.limit) return false;
    this.#items.push({ address, event });
    return true;
  }

  /** Runs `fn` with draining held off, then drains (effects of `fn` wait their turn). */
  hold(fn: () => void): void {
    const outer = this.#draining;
    this.#draining = true;
    try {
      fn();
    } finally {
      this.#draining = outer;
    }
    this.drain();
  }

  drain(): void {
    if (this.#draining || this.#closed) return;
    this.#draining = true;
    try {
      let budget = this.limits.perDrain;
      while (this.#head < this.#items.length && budget-- > 0) {
        const next = this.#items[this.#head];
        this.#items[this.#head++] = undefined as unknown as Delivery; // let the event be collected
        if (next !== undefined) this.dispatch(next.address, next.event);
      }
      this.#compact();
      if (this.size > 0 && this.#yielded === undefined) {
        this.#yielded = this.clock.setTimer(0, () => {
          this.#yielded = undefined;
          this.drain();
        });
      }
    } finally {
      this.#draining = false;
    }
  }

  /** Drops everything waiting and refuses new deliveries. */
  close(): void {
    this.#closed = true;
    this.#items.length = 0;
    this.#head = 0;
    if (this.#yielded !== undefined) this.clock.clearTimer(this.#yielded);
    this.#yielded = undefined;
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
    } else if (this.#head > 1_024 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
