import type { ConnectionState } from '@contactmesh/core';
import { BehaviorSubject, Observable } from 'rxjs';

/**
 * A transport's connection state. Subscribers get the current value at once, then every change;
 * the stream completes after `closed` (which is final), and a subscriber arriving later still gets
 * `closed` before the completion — a completed BehaviorSubject alone would give it nothing.
 */
export class ConnectionStateSubject {
  readonly #subject = new BehaviorSubject<ConnectionState>('idle');
  #closed = false;

  readonly state$: Observable<ConnectionState> = new Observable((subscriber) => {
    if (!this.#closed) return this.#subject.subscribe(subscriber);
    subscriber.next('closed');
    subscriber.complete();
    return undefined;
  });

  get value(): ConnectionState {
    return this.#subject.getValue();
  }

  set(next: ConnectionState): void {
    if (this.#closed || next === this.value) return;
    this.#subject.next(next);
    if (next === 'closed') {
      this.#closed = true;
      this.#subject.complete();
    }
  }
}
