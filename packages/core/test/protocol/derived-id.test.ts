import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivedId } from '../../src/protocol/derived-id.js';
import { ObjectId } from '../../src/protocol/primitives.js';

const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);

describe('derivedId', () => {
  it('is base:suffix when that fits', () => {
    expect(derivedId('a1', 7)).toBe('a1:7');
  });

  it('is always a valid id, the same for the same parts, and different for different bases (property)', () => {
    fc.assert(
      fc.property(id, id, fc.nat(), (a, b, n) => {
        const made = derivedId(a, n);
        expect(ObjectId.is(made)).toBe(true);
        expect(derivedId(a, n)).toBe(made);
        if (a !== b) expect(derivedId(b, n)).not.toBe(made);
      }),
    );
  });
});
