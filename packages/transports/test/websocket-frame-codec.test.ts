import { ContactmeshError, ErrorCode, err, ok, type Result } from '@contactmesh/core';
import fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { copyBytes, decodeFrame, encodeFrame, type Frame, freshBytes } from '../src/websocket/frame-codec.js';
import { ClientFrame, RelayFrame } from '../src/websocket/frames.js';
import { MsgFrames } from '../src/websocket/msg-frames.js';
import { pooledBytes } from '../src/websocket/pooled-bytes.js';

// decodeFrame checks a header with the io-ts codec's `is`, which builds nothing, and asks
// `decode` only to word a refusal. The oracle below is the codec's own `decode` on every frame
// (how decodeFrame worked before): the two must agree on every input — what they accept, what
// they decode it to, and how they refuse.

const LF = 0x0a;
const maxBytes = 2048;

function viaDecode(codec: t.Decoder<unknown, unknown>, data: string | Uint8Array, max: number): Result<unknown> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  if (data.length > max || bytes.byteLength > max) return err(new ContactmeshError(ErrorCode.PAYLOAD_TOO_LARGE, 'too large'));
  const end = bytes.indexOf(LF);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(end < 0 ? bytes : bytes.subarray(0, end)));
  } catch {
    return err(new ContactmeshError(ErrorCode.MALFORMED_JSON, 'not JSON'));
  }
  const decoded = codec.decode(json);
  return isRight(decoded) ? ok(decoded.right) : err(new ContactmeshError(ErrorCode.INVALID_MESSAGE, 'invalid'));
}

const clientFrames: readonly object[] = [
  { type: 'hello', v: 1, id: 'london' },
  { type: 'hello', v: 1, id: 'paris', will: { topic: 'cm/demo/presence/paris', qos: 1, retain: true } },
  { type: 'sub', sid: 1, filter: 'cm/demo/+/inbox', qos: 1 },
  { type: 'unsub', sid: 7 },
  { type: 'pub', mid: 12, topic: 'cm/demo/inbox/london', qos: 0, retain: false },
  { type: 'bye' },
  { type: 'ping' },
];
const relayFrames: readonly object[] = [
  { type: 'welcome', v: 1, maxPayloadBytes: 65_536 },
  { type: 'suback', sid: 3 },
  { type: 'puback', mid: 9 },
  { type: 'msg', sid: 2, topic: 'cm/demo/status/a', qos: 1, retained: true },
  { type: 'error', code: 'CM_ERR_QUEUE_FULL', message: 'slow down', mid: 4 },
  { type: 'error', code: 'CM_ERR_INVALID_TOPIC', message: 'no', sid: 5 },
  { type: 'pong' },
];

const keys = [
  'type',
  'v',
  'id',
  'will',
  'sid',
  'mid',
  'filter',
  'topic',
  'qos',
  'retain',
  'retained',
  'code',
  'message',
  'maxPayloadBytes',
  'extra',
];
const edgeValues = fc.constantFrom<unknown>(
  0,
  1,
  2,
  -1,
  1.5,
  '1',
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  '',
  'x'.repeat(129),
  'x'.repeat(65),
  null,
  true,
  false,
  [],
  {},
  'pub',
  'msg',
);
const anyValue = fc.oneof(edgeValues, fc.jsonValue({ maxDepth: 2 }));

/** A frame with one of its fields (maybe inside `will`) replaced or removed, or another field added; or any JSON. */
const mutated = (frames: readonly object[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(...frames),
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...frames),
          fc.nat(),
          fc.oneof({ weight: 3, arbitrary: edgeValues }, anyValue, fc.constant(undefined)),
          fc.boolean(),
        )
        .map(([frame, pick, value, inWill]) => {
          const copy: Record<string, unknown> = structuredClone(frame) as Record<string, unknown>;
          const target = inWill && typeof copy.will === 'object' && copy.will !== null ? (copy.will as Record<string, unknown>) : copy;
          // Mostly a field the frame has: that is where a lax check would let a bad value through.
          const own = Object.keys(target);
          const key = pick % 4 === 0 ? (keys[pick % keys.length] ?? 'extra') : (own[pick % own.length] ?? 'type');
          if (value === undefined) delete target[key];
          else target[key] = value;
          return copy;
        }),
    },
    anyValue,
  );

/** Frame bytes: a header, maybe a payload; or bytes and text that are no frame at all. */
const framesOf = (headers: fc.Arbitrary<unknown>): fc.Arbitrary<string | Uint8Array> =>
  fc.oneof(
    fc.tuple(headers, fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined })).map(([header, payload]) => {
      const json = JSON.stringify(header) ?? 'undefined';
      return payload === undefined ? json : join(json, payload);
    }),
    fc.uint8Array({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.constant('x'.repeat(maxBytes + 1)),
  );

const join = (json: string, payload: Uint8Array): Uint8Array => {
  const head = new TextEncoder().encode(json);
  const frame = new Uint8Array(head.byteLength + 1 + payload.byteLength);
  frame.set(head);
  frame[head.byteLength] = LF;
  frame.set(payload, head.byteLength + 1);
  return frame;
};

function expectSameVerdict<H>(codec: t.Type<H, unknown>, data: string | Uint8Array): void {
  const fast: Result<Frame<H>> = decodeFrame(codec, data, maxBytes);
  const oracle = viaDecode(codec, data, maxBytes);
  expect(fast.ok).toBe(oracle.ok);
  if (fast.ok && oracle.ok) {
    expect(fast.value.header).toEqual(oracle.value);
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const end = bytes.indexOf(LF);
    expect([...fast.value.payload]).toEqual(end < 0 ? [] : [...bytes.subarray(end + 1)]);
  }
  if (!fast.ok && !oracle.ok) expect(fast.error.code).toBe(oracle.error.code);
}

describe('websocket frame codec', () => {
  it('accepts and refuses exactly the client frames the io-ts codec does, decoding them to the same values', () => {
    fc.assert(
      fc.property(framesOf(mutated(clientFrames)), (data) => expectSameVerdict(ClientFrame, data)),
      { numRuns: 2000 },
    );
  });

  it('accepts and refuses exactly the relay frames the io-ts codec does, decoding them to the same values', () => {
    fc.assert(
      fc.property(framesOf(mutated(relayFrames)), (data) => expectSameVerdict(RelayFrame, data)),
      { numRuns: 2000 },
    );
  });

  it('still names the field of a refused frame, with what it got', () => {
    const decoded = decodeFrame(ClientFrame, JSON.stringify({ type: 'pub', mid: 1, topic: 'cm/x', qos: 2, retain: false }), maxBytes);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.error).toMatchObject({ code: ErrorCode.INVALID_MESSAGE, details: { path: 'qos', value: 2 } });
    expect(decoded.error.message).toBe('Invalid relay frame at qos: got 2; see docs/transports.md for the frames.');
  });

  it('gives the payload as a plain Uint8Array over the frame, even from a Node Buffer', () => {
    const data = Buffer.from('{"type":"msg","sid":1,"topic":"cm/x","qos":0,"retained":false}\nhello');
    const decoded = decodeFrame(RelayFrame, data, maxBytes);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(Buffer.isBuffer(decoded.value.payload)).toBe(false);
    expect(new TextDecoder().decode(decoded.value.payload)).toBe('hello');
    expect(decoded.value.payload.buffer).toBe(data.buffer);
  });

  it('encodes every byte of a frame in pooled memory as a fresh encoding does, whatever the header holds', () => {
    const header = fc.record({ type: fc.constant('pub'), mid: fc.nat(), topic: fc.string({ unit: 'binary', maxLength: 40 }) });
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 300 }), (h, payload) => {
        const expected = join(JSON.stringify(h), payload);
        expect([...(encodeFrame(h, payload, pooledBytes) as Uint8Array)]).toEqual([...expected]);
        expect([...(encodeFrame(h, payload, freshBytes) as Uint8Array)]).toEqual([...expected]);
      }),
      { numRuns: 500 },
    );
  });

  it('encodes a msg frame as JSON.stringify would, once for every subscription with the same id, QoS and flag', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
        fc.uint8Array({ maxLength: 100 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom<0 | 1>(0, 1), fc.boolean()), { minLength: 1, maxLength: 6 }),
        (topic, payload, subscriptions) => {
          const frames = new MsgFrames(topic, payload);
          for (const [sid, qos, retained] of subscriptions) {
            const frame = frames.frame(sid, qos, retained);
            expect([...frame]).toEqual([...join(JSON.stringify({ type: 'msg', sid, topic, qos, retained }), payload)]);
            expect(frames.frame(sid, qos, retained)).toBe(frame);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('copies bytes for a receiver that keeps them: later changes to the source do not reach the copy', () => {
    const source = new Uint8Array([1, 2, 3]);
    const copy = copyBytes(source, pooledBytes);
    source[0] = 9;
    expect([...copy]).toEqual([1, 2, 3]);
    expect(Buffer.isBuffer(copy)).toBe(false);
  });
});
