import { randomBytes } from 'node:crypto';
import type { InboundMessage, Transport } from '@contactmesh/core';
import { describe, it } from 'vitest';

/** One id per test run: in client ids and topics, so runs on a shared broker never meet. */
export const runId = `${process.pid}-${randomBytes(4).toString('hex')}`;

const howToEnable =
  'set CONTACTMESH_MQTT_URL to an MQTT 5 broker, e.g. CONTACTMESH_MQTT_URL=mqtt://127.0.0.1:1883 npx vitest run packages/transports (start Mosquitto with `mosquitto -d`)';

/**
 * Describes tests that need a real MQTT 5 broker, at CONTACTMESH_MQTT_URL (Mosquitto in CI). Without
 * the variable they are skipped, and say so on stderr; with `CI=true` that is a failure instead, as
 * for the contract suite (`test/contract/mqtt.test.ts`).
 *
 * @example
 * ```ts
 * describeOnExternalBroker('message expiry on an MQTT 5 broker', (url) => {
 *   it('…', async () => { const t = createMqttTransport({ participantId: 'a', url }); … });
 * });
 * ```
 */
export function describeOnExternalBroker(name: string, body: (url: string) => void): void {
  const url = process.env.CONTACTMESH_MQTT_URL;
  if (url !== undefined && url !== '') {
    describe(`${name} (${url})`, () => body(url));
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('runs against the external broker CI provides', () => {
        throw new Error(`CONTACTMESH_MQTT_URL is not set, and CI must not skip the external-broker tests: ${howToEnable}.`);
      });
    });
  } else {
    process.stderr.write(`\n[${name}] SKIPPED: ${howToEnable}.\n`);
    describe(name, () => {
      it.skip(`SKIPPED (CONTACTMESH_MQTT_URL unset): ${howToEnable}`, () => undefined);
    });
  }
}

const decoder = new TextDecoder();

/** Every message a subscription receives, as text, and a way to wait for one. */
export class Received {
  readonly messages: InboundMessage[] = [];
  readonly #listeners = new Set<() => void>();

  constructor(transport: Transport, filter: string) {
    transport.subscribe(filter).subscribe((message) => {
      this.messages.push(message);
      for (const listener of [...this.#listeners]) listener();
    });
  }

  get texts(): string[] {
    return this.messages.map((m) => decoder.decode(m.payload));
  }

  /** Calls `listener` after each message; returns the way to stop. */
  onMessage(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once `done()` holds; rejects after `timeoutMs` saying what was received. */
  until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
    return untilAny([this], what, done, timeoutMs);
  }
}

/** Resolves once `done()` holds, checked after each message to any of `sources`; rejects after `timeoutMs`. */
export function untilAny(sources: readonly Received[], what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const stops: (() => void)[] = [];
    const end = () => {
      clearTimeout(timer);
      for (const stop of stops) stop();
    };
    const timer = setTimeout(() => {
      end();
      reject(new Error(`No ${what} within ${timeoutMs} ms; received ${JSON.stringify(sources.map((s) => s.texts))}.`));
    }, timeoutMs);
    for (const source of sources) {
      stops.push(
        source.onMessage(() => {
          if (!done()) return;
          end();
          resolve();
        }),
      );
    }
  });
}
