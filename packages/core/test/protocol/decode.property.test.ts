import fc from 'fast-check';
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ErrorCode, errorCodes } from '../../src/errors/codes.js';
import { ContactmeshError } from '../../src/errors/contactmesh-error.js';
import { EnvelopeCodec } from '../../src/protocol/envelope.js';
import { type CoreMessage, coreMessages, decode, encode, jsonDepth } from '../../src/protocol/index.js';
import {
  agentSnapshot,
  auctionBid,
  auctionEntity,
  commandRequest,
  contactSnapshot,
  handoverRequest,
  presence,
  reserveRequest,
  tombstone,
} from './fixtures.js';
import { deeplyNested, hostileJson, longString, wideObject } from './hostile-json.js';

const valid: CoreMessage[] = [
  agentSnapshot,
  contactSnapshot,
  commandRequest,
  auctionEntity,
  auctionBid,
  handoverRequest,
  presence,
  reserveRequest,
  tombstone,
];

/** What the io-ts codecs alone make of a payload: the message they decode it to, or undefined when they refuse it. */
const byCodecs = (text: string): unknown => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const envelope = EnvelopeCodec.decode(json);
  if (isLeft(envelope)) return undefined;
  const body = coreMessages.codec(envelope.right.type)?.decode(envelope.right.body);
  return body === undefined || isLeft(body) ? undefined : { ...envelope.right, body: body.right };
};

/** decode never throws, and every failure is a ContactmeshError with a documented code. */
const expectCodedResult = (input: Uint8Array | string, maxPayloadBytes?: number) => {
  const result = decode(input, maxPayloadBytes === undefined ? {} : { maxPayloadBytes });
  if (!result.ok) {
    expect(result.error).toBeInstanceOf(ContactmeshError);
    expect(errorCodes).toContain(result.error.code);
  }
  return result;
};

// Replaces the value at one path of a JSON tree with an arbitrary JSON value.
const mutate = (value: unknown, path: readonly number[], replacement: unknown): unknown => {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const [head = 0, ...rest] = path;
  const key = keys[head % keys.length] as string;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...value };
  copy[key] = mutate((value as Record<string, unknown>)[key], rest, replacement);
  return copy;
};

// Adds a field (or an array item) to the object (or array) at one path of a JSON tree.
const widen = (value: unknown, path: readonly number[], key: string, added: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  if (path.length === 0 || keys.length === 0) return Array.isArray(value) ? [...value, added] : { ...value, [key]: added };
  const [head = 0, ...rest] = path;
  const at = keys[head % keys.length] as string;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...value };
  copy[at] = widen((value as Record<string, unknown>)[at], rest, key, added);
  return copy;
};

describe('decode on hostile input (property)', () => {
  it('answers random bytes with a coded error, never an exception', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => void expectCodedResult(bytes)));
  });

  it('answers random strings with a coded error, never an exception', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 512 }), (text) => void expectCodedResult(text)));
  });

  it('answers random JSON with a coded error, never an exception', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'medium' }), (text) => {
        expect(expectCodedResult(text).ok).toBe(false);
      }),
    );
  });

  it('answers valid messages with one field replaced by any JSON value without throwing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        fc.jsonValue(),
        (message, path, replacement) => void expectCodedResult(JSON.stringify(mutate(message, path, replacement))),
      ),
    );
  });

  // decode checks with the codecs' `is` first and runs their `decode` only when `is` refuses: the
  // two must agree on every message, valid or one field away from valid.
  it('accepts exactly what the io-ts codecs accept, as the value they decode it to', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.jsonValue(),
        fc.boolean(),
        fc.string({ maxLength: 12 }),
        (message, path, replacement, add, key) => {
          const changed = add ? widen(message, path, key, replacement) : path.length === 0 ? message : mutate(message, path, replacement);
          const text = JSON.stringify(changed);
          const result = decode(text);
          const expected = byCodecs(text);
          if (result.ok) expect(result.value).toEqual(expected);
          else expect(expected === undefined || result.error.code === ErrorCode.UNSUPPORTED_VERSION).toBe(true);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  // issue: Every door checked, report 9 — arrays ~5,000 deep made decode throw (RangeError) while
  // it built the error's preview. Depth, width and length are all bounded before anything walks them.
  it('answers JSON nested 1 to 20,000 deep with a coded error, refusing anything over maxJsonDepth before parsing', () => {
    fc.assert(
      fc.property(deeplyNested(), (text) => {
        const result = expectCodedResult(text);
        expect(result.ok).toBe(false);
        const bytes = new TextEncoder().encode(text).byteLength;
        if (bytes <= 64 * 1024 && jsonDepth(text) > 64) expect(result.ok || result.error.message).toMatch(/maxJsonDepth/);
      }),
      { numRuns: 300 },
    );
  });

  it('answers objects with thousands of keys and strings near the payload limit with a coded error', () => {
    fc.assert(
      fc.property(fc.oneof(wideObject(), longString(64 * 1024)), (text) => {
        const result = expectCodedResult(text);
        if (new TextEncoder().encode(text).byteLength > 64 * 1024) expect(result.ok || result.error.code).toBe('CM_ERR_PAYLOAD_TOO_LARGE');
      }),
      { numRuns: 200 },
    );
  });

  it('answers hostile JSON with a coded error under any payload and depth limit', () => {
    fc.assert(
      fc.property(
        hostileJson(4_096, 3_000),
        fc.integer({ min: 1, max: 8_192 }),
        fc.integer({ min: 1, max: 5_000 }),
        ({ text }, maxPayloadBytes, maxJsonDepth) => {
          const result = decode(text, { maxPayloadBytes, maxJsonDepth });
          expect(result.ok).toBe(false);
          if (!result.ok) expect(errorCodes).toContain(result.error.code);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses every payload over the limit, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 200 }), (text, limit) => {
        const size = new TextEncoder().encode(text).byteLength;
        const result = expectCodedResult(text, limit);
        if (size > limit) expect(result.ok || result.error.code).toBe('CM_ERR_PAYLOAD_TOO_LARGE');
      }),
    );
  });

  it('round-trips every valid agent snapshot', () => {
    const skill = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/);
    const snapshot = fc.record({
      id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/),
      home: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
      rev: fc.nat(),
      state: fc.constantFrom('loggedOut', 'notReady', 'idle', 'reserved', 'offered', 'busy', 'wrapUp'),
      displayName: fc.string({ maxLength: 40 }),
      skills: fc.dictionary(skill, fc.integer({ min: 1, max: 10 }), { maxKeys: 8 }),
      capacity: fc.record({ voice: fc.integer({ min: 0, max: 1 }), chat: fc.integer({ min: 0, max: 5 }) }, { requiredKeys: [] }),
      load: fc.record({ email: fc.integer({ min: 0, max: 5 }) }, { requiredKeys: [] }),
      idleSince: fc.option(fc.nat(), { nil: null }),
      updatedAt: fc.nat(),
    });
    fc.assert(
      fc.property(snapshot, fc.nat(), (body, ts) => {
        const message: CoreMessage = { v: 1, id: 'm-1', type: 'agent.snapshot', from: `${body.home}/agent/${body.id}`, ts, body };
        const bytes = encode(message);
        expect(bytes.ok).toBe(true);
        if (bytes.ok) expect(decode(bytes.value)).toEqual({ ok: true, value: message });
      }),
    );
  });
});
