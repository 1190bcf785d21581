import fc from 'fast-check';

// JSON text of shapes no real message has, for the fuzz suites (issue: Every door checked,
// report 9): arrays and objects nested thousands deep, objects with thousands of keys, strings
// near the payload limit. Built as text, never as values: a value 20,000 deep is what the code
// under test must not have to walk, and the tests must not either.

/** A field of an envelope that a value may stand in for; `undefined`: the value is the whole payload. */
const places = [undefined, 'body', 'type', 'from', 'id', 'v'] as const;

const inEnvelope = (place: (typeof places)[number], value: string): string =>
  place === undefined
    ? value
    : JSON.stringify({ v: 1, id: 'fz-1', type: 'agent.snapshot', from: 'london/agent/a1', ts: 0, body: {} }).replace(
        place === 'body' ? '"body":{}' : new RegExp(`"${place}":("[^"]*"|\\d+)`),
        () => `"${place}":${value}`,
      );

/** Room left for the nesting or the fields once the envelope around them is written. */
const envelopeBytes = 128;

/**
 * Arrays, objects or both nested `minDepth` to `maxDepth` deep, alone or in a field of an
 * otherwise valid envelope; sometimes closed, sometimes not (a stream cut short). At most
 * `maxBytes` long: levels that would not fit are left out.
 */
export const deeplyNested = ({ minDepth = 1, maxDepth = 20_000, maxBytes = Number.POSITIVE_INFINITY } = {}): fc.Arbitrary<string> =>
  fc
    .record({
      // Unbiased, or nearly every deep case would be shallow: fast-check favours small integers.
      depth: fc.oneof(fc.integer({ min: minDepth, max: Math.min(maxDepth, 100) }), fc.noBias(fc.integer({ min: minDepth, max: maxDepth }))),
      // Which opener each level takes, cycled: [true] is all arrays, [false] all objects.
      pattern: fc.oneof(fc.constant([true]), fc.constant([false]), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 })),
      leaf: fc.constantFrom('0', '"x"', '[]', '{}', 'null', '"[[[{{{"'),
      closed: fc.boolean(),
      place: fc.constantFrom(...places),
    })
    .map(({ depth, pattern, leaf, closed, place }) => {
      const open: string[] = [];
      const close: string[] = [];
      let bytes = envelopeBytes;
      for (let i = 0; i < depth; i++) {
        const array = pattern[i % pattern.length] as boolean;
        bytes += array ? 2 : 6;
        if (bytes > maxBytes) break;
        open.push(array ? '[' : '{"k":');
        close.push(array ? ']' : '}');
      }
      const text = `${open.join('')}${leaf}${closed ? close.reverse().join('') : ''}`;
      return inEnvelope(place, text);
    });

/** An object with thousands of keys (`keys` of them, or as many as fit in `maxBytes`), alone or as a field of an envelope. */
export const wideObject = ({ minKeys = 1_000, maxKeys = 6_000, maxBytes = Number.POSITIVE_INFINITY } = {}): fc.Arbitrary<string> =>
  fc
    .record({
      keys: fc.noBias(fc.integer({ min: minKeys, max: maxKeys })),
      value: fc.constantFrom('0', '"v"', 'null', '[]'),
      place: fc.constantFrom(...places),
    })
    .map(({ keys, value, place }) => {
      const fields: string[] = [];
      let bytes = envelopeBytes;
      for (let i = 0; i < keys; i++) {
        const field = `"k${i}":${value}`;
        bytes += field.length + 1;
        if (bytes > maxBytes) break;
        fields.push(field);
      }
      return inEnvelope(place, `{${fields.join(',')}}`);
    });

/** A payload of `limit` bytes give or take `slack`, nearly all of it one string (ASCII or 3-byte characters). */
export const longString = (limit: number, slack = 64): fc.Arbitrary<string> =>
  fc
    .record({
      over: fc.integer({ min: -slack, max: slack }),
      unit: fc.constantFrom('x', '€', '\\"', '\\u0000'),
      place: fc.constantFrom(...places),
    })
    .map(({ over, unit, place }) => {
      const frame = inEnvelope(place, '""');
      const units = Math.max(0, Math.floor((limit + over - frame.length) / new TextEncoder().encode(unit).byteLength));
      return inEnvelope(place, `"${unit.repeat(units)}"`);
    });

/** Any of the three, for a payload limit of `limit` bytes; none longer than `limit` + 1 KiB. */
export const hostileJson = (limit: number, maxDepth = 20_000): fc.Arbitrary<{ readonly kind: string; readonly text: string }> =>
  fc.oneof(
    deeplyNested({ maxDepth, maxBytes: limit + 1024 }).map((text) => ({ kind: 'deeply nested', text })),
    wideObject({ maxBytes: limit + 1024 }).map((text) => ({ kind: 'wide object', text })),
    longString(limit).map((text) => ({ kind: 'long string', text })),
  );
