import type { PublishOptions } from '@contactmesh/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHubMessage } from '../src/shared/hub-message.js';
import { copyBytes } from '../src/websocket/frame-codec.js';
import { pooledBytes } from '../src/websocket/pooled-bytes.js';
import { checkPublication } from '../src/websocket/publication-check.js';

// checkPublication is toHubMessage without its copy of the payload: the relay keeps the frame's
// bytes, the client copies into pooled memory. It must give toHubMessage's verdict on anything:
// the same refusals, word for word, and the same publication.

const limits = { maxPayloadBytes: 64, maxTopicBytes: 32 };

const topics = fc.oneof(
  fc.constantFrom(
    'cm/demo/inbox/london',
    'cm/+/x',
    'cm/#',
    '',
    'a\u0000b',
    '$share/g/cm/x',
    'x'.repeat(33),
    'é'.repeat(17),
    'é'.repeat(16),
  ),
  fc.string({ maxLength: 40 }),
);
const payloads = fc.oneof(
  fc.integer({ min: 0, max: 2 }).map((d) => new Uint8Array(limits.maxPayloadBytes - 1 + d).fill(d)),
  fc.uint8Array({ maxLength: 80 }),
  fc.string({ maxLength: 80 }),
  fc.constantFrom<unknown>(42, null, undefined, { length: 3 }, [1, 2]),
);
const options = fc.record(
  {
    qos: fc.constantFrom<unknown>(0, 1, 2, '1', undefined),
    retain: fc.constantFrom<unknown>(true, false, 'yes', undefined),
    expirySeconds: fc.constantFrom<unknown>(1, 3600, 0, -5, 1.5, 2 ** 32, 'soon', undefined),
  },
  { requiredKeys: [] },
);

const asBytes = (value: Uint8Array): number[] => [...value];

describe('websocket publication check', () => {
  it('gives toHubMessage’s verdict on any publication, keeping the payload as asked', () => {
    fc.assert(
      fc.property(topics, payloads, options, fc.boolean(), (topic, payload, opts, copy) => {
        const bytes = payload as Uint8Array | string;
        const publishOptions = opts as PublishOptions;
        const keep = copy ? (p: Uint8Array) => copyBytes(p, pooledBytes) : (p: Uint8Array) => p;
        const expected = toHubMessage(topic, bytes, publishOptions, limits);
        const actual = checkPublication(topic, bytes, publishOptions, limits, keep);
        expect(actual.ok).toBe(expected.ok);
        if (actual.ok && expected.ok) {
          expect({ ...actual.value, payload: asBytes(actual.value.payload) }).toEqual({
            ...expected.value,
            payload: asBytes(expected.value.payload),
          });
        }
        if (!actual.ok && !expected.ok) {
          expect({ code: actual.error.code, message: actual.error.message, details: actual.error.details }).toEqual({
            code: expected.error.code,
            message: expected.error.message,
            details: expected.error.details,
          });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the relay’s bytes where they are, and gives a client a copy of its own', () => {
    const payload = new Uint8Array([1, 2, 3]);
    const kept = checkPublication('cm/x', payload, { qos: 1 }, limits, (p) => p);
    const copied = checkPublication('cm/x', payload, { qos: 1 }, limits, (p) => copyBytes(p, pooledBytes));
    expect(kept.ok && kept.value.payload).toBe(payload);
    payload[0] = 9;
    expect(copied.ok && asBytes(copied.value.payload)).toEqual([1, 2, 3]);
  });
});
