import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, randomFromState } from '../../src/random/random.js';

const draw = (random: ReturnType<typeof createRandom>, n: number) => Array.from({ length: n }, () => random.next());

describe('createRandom', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    expect(draw(createRandom(42), 20)).toEqual(draw(createRandom(42), 20));
    expect(draw(createRandom(42), 20)).not.toEqual(draw(createRandom(43), 20));
  });

  it('resumes from a saved state', () => {
    const random = createRandom(7);
    draw(random, 5);
    const copy = randomFromState(random.state());
    expect(draw(copy, 10)).toEqual(draw(random, 10));
  });

  it('keeps a clone independent of the original', () => {
    const random = createRandom(7);
    const clone = random.clone();
    const fromClone = draw(clone, 3);
    expect(draw(random, 3)).toEqual(fromClone);
  });

  it('stays within bounds (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1_000, max: 1_000 }), fc.nat({ max: 1_000 }), (seed, min, span) => {
        const random = createRandom(seed);
        const value = random.int(min, min + span);
        expect(value).toBeGreaterThanOrEqual(min);
        expect(value).toBeLessThanOrEqual(min + span);
        const x = random.next();
        expect(x >= 0 && x < 1).toBe(true);
      }),
    );
  });

  it('treats probabilities 0 and 1 as never and always', () => {
    const random = createRandom(1);
    expect(Array.from({ length: 100 }, () => random.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 100 }, () => random.chance(1)).every(Boolean)).toBe(true);
  });

  it('refuses a seed that is not an integer and an empty pick', () => {
    expect(() => createRandom(1.5)).toThrow(RangeError);
    expect(() => createRandom(1).pick([])).toThrow(RangeError);
  });
});
