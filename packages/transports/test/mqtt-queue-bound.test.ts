import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type ConnectionState, ErrorCode } from '@contactmesh/core';
import {
  createMqttTransport,
  type EmbeddedBroker,
  type MqttTransport,
  type MqttTransportOptions,
  startEmbeddedBroker,
} from '@contactmesh/transports/mqtt';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Received } from './support/external-broker.js';

// While the broker is away the MQTT transport holds what is published — as the WebSocket client
// does, up to `maxQueuedPublishes` (default 1,000) — and refuses the rest with CM_ERR_QUEUE_FULL,
// instead of letting memory grow for as long as the broker is down. Over the embedded aedes,
// stopped and started again on its port.

// The heap is measured after a full collection, so garbage does not count.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const heapAfterCollection = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

const opened: MqttTransport[] = [];
let broker: EmbeddedBroker | undefined;

afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
  await broker?.close();
  broker = undefined;
});

const transport = (options: MqttTransportOptions): MqttTransport => {
  const t = createMqttTransport({ reconnectMs: 20, maxReconnectMs: 200, ...options });
  opened.push(t);
  return t;
};

const reach = (t: MqttTransport, state: ConnectionState) => firstValueFrom(t.state$.pipe(filter((s) => s === state)));

/** A fresh 1 KiB payload that starts with its number, as each publication of a real application is. */
const kibibyte = (i: number) => `${i}:`.padEnd(1024, '.');

/** A connected transport whose broker has just gone away: `reconnecting`. */
async function cutOff(options: Partial<MqttTransportOptions> = {}): Promise<{ london: MqttTransport; port: number }> {
  broker = await startEmbeddedBroker();
  const london = transport({ participantId: 'london', url: broker.url, ...options });
  await london.connect();
  const lost = reach(london, 'reconnecting');
  await broker.close();
  await lost;
  return { london, port: broker.port };
}

const queueFull = (limit: number) =>
  expect.objectContaining({
    name: 'ContactmeshError',
    code: ErrorCode.QUEUE_FULL,
    message: `MQTT transport "london" is reconnecting and already holds ${limit} publications; retry once state$ is connected, or raise maxQueuedPublishes.`,
    details: expect.objectContaining({ limit }),
  });

describe('mqtt transport publications while the broker is down', { timeout: 20_000 }, () => {
  it('holds maxQueuedPublishes (1,000) QoS 1 publications, refuses the rest with CM_ERR_QUEUE_FULL, and delivers the held ones once the broker is back', async () => {
    const { london, port } = await cutOff();
    // Retained, each on its own topic: whoever subscribes once the broker is back sees which arrived.
    const published = Array.from({ length: 1_500 }, (_, i) => london.publish(`cm/queue/${i}`, kibibyte(i), { qos: 1, retain: true }));
    const held = published.slice(0, 1_000);
    const refused = await Promise.allSettled(published.slice(1_000));
    expect(refused.every((r) => r.status === 'rejected')).toBe(true);
    for (const r of refused) if (r.status === 'rejected') expect(r.reason).toEqual(queueFull(1_000));
    // QoS 0 is held by the same queue, and refused the same way.
    await expect(london.publish('cm/queue/qos0', 'x', { qos: 0 })).rejects.toEqual(queueFull(1_000));

    broker = await startEmbeddedBroker({ port });
    await Promise.all(held);
    expect(london.state).toBe('connected');
    // The queue emptied: publishing is accepted again.
    await london.publish('cm/queue/after', 'after', { qos: 1 });

    const watcher = transport({ participantId: 'watcher', url: broker.url });
    await watcher.connect();
    const seen = new Received(watcher, 'cm/queue/+');
    await seen.until('the 1,000 held publications', () => seen.messages.length >= 1_000);
    const numbers = seen.texts.map((text) => Number(text.slice(0, text.indexOf(':'))));
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(seen.texts.every((text, i) => text.length === 1_024 && text.startsWith(`${numbers[i]}:`))).toBe(true);
  });

  it('keeps its memory bounded while the broker stays down: of 20,000 × 1 KiB QoS 1 publications it holds 1,000 and refuses 19,000', async () => {
    const { london } = await cutOff();
    const before = heapAfterCollection();
    const outcomes = new Map<string, number>();
    const tally = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    for (let i = 0; i < 20_000; i += 1) {
      london.publish(`cm/queue/${i}`, kibibyte(i), { qos: 1 }).then(
        () => tally('delivered'),
        (error: { code?: string }) => tally(error.code ?? String(error)),
      );
    }
    // A refusal settles at once, a held publication not before the broker is back.
    await new Promise((resolve) => setImmediate(resolve));
    expect(Object.fromEntries(outcomes)).toEqual({ [ErrorCode.QUEUE_FULL]: 19_000 });
    const grown = heapAfterCollection() - before;
    // 1,000 held take about 3 MB; holding all 20,000 would take 20 MB of payload alone (the issue
    // saw 82 MB for 50,000).
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    await london.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(Object.fromEntries(outcomes)).toEqual({ [ErrorCode.QUEUE_FULL]: 19_000, [ErrorCode.TRANSPORT_CLOSED]: 1_000 });
  });

  it('refuses a negative maxQueuedPublishes with CM_ERR_INVALID_OPTION, and with 0 holds nothing', async () => {
    expect(() => createMqttTransport({ participantId: 'london', url: 'mqtt://127.0.0.1:1883', maxQueuedPublishes: -1 })).toThrow(
      expect.objectContaining({
        code: ErrorCode.INVALID_OPTION,
        message: expect.stringMatching(/Option maxQueuedPublishes must be an integer of at least 0/),
      }),
    );
    const { london } = await cutOff({ maxQueuedPublishes: 0 });
    await expect(london.publish('cm/queue/0', 'x', { qos: 1 })).rejects.toEqual(queueFull(0));
  });
});
