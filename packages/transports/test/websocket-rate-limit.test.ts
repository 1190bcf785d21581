import { ErrorCode, VirtualClock } from '@contactmesh/core';
import { createRelay, createWebSocketTransport, defaultRateLimit, type Relay, type RelayEvent } from '@contactmesh/transports/websocket';
import fc from 'fast-check';
import { filter, firstValueFrom, toArray } from 'rxjs';
import { takeWhile } from 'rxjs/operators';
import { afterEach, describe, expect, it } from 'vitest';
import { PublishRateLimit } from '../src/websocket/rate-limit.js';
import { RawRelayClient } from './support/raw-relay-client.js';

// The relay's per-connection publication rate limit, on a virtual clock: the bucket refills only
// when the test moves time, so every refusal below is where the numbers put it.

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

async function participant(url: string, id: string, will?: { topic: string; payload: string }): Promise<RawRelayClient> {
  const client = await RawRelayClient.open(url);
  clients.push(client);
  await client.hello(id, will);
  return client;
}

const pub = (client: RawRelayClient, mid: number, qos: 0 | 1 = 1) =>
  client.frame({ type: 'pub', mid, topic: 'cm/flood/x', qos, retain: false }, `p${mid}`);

const looked = new WeakMap<RawRelayClient, number>();

/** The next frame, in arrival order, that answers a publication: its `puback`, or its `error`. */
async function answer(client: RawRelayClient): Promise<Record<string, unknown>> {
  for (;;) {
    const from = looked.get(client) ?? 0;
    const i = client.frames.findIndex((f, k) => k >= from && (f.header.type === 'puback' || f.header.type === 'error'));
    const found = client.frames[i];
    if (found !== undefined) {
      looked.set(client, i + 1);
      return found.header;
    }
    await new Promise((resolve) => client.socket.once('message', resolve));
  }
}

describe('websocket relay: publication rate limit', () => {
  it('takes a burst, refuses the next publication with CM_ERR_QUEUE_FULL naming it, and takes more as the bucket refills', async () => {
    const clock = new VirtualClock(0);
    const { relay, url } = await relayWith({ clock, rateLimit: { messagesPerSecond: 10, burst: 3, closeAfterRefusals: 100 } });
    const rejected: RelayEvent[] = [];
    relay.events$.pipe(filter((e) => e.kind === 'rejected')).subscribe((e) => rejected.push(e));
    const watcher = await participant(url, 'watcher');
    watcher.frame({ type: 'sub', sid: 1, filter: 'cm/flood/#', qos: 1 });
    await watcher.next('suback');
    const flood = await participant(url, 'flood');

    for (const mid of [1, 2, 3, 4]) pub(flood, mid);
    for (const mid of [1, 2, 3]) expect(await answer(flood)).toEqual({ type: 'puback', mid });
    expect(await answer(flood)).toMatchObject({
      type: 'error',
      code: ErrorCode.QUEUE_FULL,
      mid: 4,
      message: expect.stringMatching(/^Participant "flood" publishes faster than the relay's rateLimit \(10 a second, bursts of 3\)/),
    });

    clock.advance(99); // 0.99 of a token
    pub(flood, 5);
    expect(await answer(flood)).toMatchObject({ type: 'error', mid: 5 });
    clock.advance(1);
    pub(flood, 6);
    expect(await answer(flood)).toEqual({ type: 'puback', mid: 6 });

    const texts: string[] = [];
    for (;;) {
      texts.push((await watcher.next('msg')).text);
      if (texts.at(-1) === 'p6') break;
    }
    expect(texts).toEqual(['p1', 'p2', 'p3', 'p6']);
    expect(rejected).toEqual([
      { kind: 'rejected', id: 'flood', code: ErrorCode.QUEUE_FULL, closed: false },
      { kind: 'rejected', id: 'flood', code: ErrorCode.QUEUE_FULL, closed: false },
    ]);
    expect(relay.stats()).toMatchObject({ published: 4, rateLimited: 2, rejected: 2, participants: 2 });
  });

  it('limits each connection on its own', async () => {
    const clock = new VirtualClock(0);
    const { url } = await relayWith({ clock, rateLimit: { messagesPerSecond: 1, burst: 1 } });
    const a = await participant(url, 'a');
    const b = await participant(url, 'b');
    pub(a, 1);
    pub(a, 2);
    pub(b, 1);
    expect(await answer(a)).toEqual({ type: 'puback', mid: 1 });
    expect(await answer(a)).toMatchObject({ type: 'error', mid: 2 });
    expect(await answer(b)).toEqual({ type: 'puback', mid: 1 });
  });

  it('closes a participant that goes on publishing over its limit with 4029 at its closeAfterRefusals-th refusal, and fires its will', async () => {
    const clock = new VirtualClock(0);
    const { relay, url } = await relayWith({ clock, rateLimit: { messagesPerSecond: 10, burst: 2, closeAfterRefusals: 3 } });
    const watcher = await participant(url, 'watcher');
    watcher.frame({ type: 'sub', sid: 1, filter: 'cm/presence/+', qos: 1 });
    await watcher.next('suback');
    const flood = await participant(url, 'flood', { topic: 'cm/presence/flood', payload: 'gone' });
    const events = firstValueFrom(
      relay.events$.pipe(
        takeWhile((e) => e.kind !== 'left', true),
        filter((e) => e.kind === 'rejected' || e.kind === 'left'),
        toArray(),
      ),
    );

    for (const mid of [1, 2, 3, 4]) pub(flood, mid);
    for (const _ of [1, 2, 3]) await answer(flood);
    expect(await answer(flood)).toMatchObject({ type: 'error', mid: 4 }); // the second refusal of the spell
    clock.advance(100); // one token back: not a full bucket, so the spell goes on
    pub(flood, 5);
    pub(flood, 6);
    expect(await answer(flood)).toEqual({ type: 'puback', mid: 5 });
    expect(await answer(flood)).toMatchObject({ type: 'error', code: ErrorCode.QUEUE_FULL, mid: 6 });
    expect(await flood.closed).toBe(4029);

    expect(await events).toEqual([
      { kind: 'rejected', id: 'flood', code: ErrorCode.QUEUE_FULL, closed: false },
      { kind: 'rejected', id: 'flood', code: ErrorCode.QUEUE_FULL, closed: false },
      { kind: 'rejected', id: 'flood', code: ErrorCode.QUEUE_FULL, closed: true },
      { kind: 'left', id: 'flood', clean: false, will: true },
    ]);
    expect((await watcher.next('msg')).text).toBe('gone');
    expect(relay.stats()).toMatchObject({ rateLimited: 3, participants: 1, wills: 1 });
  });

  it('forgets the refusals of a spell once the bucket is full again', async () => {
    const clock = new VirtualClock(0);
    const { url } = await relayWith({ clock, rateLimit: { messagesPerSecond: 10, burst: 2, closeAfterRefusals: 3 } });
    const client = await participant(url, 'bursty');
    for (const round of [0, 10]) {
      for (const mid of [1, 2, 3, 4]) pub(client, round + mid);
      for (const mid of [1, 2]) expect(await answer(client)).toEqual({ type: 'puback', mid: round + mid });
      for (const mid of [3, 4]) expect(await answer(client)).toMatchObject({ type: 'error', mid: round + mid });
      clock.advance(200); // two tokens: full
    }
    pub(client, 21);
    expect(await answer(client)).toEqual({ type: 'puback', mid: 21 });
  });

  it('counts only publications: subscriptions and pings over the rate still get through', async () => {
    const clock = new VirtualClock(0);
    const { url } = await relayWith({ clock, rateLimit: { messagesPerSecond: 1, burst: 1, closeAfterRefusals: 1 } });
    const client = await participant(url, 'quiet');
    for (const sid of [1, 2, 3]) client.frame({ type: 'sub', sid, filter: `cm/${sid}`, qos: 1 });
    for (const _ of [1, 2, 3]) client.frame({ type: 'ping' });
    for (const _ of [1, 2, 3]) await client.next('pong');
    expect(client.frames.filter((f) => f.header.type === 'suback')).toHaveLength(3);
    pub(client, 1);
    expect(await answer(client)).toEqual({ type: 'puback', mid: 1 });
  });
});

describe('websocket client: publications over the relay rate limit', () => {
  it('rejects a refused QoS 1 publication with CM_ERR_QUEUE_FULL, and reports a refused QoS 0 one on errors$', async () => {
    const clock = new VirtualClock(0);
    const { url } = await relayWith({ clock, rateLimit: { messagesPerSecond: 1, burst: 2, closeAfterRefusals: 10 } });
    const london = createWebSocketTransport({ url, id: 'london', reconnect: false });
    await london.connect();
    await london.publish('cm/x', 'one', { qos: 1 });
    await london.publish('cm/x', 'two', { qos: 1 });
    await expect(london.publish('cm/x', 'three', { qos: 1 })).rejects.toMatchObject({
      name: 'ContactmeshError',
      code: ErrorCode.QUEUE_FULL,
      message: expect.stringMatching(/^The relay refused: Participant "london" publishes faster than the relay's rateLimit/),
    });
    const reported = firstValueFrom(london.errors$);
    await london.publish('cm/x', 'four', { qos: 0 }); // done when written
    expect(await reported).toMatchObject({ code: ErrorCode.QUEUE_FULL, message: expect.stringContaining('"cm/x"') });
    expect(london.state).toBe('connected');
    await london.close();
  });
});

describe('the publication rate limit, for any schedule', () => {
  const schedule = fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 1_000 }), count: fc.integer({ min: 0, max: 10 }) }), {
    maxLength: 40,
  });
  const options = fc.record({
    messagesPerSecond: fc.integer({ min: 1, max: 100 }),
    burst: fc.integer({ min: 1, max: 50 }),
    closeAfterRefusals: fc.constant(Number.MAX_SAFE_INTEGER),
  });

  it('accepts at most burst + messagesPerSecond · t over any span of t seconds', () => {
    fc.assert(
      fc.property(options, schedule, (o, steps) => {
        const clock = new VirtualClock(0);
        const limit = new PublishRateLimit(o, clock);
        const accepted: number[] = [];
        for (const { gapMs, count } of steps) {
          clock.advance(gapMs);
          for (let i = 0; i < count; i++) if (limit.take() === 'accept') accepted.push(clock.now());
        }
        for (let i = 0; i < accepted.length; i++) {
          for (let j = i; j < accepted.length; j++) {
            const span = (accepted[j] ?? 0) - (accepted[i] ?? 0);
            if (j - i + 1 > o.burst + Math.floor((o.messagesPerSecond * span) / 1000)) return false;
          }
        }
        return true;
      }),
    );
  });

  it('never refuses a participant that publishes no faster than messagesPerSecond', () => {
    fc.assert(
      fc.property(options, fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 100 }), (o, extra) => {
        const clock = new VirtualClock(0);
        const limit = new PublishRateLimit(o, clock);
        const interval = Math.ceil(1000 / o.messagesPerSecond);
        return extra.every((more) => {
          clock.advance(interval + more);
          return limit.take() === 'accept';
        });
      }),
    );
  });

  it('by default takes 20,000 publications at once and 10,000 a second after that', () => {
    const clock = new VirtualClock(0);
    const limit = new PublishRateLimit(defaultRateLimit, clock);
    const accepted = (attempts: number) => Array.from({ length: attempts }, () => limit.take()).filter((v) => v === 'accept').length;
    expect(accepted(20_001)).toBe(20_000);
    clock.advance(1000);
    expect(accepted(10_001)).toBe(10_000);
  });
});

describe('websocket relay: rate limit options', () => {
  it.each([
    [{ rateLimit: { messagesPerSecond: 0 } }, /^Option rateLimit\.messagesPerSecond must be an integer of at least 1, got 0\.$/],
    [{ rateLimit: { messagesPerSecond: 5, burst: 0.5 } }, /^Option rateLimit\.burst must be/],
    [{ rateLimit: { closeAfterRefusals: 0 } }, /^Option rateLimit\.closeAfterRefusals must be/],
    [{ rateLimit: { perSecond: 5 } }, /^Option rateLimit\.perSecond must be one of messagesPerSecond, burst, closeAfterRefusals/],
    [{ rateLimit: true }, /^Option rateLimit must be an object/],
  ])('refuses %j with CM_ERR_INVALID_OPTION naming the option', async (options, message) => {
    await expect(createRelay(options as Parameters<typeof createRelay>[0])).rejects.toMatchObject({
      code: ErrorCode.INVALID_OPTION,
      message: expect.stringMatching(message),
    });
  });
});
