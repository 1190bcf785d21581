import type { InboundMessage, SubscribeOptions, Transport } from '@contactmesh/core';
import type { Observable, Subscription } from 'rxjs';
import type { ContractEnv } from './contract-env.js';

const decoder = new TextDecoder();

/** The text of a payload (invalid UTF-8 shows as U+FFFD). */
export const text = (message: InboundMessage): string => decoder.decode(message.payload);

/** Everything one subscription has received, and how it ended. */
export class Inbox {
  readonly messages: InboundMessage[] = [];
  completed = false;
  error: unknown;
  readonly #subscription: Subscription;

  constructor(
    readonly label: string,
    source: Observable<InboundMessage>,
  ) {
    this.#subscription = source.subscribe({
      next: (message) => this.messages.push(message),
      error: (error: unknown) => {
        this.error = error;
      },
      complete: () => {
        this.completed = true;
      },
    });
  }

  /** Payloads as text, in arrival order. */
  get texts(): string[] {
    return this.messages.map(text);
  }

  /** Ends the subscription (unsubscribe). */
  stop(): void {
    this.#subscription.unsubscribe();
  }
}

/** Options of {@link listen}: the subscription's own, and a label for failure messages. */
export interface ListenOptions extends SubscribeOptions {
  readonly label?: string;
}

/** Subscribes `transport` to `filter` and records what arrives. */
export const listen = (transport: Transport, filter: string, options: ListenOptions = {}): Inbox => {
  const { label = `${transport.id} on ${filter}`, ...subscribeOptions } = options;
  return new Inbox(label, transport.subscribe(filter, subscribeOptions));
};

/**
 * Calls `env.settle()` until `done()` holds; fails with `describe()` if it never does. The only way
 * the suite waits: no sleeps, no timers.
 */
export async function settleUntil(env: ContractEnv, done: () => boolean, describe: () => string, rounds = 50): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    if (done()) return;
    await env.settle();
  }
  if (!done()) throw new Error(`Gave up after ${rounds} settle rounds: ${describe()}`);
}

/** Waits until `inbox` holds at least `count` messages and returns them. */
export async function expectMessages(env: ContractEnv, inbox: Inbox, count: number): Promise<InboundMessage[]> {
  await settleUntil(
    env,
    () => inbox.messages.length >= count || inbox.completed || inbox.error !== undefined,
    () => `${inbox.label}: expected ${count} messages, got ${inbox.messages.length} (${preview(inbox)})`,
  );
  if (inbox.error !== undefined || (inbox.completed && inbox.messages.length < count)) {
    throw new Error(`${inbox.label} ended after ${inbox.messages.length} of ${count} messages: ${String(inbox.error ?? 'completed')}`);
  }
  return inbox.messages;
}

let barriers = 0;

/**
 * Proves that nothing more is on its way from `publisher` on `topic`: publishes a unique barrier
 * there and waits until `probe` (a subscription matching `topic`) has it. Per-publisher order makes
 * this sound: whatever `publisher` sent on `topic` before has been delivered by then.
 */
export async function barrier(env: ContractEnv, publisher: Transport, topic: string, probe: Inbox): Promise<string> {
  const marker = `barrier-${++barriers}`;
  await publisher.publish(topic, marker, { qos: 1 });
  await settleUntil(
    env,
    () => probe.texts.includes(marker),
    () => `${probe.label}: barrier ${marker} on ${topic} never arrived (${preview(probe)})`,
  );
  return marker;
}

/** The texts an inbox received before a barrier marker (which must have arrived). */
export function receivedBefore(inbox: Inbox, marker: string): string[] {
  const index = inbox.texts.indexOf(marker);
  if (index < 0) throw new Error(`${inbox.label} never received ${marker} (${preview(inbox)})`);
  return inbox.texts.slice(0, index);
}

const preview = (inbox: Inbox): string =>
  inbox.messages
    .slice(0, 5)
    .map((m) => `${m.topic}=${JSON.stringify(text(m).slice(0, 20))}`)
    .join(', ') || 'nothing';
