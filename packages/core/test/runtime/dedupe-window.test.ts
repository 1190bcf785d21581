import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DedupeWindow } from '../../src/runtime/dedupe-window.js';

describe('DedupeWindow', () => {
  it('reports a repeat within the window', () => {
    const window = new DedupeWindow(3);
    expect(window.add('a')).toBe(true);
    expect(window.add('a')).toBe(false);
  });

  it('forgets the oldest key once the window is full', () => {
    const window = new DedupeWindow(2);
    window.add('a');
    window.add('b');
    window.add('c');
    expect(window.add('a')).toBe(true);
    expect(window.add('c')).toBe(false);
  });

  it('always remembers the last `size` distinct keys (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 300 }), (size, keys) => {
        const window = new DedupeWindow(size);
        const recent: number[] = [];
        for (const key of keys) {
          const fresh = window.add(String(key));
          expect(fresh).toBe(!recent.includes(key));
          if (fresh) {
            recent.push(key);
            if (recent.length > size) recent.shift();
          }
        }
      }),
    );
  });
});
