import { createMessageSigning, decode, encode, fromBase64url, toBase64url } from '@contactmesh/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signingFor } from './test-keys.js';

// A receiver with signatures on takes a payload only if it decodes and its sender's pinned key
// signed exactly these bytes for exactly this topic. Whatever is changed in a signed payload —
// the envelope, the body, the signature, a byte added, lost or flipped — it is refused.

const keys = signingFor(['london', 'paris']);
const paris = createMessageSigning('paris', keys.paris as NonNullable<typeof keys.paris>);
const london = createMessageSigning('london', keys.london as NonNullable<typeof keys.london>);

const sent = [
  {
    topic: 'cm/acme/replica/paris/agent/p1',
    message: {
      v: 1,
      id: 'paris.1-17',
      type: 'agent.snapshot',
      from: 'paris/agent/p1',
      ts: 1_700_000_000_000,
      body: {
        id: 'p1',
        home: 'paris',
        rev: 4,
        state: 'idle',
        displayName: 'Pia',
        skills: { billing: 7, sales: 3 },
        capacity: { voice: 1 },
        load: {},
        idleSince: 1_700_000_000_000,
        updatedAt: 1_700_000_000_000,
      },
    },
  },
  {
    topic: 'cm/acme/inbox/london/from/paris',
    message: {
      v: 1,
      id: 'paris.1-18',
      type: 'reserve.request',
      from: 'paris/contact/c9',
      to: 'london/agent/l1',
      ts: 1_700_000_000_000,
      body: { requestId: 'r-9', agent: 'l1', contact: 'c9', leaseMs: 3_000 },
    },
  },
] as const;

const signed = sent.map(({ topic, message }) => {
  const bytes = encode(message);
  if (!bytes.ok) throw bytes.error;
  return { topic, payload: paris.seal(topic, bytes.value) };
});

/** What London's runtime does with a payload: decode it, then hold it to its sender's pinned key. */
function taken(topic: string, payload: Uint8Array): boolean {
  const message = decode(payload);
  return message.ok && london.check(topic, payload, message.value.from) === undefined;
}

type Edit =
  | { readonly kind: 'set' | 'insert'; readonly at: number; readonly byte: number }
  | { readonly kind: 'delete'; readonly at: number };

function apply(payload: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let bytes = [...payload];
  for (const edit of edits) {
    const at = edit.at % (bytes.length + (edit.kind === 'insert' ? 1 : 0));
    if (edit.kind === 'set') bytes[at] = edit.byte;
    else if (edit.kind === 'insert') bytes = [...bytes.slice(0, at), edit.byte, ...bytes.slice(at)];
    else bytes = [...bytes.slice(0, at), ...bytes.slice(at + 1)];
  }
  return new Uint8Array(bytes);
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('set' as const, 'insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
);
// Printable bytes as well: a change that keeps the JSON valid is the one that matters.
const printable: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('set' as const, 'insert' as const),
  at: fc.nat(),
  byte: fc.integer({ min: 0x20, max: 0x7e }),
});

describe('a signed payload changed in any way is refused', () => {
  it('takes each payload as it was signed', () => {
    for (const { topic, payload } of signed) expect(taken(topic, payload)).toBe(true);
  });

  it('refuses every payload with bytes set, added or removed anywhere', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...signed),
        fc.array(fc.oneof(edit, printable), { minLength: 1, maxLength: 3 }),
        ({ topic, payload }, edits) => {
          const tampered = apply(payload, edits);
          fc.pre(tampered.length !== payload.length || tampered.some((byte, i) => byte !== payload[i]));
          expect(taken(topic, tampered)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses every payload cut short, and every payload on another topic', () => {
    fc.assert(
      fc.property(fc.constantFrom(...signed), fc.nat(), ({ topic, payload }, cut) => {
        expect(taken(topic, payload.subarray(0, cut % payload.length))).toBe(false);
      }),
    );
    expect(taken('cm/acme/replica/paris/agent/p2', signed[0]?.payload ?? new Uint8Array())).toBe(false);
    expect(taken('cm/other/inbox/london/from/paris', signed[1]?.payload ?? new Uint8Array())).toBe(false);
  });
});

describe('base64url', () => {
  it('writes any bytes as Node does, and reads back only what it wrote', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64url(text)).toEqual(bytes);
      }),
    );
    for (const bad of ['a', 'ab=', 'a+b/', 'AB', 'é0']) expect(fromBase64url(bad)).toBeUndefined();
  });
});
