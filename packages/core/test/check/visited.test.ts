import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Visited } from '../../src/check/visited.js';

describe('the visited set of the search', () => {
  it('keeps and finds what a map keyed by the whole digest would, through growth and crowded slots', () => {
    // Few distinct low bits: digests crowd into the same slots and must be told apart by both halves.
    const digest = fc.record({ a: fc.integer({ min: 0, max: 15 }).map((n) => (n * 0x10000) >>> 0), b: fc.nat({ max: 40 }) });
    const op = fc.oneof(fc.record({ set: digest, value: fc.nat() }), fc.record({ get: digest }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const visited = new Visited<number>(4);
        const model = new Map<string, number>();
        for (const o of ops) {
          if ('set' in o) {
            visited.set(o.set, o.value);
            model.set(`${o.set.a} ${o.set.b}`, o.value);
          } else expect(visited.get(o.get)).toBe(model.get(`${o.get.a} ${o.get.b}`));
        }
        expect(visited.size).toBe(model.size);
        for (const [key, value] of model) {
          const [a, b] = key.split(' ').map(Number);
          expect(visited.get({ a: a as number, b: b as number })).toBe(value);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('starts at any capacity: rounded up to a power of two', () => {
    const visited = new Visited<number>(100);
    for (let i = 0; i < 1_000; i += 1) visited.set({ a: (i * 2_654_435_761) >>> 0, b: i }, i);
    expect(visited.size).toBe(1_000);
    expect(visited.get({ a: (999 * 2_654_435_761) >>> 0, b: 999 })).toBe(999);
  });

  it('takes the full range of both halves', () => {
    const visited = new Visited<string>();
    visited.set({ a: 0xffffffff, b: 0 }, 'high');
    visited.set({ a: 0, b: 0xffffffff }, 'low');
    expect(visited.get({ a: 0xffffffff, b: 0 })).toBe('high');
    expect(visited.get({ a: 0, b: 0xffffffff })).toBe('low');
    expect(visited.get({ a: 0, b: 0 })).toBeUndefined();
  });
});
