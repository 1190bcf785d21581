import { type Centre, coreMessages, decode, type Envelope, type ErrorCode, type Transport, topicMatches } from '@contactmesh/core';
import { createRelay, createWebSocketTransport, type Relay } from '@contactmesh/transports/websocket';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deeplyNested, hostileJson, longString, wideObject } from '../../packages/core/test/protocol/hostile-json.js';
import { decodeFrame } from '../../packages/transports/src/websocket/frame-codec.js';
import { ClientFrame } from '../../packages/transports/src/websocket/frames.js';
import { RawRelayClient } from '../../packages/transports/test/support/raw-relay-client.js';
import { type Backend, embeddedMqttTransport, type RealTransport, realNetworkOf, staff, websocketTransport } from './real-network.js';

// DESIGN.md §7: every inbound byte is untrusted, and a bad message becomes a counted, reported
// event — never a crash. A fuzzer (a bare participant on the same broker or relay) publishes
// malformed payloads to every topic the centres listen on; raw sockets send malformed frames to the
// relay. Afterwards every bad message is counted with its code, and valid traffic still flows.

const encoder = new TextEncoder();
const maxPayloadBytes = 64 * 1024; // the centres' (default) limit
type Counts = Partial<Record<ErrorCode, number>>;

// Nothing may escape to the process, on any test of this file.
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);
beforeEach(() => {
  escaped.length = 0;
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
afterEach(() => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
  expect(escaped).toEqual([]);
});

/** A real transport whose backend the test keeps, and whose centres' subscriptions are recorded (filter by filter, once per subscribe). */
function recorded(real: RealTransport) {
  const filters = new Map<string, string[]>();
  let opened: Backend | undefined;
  const transport: RealTransport = {
    name: real.name,
    async open(network) {
      const backend = await real.open(network);
      opened = backend;
      return {
        ...backend,
        transport(centre) {
          const inner = backend.transport(centre);
          const own: string[] = [];
          filters.set(centre, own);
          // Methods run on the real object (its private fields); only subscribe is watched.
          return new Proxy(inner, {
            get(target, key) {
              const value = Reflect.get(target, key, target) as unknown;
              if (key === 'subscribe') {
                return (filter: string, options?: Parameters<Transport['subscribe']>[1]) => {
                  own.push(filter);
                  return target.subscribe(filter, options);
                };
              }
              return typeof value === 'function' ? value.bind(target) : value;
            },
          });
        },
        participant: (id, limits) => backend.participant(id, limits),
        subscribed: () => backend.subscribed(),
        crash: (centre) => backend.crash(centre),
        close: () => backend.close(),
      };
    },
  };
  const backend = () => {
    if (opened === undefined) throw new Error('no backend opened yet');
    return opened;
  };
  return { transport, filters, backend };
}

/** A topic `filter` matches: each `+` a level, `#` none to two. */
const topicIn = (filter: string): fc.Arbitrary<string> => {
  const level = fc.oneof(fc.constantFrom('london', 'paris', 'agent', 'contact', 'bids', 'x'), fc.stringMatching(/^[a-z0-9._:-]{1,10}$/));
  const levels = filter.split('/');
  return fc
    .tuple(
      fc.tuple(...levels.map((l) => (l === '+' ? level : fc.constant(l)))),
      fc.array(level, { maxLength: levels.at(-1) === '#' ? 2 : 0 }),
    )
    .map(([fixed, tail]) => (fixed.at(-1) === '#' ? [...fixed.slice(0, -1), ...tail] : fixed).join('/'));
};

const stringify = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return 'null';
  }
};

/** Replaces (or, with `undefined`, deletes) the value at one path of a JSON tree. */
const mutate = (value: unknown, path: readonly number[], replacement: unknown): unknown => {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const [head = 0, ...rest] = path;
  const key = keys[head % keys.length] as string;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...value };
  const next = mutate((value as Record<string, unknown>)[key], rest, replacement);
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy;
};

const types = Object.keys(coreMessages.bodies);
const envelopeFields = ['v', 'id', 'type', 'from', 'to', 'ts', 'body'] as const;
// Field names the bodies use, so random bodies get past the first field now and then.
const bodyFields = ['id', 'home', 'owner', 'rev', 'state', 'centre', 'status', 'agent', 'contact', 'requestId', 'auctionId', 'bidId'];

/** A bad payload and what kind it is; printed short in a counterexample (oversized ones are 64 KiB). */
interface Bad {
  readonly kind: string;
  readonly bytes: Uint8Array;
  readonly [fc.toStringMethod]: () => string;
}
const bad =
  (kind: string) =>
  (bytes: Uint8Array): Bad => ({
    kind,
    bytes,
    [fc.toStringMethod]: () => `${kind}(${bytes.byteLength} B: ${JSON.stringify(new TextDecoder().decode(bytes.subarray(0, 120)))})`,
  });

/** Payloads no centre may accept, of every kind (filtered by `decode`, which says what the centres must count). */
function badPayloads(samples: readonly Envelope[]): fc.Arbitrary<Bad> {
  const base = { v: 1, id: 'fz-1', type: 'presence', from: 'fuzz/runtime/main', ts: 0, body: {} };
  const sample = samples.length > 0 ? fc.constantFrom(...samples) : fc.constant(base as Envelope);
  const json = (kind: string, arb: fc.Arbitrary<unknown>) => arb.map((v) => bad(kind)(encoder.encode(stringify(v))));
  return fc
    .oneof(
      fc.uint8Array({ minLength: 1, maxLength: 300 }).map(bad('bytes')),
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 300 })
        .map((s) => encoder.encode(s))
        .map(bad('text')),
      fc
        .json()
        .map((s) => encoder.encode(s))
        .map(bad('json')),
      json('anything', fc.anything()),
      json(
        'envelope with a field missing or replaced',
        fc
          .tuple(fc.constantFrom(...envelopeFields), fc.option(fc.jsonValue()))
          .map(([f, v]) => mutate(base, [envelopeFields.indexOf(f)], v ?? undefined)),
      ),
      json(
        'another version',
        fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)).map((v) => ({ ...base, v })),
      ),
      json(
        'unknown type',
        fc.stringMatching(/^[a-z][a-zA-Z]{0,8}(\.[a-z][a-zA-Z]{0,8})?$/).map((type) => ({ ...base, type })),
      ),
      json(
        'registered type, random body',
        fc
          .tuple(fc.constantFrom(...types), fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...bodyFields), fc.jsonValue())))
          .map(([type, body]) => ({ ...base, type, body })),
      ),
      json(
        'real message, one value replaced or removed',
        fc
          .tuple(sample, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.option(fc.jsonValue()))
          .map(([m, path, v]) => mutate(m, path, v ?? undefined)),
      ),
      // a real message padded over the limit with whitespace: valid JSON, but too big
      fc.tuple(sample, fc.integer({ min: 1, max: 1024 })).map(([m, over]) => {
        const text = stringify(m);
        return bad('oversized')(encoder.encode(`${text}${' '.repeat(maxPayloadBytes - text.length + over)}`));
      }),
      // issue: Every door checked, report 9 — arrays ~5,000 deep once ended a centre's inbox or
      // replica subscription: nesting 1 to 20,000 deep, thousands of keys, strings near the limit.
      { arbitrary: hostileJson(maxPayloadBytes).map(({ kind, text }) => bad(kind)(encoder.encode(text))), weight: 3 },
    )
    .filter(({ bytes }) => bytes.byteLength > 0 && !decode(bytes).ok);
}

const codeOf = (bytes: Uint8Array): ErrorCode => {
  const result = decode(bytes);
  if (result.ok) throw new Error('a valid payload among the bad ones');
  return result.error.code;
};
const add = (counts: Counts, code: ErrorCode, n = 1) => {
  if (n > 0) counts[code] = (counts[code] ?? 0) + n;
};
const sum = (counts: Counts) => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
const since = (now: Counts, before: Counts): Counts => {
  const out: Counts = {};
  for (const [code, n] of Object.entries(now) as [ErrorCode, number][]) add(out, code, n - (before[code] ?? 0));
  return out;
};

describe.each([embeddedMqttTransport, websocketTransport].map((t) => [t.name, t] as const))(
  'fuzzing the centres over %s',
  { timeout: 30_000 },
  (_, real) => {
    it('counts every malformed payload on every topic a centre listens on, with its code, and keeps routing', async () => {
      const tapped = recorded(real);
      const ids = ['london', 'paris'];
      // Auctions of a queue nobody uses: the desk listens for bids, contacts are still routed.
      const net = await realNetworkOf(tapped.transport, ids, {
        auctions: { london: { queues: ['sales'] }, paris: { queues: ['sales'] } },
      });
      const backend = tapped.backend();
      const fuzzer = backend.participant('fuzzer', { maxPayloadBytes: maxPayloadBytes + 4096 });
      const problems: unknown[] = [];
      const rejectedEvents = new Map<string, Counts>(ids.map((id) => [id, {}]));
      for (const id of ids) {
        net.centre(id).events$.subscribe((event) => {
          if (event.type === 'actor.failed' || event.type === 'subscription.failed' || event.type === 'effect.failed') problems.push(event);
          if (event.type === 'message.rejected') add(rejectedEvents.get(id) as Counts, event.code);
        });
      }
      try {
        await fuzzer.connect();
        // Real messages to mutate: whatever the network says while a contact is routed.
        const samples = new Map<string, Envelope>();
        fuzzer.subscribe(`cm/${net.network}/#`).subscribe((m) => {
          const message = decode(m.payload);
          if (message.ok && !samples.has(message.value.type)) samples.set(message.value.type, message.value);
        });
        await backend.subscribed();
        staff(net, 'paris', 'p1');
        await net.until(() => net.centre('london').replicas.agent('paris', 'p1')?.state === 'idle', 'London sees p1 idle');
        net.arrive('london', 'c1');
        await net.until(() => net.log.offers.some((o) => o.contact === 'c1' && o.centre === 'paris'), 'c1 is offered to p1 in Paris');

        const listened = [...new Set([...tapped.filters.values()].flat())];
        const relative = listened.map((f) => f.slice(`cm/${net.network}/`.length)).sort();
        expect(relative).toEqual(
          expect.arrayContaining([
            'inbox/london/from/+',
            'inbox/paris/from/+',
            'presence/+',
            'replica/#',
            'auction/+/+',
            'auction/london/+/bids/+',
          ]),
        );
        const centre = (id: string): Centre => net.centre(id);
        const rejected = (id: string): Counts => ({ ...centre(id).runtime.stats().rejected });
        const relayRejected = () => backend.relay?.stats().rejected ?? 0;
        const totals = { runs: 0, published: 0, refusedByRelay: 0, deliveries: 0 };
        const started = ids.map((id) => [id, rejected(id)] as const);

        const cases = fc.array(fc.tuple(fc.constantFrom(...listened).chain(topicIn), badPayloads([...samples.values()])), {
          minLength: 5,
          maxLength: 30,
        });
        await fc.assert(
          fc.asyncProperty(cases, async (batch) => {
            const before = new Map(ids.map((id) => [id, rejected(id)]));
            const relayBefore = relayRejected();
            const outcomes = await Promise.allSettled(batch.map(([topic, payload]) => fuzzer.publish(topic, payload.bytes, { qos: 1 })));
            // What each centre must count: one per subscription of its matching the topic, with decode's code.
            const expected = new Map<string, Counts>(ids.map((id) => [id, {}]));
            let refused = 0;
            batch.forEach(([topic, payload], i) => {
              const outcome = outcomes[i];
              if (outcome?.status === 'rejected') {
                // Only the relay refuses: a payload over its limit (the broker takes it).
                expect(backend.relay).toBeDefined();
                expect(outcome.reason).toMatchObject({ code: 'CM_ERR_PAYLOAD_TOO_LARGE' });
                refused += 1;
                return;
              }
              for (const id of ids) {
                const n = (tapped.filters.get(id) ?? []).filter((f) => topicMatches(f, topic)).length;
                add(expected.get(id) as Counts, codeOf(payload.bytes), n);
                totals.deliveries += n;
              }
            });
            expect(relayRejected() - relayBefore).toBe(refused);
            const counted = () => ids.every((id) => sum(since(rejected(id), before.get(id) ?? {})) >= sum(expected.get(id) ?? {}));
            await net.until(counted, 'every centre counted every bad payload it was sent', () => ({
              expected: Object.fromEntries(expected),
              counted: Object.fromEntries(ids.map((id) => [id, since(rejected(id), before.get(id) ?? {})])),
            }));
            for (const id of ids) expect(since(rejected(id), before.get(id) ?? {}), id).toEqual(expected.get(id));
            expect(problems).toEqual([]);
            totals.runs += 1;
            totals.published += batch.length;
            totals.refusedByRelay += refused;
          }),
          // A failing run waits out `until` (5 s): report it without shrinking, which would wait again for each step.
          { numRuns: 30, endOnFailure: true },
        );

        // Stats and events agree, and nothing failed.
        for (const [id, before] of started) expect(rejectedEvents.get(id)).toEqual(since(rejected(id), before));
        expect(problems).toEqual([]);
        for (const id of ids) expect(centre(id).runtime.snapshot(`${id}/router/main`)?.status).toBe('active');

        // Valid traffic still flows: a contact arriving in London goes to Paris's idle agent.
        staff(net, 'paris', 'p2');
        await net.until(() => net.centre('london').replicas.agent('paris', 'p2')?.state === 'idle', 'London sees p2 idle');
        net.arrive('london', 'c2');
        await net.until(
          () => net.log.offers.some((o) => o.contact === 'c2' && o.agent === 'p2' && o.centre === 'paris'),
          'c2 is offered to p2',
        );
        expect(net.log.failures).toEqual([]);
        expect(totals.runs).toBe(30);
        expect(totals.published).toBeGreaterThan(100);
      } finally {
        await fuzzer.close();
        await net.stop();
      }
    });
  },
);

// ---------------------------------------------------------------------------------------------
// The relay, from raw sockets.

const frameBytes = 1024 + 4096; // maxFrameBytes of a relay with maxPayloadBytes 1024
const validFrames: readonly object[] = [
  { type: 'hello', v: 1, id: 'fz', will: { topic: 'cm/fz/will', qos: 1, retain: false } },
  { type: 'sub', sid: 1, filter: 'cm/fz/#', qos: 1 },
  { type: 'unsub', sid: 1 },
  { type: 'pub', mid: 1, topic: 'cm/fz/x', qos: 1, retain: false },
  { type: 'bye' },
];

/** A frame to send, as the relay will see its bytes, and printed short. */
interface RawFrame {
  readonly kind: string;
  readonly data: string | Buffer;
  readonly [fc.toStringMethod]: () => string;
}
const raw =
  (kind: string) =>
  (data: string | Buffer): RawFrame => ({
    kind,
    data,
    [fc.toStringMethod]: () =>
      `${kind}(${data.length}: ${JSON.stringify(typeof data === 'string' ? data.slice(0, 120) : data.subarray(0, 120).toString())})`,
  });
const bytesOf = (frame: RawFrame) => (typeof frame.data === 'string' ? Buffer.from(frame.data) : frame.data);
/** What the relay must answer (its own codec is the oracle): the code of the refusal, or undefined for a valid frame. */
const frameCode = (frame: RawFrame): ErrorCode | undefined => {
  const decoded = decodeFrame(ClientFrame, bytesOf(frame), frameBytes);
  return decoded.ok ? undefined : decoded.error.code;
};

/** Frames the relay must refuse one by one with an error frame, the connection staying open. */
const badFrames: fc.Arbitrary<RawFrame> = fc
  .oneof(
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => raw('bytes')(Buffer.from(b))),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }).map(raw('text')),
    fc.anything().map((v) => raw('json of anything')(stringify(v))),
    fc
      .tuple(fc.constantFrom(...validFrames), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.option(fc.jsonValue()))
      .map(([f, path, v]) => raw('frame with a field replaced or removed')(stringify(mutate(f, path, v ?? undefined)))),
    fc
      .tuple(
        fc.constantFrom(...validFrames),
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        fc.jsonValue(),
        fc.uint8Array({ maxLength: 200 }),
      )
      .map(([f, path, v, payload]) =>
        raw('frame with a payload and a bad header')(
          Buffer.concat([Buffer.from(stringify(mutate(f, path, v))), Buffer.from([0x0a]), payload]),
        ),
      ),
    // issue: Every door checked, report 9 — one deep text frame, even before hello, crashed the relay.
    fc.noBias(fc.integer({ min: 1, max: 2_500 })).map((depth) => raw('arrays nested deep')(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
    deeplyNested({ maxDepth: 800 }).map(raw('header nested deep')),
    wideObject({ minKeys: 100, maxKeys: 500 }).map(raw('header with hundreds of keys')),
    longString(frameBytes - 128).map(raw('header with a long string')),
  )
  .filter((frame) => bytesOf(frame).byteLength <= frameBytes && frameCode(frame) !== undefined);

/** How a connection ends: what the relay answers, and the close code if it closes it. */
type Ending =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'valid frame before hello'; readonly frame: object }
  | { readonly kind: 'second hello' }
  | { readonly kind: 'huge frame'; readonly size: number; readonly text: boolean }
  | { readonly kind: 'text frame that is not UTF-8'; readonly bytes: Uint8Array };
const endings = (hello: boolean): fc.Arbitrary<Ending> =>
  fc.oneof(
    fc.constant({ kind: 'nothing' } as const),
    hello
      ? fc.constant({ kind: 'second hello' } as const)
      : fc.constantFrom(...validFrames.slice(1)).map((frame) => ({ kind: 'valid frame before hello', frame }) as const),
    fc.record({
      kind: fc.constant('huge frame' as const),
      size: fc.integer({ min: frameBytes + 1, max: frameBytes + 4096 }),
      text: fc.boolean(),
    }),
    fc
      .uint8Array({ minLength: 1, maxLength: 20 })
      .map((b) => ({ kind: 'text frame that is not UTF-8', bytes: Uint8Array.from([0xc3, 0x28, ...b]) }) as const),
  );

describe('fuzzing the relay', () => {
  it('refuses every malformed frame with a coded, counted answer, closes on what it cannot read, and keeps serving', async () => {
    const relay: Relay = await createRelay({ limits: { maxPayloadBytes: 1024 } });
    const rejectedEvents: Counts = {};
    relay.events$.subscribe((event) => {
      if (event.kind === 'rejected') add(rejectedEvents, event.code);
    });
    const url = relay.url ?? '';
    const clients: RawRelayClient[] = [];
    const totals = { runs: 0, frames: 0, closed: 0 };
    let n = 0;
    try {
      const runs = fc.boolean().chain((hello) => fc.tuple(fc.constant(hello), fc.array(badFrames, { maxLength: 20 }), endings(hello)));
      await fc.assert(
        fc.asyncProperty(runs, async ([hello, frames, ending]) => {
          const client = await RawRelayClient.open(url);
          clients.push(client);
          const before = relay.stats().rejected;
          const eventsBefore = { ...rejectedEvents };
          if (hello) await client.hello(`fz-${++n}`);
          // A stranger (no hello yet) gets one answer to the first frame the relay cannot take, then is closed (1008).
          const answered = hello ? frames : frames.slice(0, 1);
          for (const frame of answered) client.send(frame.data);
          const expected: Counts = {};
          for (const frame of answered) {
            const code = frameCode(frame) as ErrorCode;
            add(expected, code);
            expect((await client.next('error')).header, frame.kind).toMatchObject({ code });
          }
          const stranger = !hello && frames.length > 0;
          let close: number | undefined = stranger ? 1008 : undefined;
          // The ending happens only on a connection still open.
          const last: Ending = stranger ? { kind: 'nothing' } : ending;
          switch (last.kind) {
            case 'nothing':
              break;
            case 'second hello':
              client.frame({ type: 'hello', v: 1, id: 'again' });
              expect((await client.next('error')).header).toMatchObject({ code: 'CM_ERR_INVALID_STATE' });
              add(expected, 'CM_ERR_INVALID_STATE' as ErrorCode);
              break;
            case 'valid frame before hello':
              client.frame(last.frame);
              expect((await client.next('error')).header).toMatchObject({ code: 'CM_ERR_INVALID_STATE' });
              add(expected, 'CM_ERR_INVALID_STATE' as ErrorCode);
              close = 1008;
              break;
            case 'huge frame':
              client.send(last.text ? 'x'.repeat(last.size) : Buffer.alloc(last.size, 0x7b));
              add(expected, 'CM_ERR_PAYLOAD_TOO_LARGE' as ErrorCode);
              close = 1009;
              break;
            case 'text frame that is not UTF-8':
              client.socket.send(Buffer.from(last.bytes), { binary: false });
              add(expected, 'CM_ERR_MALFORMED_JSON' as ErrorCode);
              close = 1007;
              break;
          }
          if (close === undefined) client.socket.terminate();
          else expect(await client.closed, last.kind).toBe(close);
          expect(relay.stats().rejected - before).toBe(sum(expected));
          expect(since(rejectedEvents, eventsBefore)).toEqual(expected);
          totals.runs += 1;
          totals.frames += answered.length + (stranger || ending.kind === 'nothing' ? 0 : 1);
          if (close !== undefined) totals.closed += 1;
        }),
        { numRuns: 60 },
      );

      // A normal pair of clients still gets through.
      const alice = createWebSocketTransport({ url, id: 'alice', reconnect: false });
      const bob = createWebSocketTransport({ url, id: 'bob', reconnect: false });
      try {
        await Promise.all([alice.connect(), bob.connect()]);
        const got = new Promise<string>((resolve) =>
          bob.subscribe('cm/ok/#').subscribe((m) => resolve(new TextDecoder().decode(m.payload))),
        );
        await bob.subscribed();
        await alice.publish('cm/ok/x', 'still here', { qos: 1 });
        expect(await got).toBe('still here');
      } finally {
        await Promise.all([alice.close(), bob.close()]);
      }
      expect(totals.runs).toBe(60);
      expect(relay.stats()).toMatchObject({ participants: 0, rejected: sum(rejectedEvents) });
    } finally {
      for (const client of clients) client.socket.terminate();
      await relay.close();
    }
  });

  // issue: Every door checked, report 9 — one text frame of arrays ~5,000 deep, even before hello,
  // crashed the relay's process and dropped every participant. Frames up to the default limits.
  it('answers text frames nested up to 20,000 deep, with thousands of keys or long strings, while others talk on', async () => {
    const relay: Relay = await createRelay({ port: 0 });
    const limit = 64 * 1024;
    const maxFrameBytes = limit + 4096; // the default: maxPayloadBytes + 4 KiB
    const url = relay.url ?? '';
    const alice = createWebSocketTransport({ url, id: 'alice', reconnect: false });
    const bob = createWebSocketTransport({ url, id: 'bob', reconnect: false });
    const clients: RawRelayClient[] = [];
    let n = 0;
    try {
      await Promise.all([alice.connect(), bob.connect()]);
      const heard = new Set<string>();
      const waiting = new Map<string, () => void>();
      bob.subscribe('cm/ok/#').subscribe((m) => {
        const text = new TextDecoder().decode(m.payload);
        heard.add(text);
        waiting.get(text)?.();
      });
      await bob.subscribed();
      const exchange = async (text: string) => {
        const got = new Promise<void>((resolve) => (heard.has(text) ? resolve() : waiting.set(text, resolve)));
        await alice.publish('cm/ok/x', text, { qos: 1 });
        await got;
      };
      const frames = fc.oneof(
        hostileJson(limit).map(({ kind, text }) => raw(kind)(text)),
        // What took the relay down: nothing but arrays, the whole frame.
        fc
          .noBias(fc.integer({ min: 1, max: 20_000 }))
          .map((depth) => raw('arrays nested deep')(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
      );
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.array(frames, { minLength: 1, maxLength: 4 }), async (hello, batch) => {
          const client = await RawRelayClient.open(url);
          clients.push(client);
          if (hello) await client.hello(`deep-${++n}`);
          // A stranger gets one answer, then is closed (1008); a participant is answered every time.
          const answered = hello ? batch : batch.slice(0, 1);
          for (const frame of answered) client.send(frame.data);
          for (const frame of answered) {
            // The relay's own codec is the oracle; none of these is a frame the relay may take.
            const decoded = decodeFrame(ClientFrame, bytesOf(frame), maxFrameBytes);
            expect(decoded.ok, frame.kind).toBe(false);
            const code = decoded.ok ? undefined : decoded.error.code;
            expect((await client.next('error')).header, frame.kind).toMatchObject({ type: 'error', code });
          }
          if (!hello) expect(await client.closed).toBe(1008);
          await exchange(`after run ${n}-${batch.length}-${clients.length}`);
          client.socket.terminate();
        }),
        { numRuns: 30 },
      );
      expect([alice.state, bob.state]).toEqual(['connected', 'connected']);
      await exchange('still here');
    } finally {
      for (const client of clients) client.socket.terminate();
      await Promise.all([alice.close(), bob.close()]);
      await relay.close();
    }
  });
});
