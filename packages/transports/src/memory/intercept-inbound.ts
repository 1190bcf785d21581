import type { InboundMessage, Transport } from '@contactmesh/core';
import { Observable } from 'rxjs';

/** What an interceptor may do with one inbound message: pass it on now, later, twice, or never. */
export type Intercept = (message: InboundMessage, pass: (message: InboundMessage) => void) => void;

/**
 * The same transport, with every message it receives handed to `intercept` first, which passes it
 * on to the subscriber — at once, later, twice or never. Publishing, connecting and closing are the
 * transport's own. For tests and tools that order a network's deliveries themselves (a scheduler
 * that releases messages in an order of its choosing, a replay that delivers them when a story
 * says so); a `pass` after the subscription ended does nothing.
 *
 * @example
 * ```ts
 * const held: (() => void)[] = [];
 * const transport = interceptInbound(hub.transport('paris'), (message, pass) => held.push(() => pass(message)));
 * // … later, deliver the oldest held message:
 * held.shift()?.();
 * ```
 */
export function interceptInbound(inner: Transport, intercept: Intercept): Transport {
  return {
    id: inner.id,
    guarantees: inner.guarantees,
    state$: inner.state$,
    get state() {
      return inner.state;
    },
    connect: (options) => inner.connect(options),
    publish: (topic, payload, options) => inner.publish(topic, payload, options),
    close: () => inner.close(),
    subscribe: (filter, options) =>
      new Observable<InboundMessage>((subscriber) => {
        const pass = (message: InboundMessage) => {
          if (!subscriber.closed) subscriber.next(message);
        };
        const upstream = inner.subscribe(filter, options).subscribe({
          next: (message) => intercept(message, pass),
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        });
        return () => upstream.unsubscribe();
      }),
  };
}
