import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMap, BoundedSet } from '../src/bounded-map.js';

/** What a bounded collection must hold after `keys` were set in order: the last `max` distinct ones, oldest first by first setting. */
function expected(keys: readonly number[], max: number): number[] {
  const kept: number[] = [];
  for (const key of keys) {
    if (kept.includes(key)) continue;
    kept.push(key);
    if (kept.length > max) kept.shift();
  }
  return kept;
}

describe('BoundedMap and BoundedSet', () => {
  it('hold at most max entries, forgetting the oldest first, for any sequence of keys', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), fc.integer({ min: 1, max: 10 }), (keys, max) => {
        const map = new BoundedMap<number, number>(max);
        const set = new BoundedSet<number>(max);
        for (const [i, key] of keys.entries()) {
          map.set(key, i);
          set.add(key);
          expect(map.size).toBeLessThanOrEqual(max);
          expect(set.size).toBeLessThanOrEqual(max);
        }
        expect([...map.keys()]).toEqual(expected(keys, max));
        expect([...set]).toEqual(expected(keys, max));
      }),
    );
  });

  it('keep the latest value of a key set again, in its first place', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    expect([...map]).toEqual([
      ['b', 2],
      ['c', 4],
    ]);
  });
});
