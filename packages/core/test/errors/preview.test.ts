import { describe, expect, it } from 'vitest';
import { preview } from '../../src/errors/preview.js';

// issue: Every door checked, report 9 — `preview` fell back to String(value), which recurses
// through nested arrays until the stack runs out, so building an error about a deep value threw.

/** An array nested `depth` deep, built without recursion. */
const nested = (depth: number): unknown[] => {
  let value: unknown[] = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
};

describe('preview', () => {
  it('shows JSON values as JSON', () => {
    expect(preview({ rev: -1, state: 'idle', skills: ['a', 'b'], at: null, ok: true })).toBe(
      '{"rev":-1,"state":"idle","skills":["a","b"],"at":null,"ok":true}',
    );
    expect(preview('text')).toBe('"text"');
    expect(preview(-1)).toBe('-1');
    expect(preview(undefined)).toBe('undefined');
    expect(preview({ a: undefined, b: [undefined, () => 1], c: Symbol('c') })).toBe('{"b":[null,null]}');
  });

  it('shortens to at most `max` characters, ending in an ellipsis', () => {
    expect(preview('x'.repeat(1_000), 20)).toBe(`"${'x'.repeat(18)}…`);
    expect(preview(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))).length).toBe(80);
  });

  it('shows a 100,000-deep array in a short string, without throwing', () => {
    const text = preview(nested(100_000));
    expect(text).toBe(`${'['.repeat(79)}…`);
  });

  it('shows a cyclic object without throwing, marking the cycle', () => {
    const cyclic: Record<string, unknown> = { id: 'a1' };
    cyclic.self = cyclic;
    expect(preview(cyclic)).toBe('{"id":"a1","self":"[Circular]"}');
    const list: unknown[] = [1];
    list.push(list);
    expect(preview(list)).toBe('[1,"[Circular]"]');
  });

  it('shows a value seen twice, but not inside itself, in full', () => {
    const shared = { n: 1 };
    expect(preview([shared, shared])).toBe('[{"n":1},{"n":1}]');
  });

  it.each([
    [10n, '10n'],
    [{ big: 2n ** 64n }, '{"big":18446744073709551616n}'],
    [Symbol('s'), 'Symbol(s)'],
    [function named() {}, '[function named]'],
    [new Date(0), '"1970-01-01T00:00:00.000Z"'],
    [new Uint8Array([1, 2]), '[1,2]'],
    [Number.NaN, 'null'],
  ])('shows %s as %s', (value, text) => {
    expect(preview(value)).toBe(text);
  });

  it('says what it can of an object whose getter throws', () => {
    const hostile = {
      get boom(): never {
        throw new Error('no');
      },
    };
    expect(preview(hostile)).toBe('[object Object]');
  });

  it('stays short for any value, however deep, wide or long', () => {
    const wide = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`key-${'k'.repeat(200)}-${i}`, 'v'.repeat(1_000)]));
    for (const value of [nested(20_000), wide, 'v'.repeat(100_000), [wide, nested(5_000)]]) {
      expect(preview(value).length).toBeLessThanOrEqual(80);
      expect(preview(value, 200).length).toBeLessThanOrEqual(200);
    }
  });
});
