import type { Socket } from 'node:net';
import { ErrorCode } from '@contactmesh/core';
import { createRelay, type Relay, type RelayEvent } from '@contactmesh/transports/websocket';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { RawRelayClient, type SeenFrame } from './support/raw-relay-client.js';

// A participant that stops reading: a real `ws` socket whose TCP reader the test pauses, so the
// relay's writes pile up in the kernel and then in the socket's buffer, as they do for a
// subscriber on a slow link. Nothing sleeps: the publisher fills the pipe one acknowledged
// publication at a time until the relay's counters show what it did, and the reader, resumed,
// is read until the last frame the test expects.

const relays: Relay[] = [];
const clients: RawRelayClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.terminate();
  for (const relay of relays.splice(0)) await relay.close();
});

async function relayWith(options: Parameters<typeof createRelay>[0]): Promise<{ relay: Relay; url: string }> {
  const relay = await createRelay(options);
  relays.push(relay);
  return { relay, url: relay.url ?? '' };
}

async function participant(url: string, id: string): Promise<RawRelayClient> {
  const client = await RawRelayClient.open(url);
  clients.push(client);
  await client.hello(id);
  return client;
}

/** Stops reading the participant's TCP socket (the relay sees a consumer that does not keep up). */
function stopReading(client: RawRelayClient): { resume(): void } {
  const tcp = Reflect.get(client.socket, '_socket') as Socket;
  tcp.pause();
  return { resume: () => tcp.resume() };
}

const bulk = (label: string) => `${label}:${'x'.repeat(60 * 1024)}`;
const labelOf = (frame: SeenFrame) => frame.text.split(':')[0] ?? '';

/** Publishes at QoS 1 and waits for the relay's `puback`: the relay has routed it when this resolves. */
let mid = 0;
async function publish(client: RawRelayClient, topic: string, payload: string, retain = false): Promise<void> {
  client.frame({ type: 'pub', mid: ++mid, topic, qos: 1, retain }, payload);
  await client.next('puback');
}

/** Publishes bulk messages until `done()` holds; throws if the pipe never fills. */
async function fill(publisher: RawRelayClient, done: () => boolean, each: (n: number) => void = () => undefined): Promise<number> {
  for (let n = 0; n < 2_000; n++) {
    if (done()) return n;
    await publish(publisher, 'cm/bulk', bulk(`bulk-${n}`));
    each(n);
  }
  throw new Error('the slow participant never fell behind');
}

/** Every `msg` the participant reads, once resumed, up to and including the one `last` picks. */
async function readUntil(client: RawRelayClient, last: (frame: SeenFrame) => boolean): Promise<SeenFrame[]> {
  const read: SeenFrame[] = [];
  for (;;) {
    const frame = await client.next('msg');
    read.push(frame);
    if (last(frame)) return read;
  }
}

const nextEvent = (relay: Relay, kind: RelayEvent['kind']) => firstValueFrom(relay.events$.pipe(filter((e) => e.kind === kind)));

describe("websocket relay: slow consumers, slowConsumer: 'drop' (the default)", () => {
  it('closes a participant with 1013 once more than maxBufferedBytes wait for it, and serves the others', async () => {
    const { relay, url } = await relayWith({ maxBufferedBytes: 256 * 1024 });
    const slow = await participant(url, 'slow');
    slow.frame({ type: 'sub', sid: 1, filter: 'cm/bulk', qos: 0 });
    await slow.next('suback');
    const publisher = await participant(url, 'publisher');
    const reader = stopReading(slow);
    const tooSlow = nextEvent(relay, 'slow');

    await fill(publisher, () => relay.stats().slow > 0);
    expect(await tooSlow).toEqual({ kind: 'slow', id: 'slow', policy: 'drop' });
    expect(relay.stats()).toMatchObject({ slow: 1, held: 0, coalesced: 0 });
    reader.resume();
    expect(await slow.closed).toBe(1013);
    await publish(publisher, 'cm/after', 'still serving');
  });
});

describe("websocket relay: slow consumers, slowConsumer: 'coalesce'", () => {
  it('holds deliveries while the socket is behind, keeps only the latest retained value at QoS 0, loses nothing else, and flushes in order once it drains', async () => {
    const { relay, url } = await relayWith({ slowConsumer: 'coalesce', maxBufferedBytes: 8 * 1024 * 1024, lowWaterBytes: 64 * 1024 });
    const slow = await participant(url, 'slow');
    slow.frame({ type: 'sub', sid: 1, filter: 'cm/#', qos: 0 });
    slow.frame({ type: 'sub', sid: 2, filter: 'cm/status/#', qos: 1 });
    await slow.next('suback');
    await slow.next('suback');
    const publisher = await participant(url, 'publisher');
    const reader = stopReading(slow);

    const filled = await fill(publisher, () => relay.stats().held > 0);
    // Behind now. A retained topic at QoS 1, published 50 times, another 5 times, and two plain messages.
    for (let i = 1; i <= 50; i++) {
      await publish(publisher, 'cm/status/a', `a${i}`, true);
      if (i % 10 === 0) await publish(publisher, 'cm/status/b', `b${i / 10}`, true);
      if (i === 25) await publish(publisher, 'cm/bulk', 'mid');
    }
    await publish(publisher, 'cm/bulk', 'end');
    expect(relay.stats()).toMatchObject({ coalesced: 49 + 4, slow: 0, participants: 2 });

    reader.resume();
    const read = await readUntil(slow, (f) => f.text === 'end');
    const toQos0 = read.filter((f) => f.header.sid === 1);
    const toQos1 = read.filter((f) => f.header.sid === 2);
    // Every bulk message, in order; of the retained topics only their last values, after what came before them.
    expect(toQos0.filter((f) => f.header.topic === 'cm/bulk').map(labelOf)).toEqual([
      ...Array.from({ length: filled }, (_, n) => `bulk-${n}`),
      'mid',
      'end',
    ]);
    expect(toQos0.slice(-4).map((f) => f.text)).toEqual(['mid', 'a50', 'b5', 'end']);
    expect(toQos0.every((f) => f.header.qos === 0 && f.header.retained === false)).toBe(true);
    // The QoS 1 subscription gets every value: nothing at QoS 1 is merged.
    expect(toQos1.map((f) => f.text)).toEqual(
      Array.from({ length: 50 }, (_, i) => [`a${i + 1}`, ...((i + 1) % 10 === 0 ? [`b${(i + 1) / 10}`] : [])]).flat(),
    );
    expect(toQos1.every((f) => f.header.qos === 1)).toBe(true);
    expect(relay.stats()).toMatchObject({ held: 0, coalesced: 53, slow: 0 });

    // Caught up: deliveries go straight out again.
    await publish(publisher, 'cm/status/a', 'a51', true);
    expect((await slow.next('msg')).text).toBe('a51');
    expect(relay.stats().held).toBe(0);
  });

  it('still closes with 1013 when what it holds and what the socket buffers pass maxBufferedBytes', async () => {
    const maxBufferedBytes = 1024 * 1024;
    const { relay, url } = await relayWith({ slowConsumer: 'coalesce', maxBufferedBytes, lowWaterBytes: 64 * 1024 });
    const slow = await participant(url, 'slow');
    slow.frame({ type: 'sub', sid: 1, filter: 'cm/bulk', qos: 0 });
    await slow.next('suback');
    const publisher = await participant(url, 'publisher');
    const reader = stopReading(slow);
    const tooSlow = nextEvent(relay, 'slow');

    let mostHeld = 0;
    await fill(
      publisher,
      () => relay.stats().slow > 0,
      () => {
        mostHeld = Math.max(mostHeld, relay.stats().held);
      },
    );
    expect(await tooSlow).toEqual({ kind: 'slow', id: 'slow', policy: 'coalesce' });
    // Held frames are 60 KiB each: never more of them than maxBufferedBytes allows.
    expect(mostHeld).toBeGreaterThan(0);
    expect(mostHeld * 60 * 1024).toBeLessThanOrEqual(maxBufferedBytes);
    expect(relay.stats()).toMatchObject({ held: 0, slow: 1 });
    reader.resume();
    expect(await slow.closed).toBe(1013);
  });
});

describe('websocket relay: slow consumer options', () => {
  it.each([
    [{ slowConsumer: 'block' }, /^Option slowConsumer must be 'drop' or 'coalesce', got "block"\.$/],
    [{ maxBufferedBytes: 1024, lowWaterBytes: 1024 }, /^Option lowWaterBytes must be less than maxBufferedBytes \(1024\), got 1024\.$/],
    [{ lowWaterBytes: -1 }, /^Option lowWaterBytes must be an integer of at least 0/],
    [{ slowConsumers: 'drop' }, /^Option options\.slowConsumers must be one of /],
  ])('refuses %j with CM_ERR_INVALID_OPTION naming the option', async (options, message) => {
    await expect(createRelay(options as Parameters<typeof createRelay>[0])).rejects.toMatchObject({
      code: ErrorCode.INVALID_OPTION,
      message: expect.stringMatching(message),
    });
  });
});
