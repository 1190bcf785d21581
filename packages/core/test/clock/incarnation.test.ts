import { describe, expect, it } from 'vitest';
import { beginLife } from '../../src/clock/incarnation.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';

describe('beginLife', () => {
  it('begins a life now, with the clock time in whole ms as its incarnation unless one is named', () => {
    const clock = new VirtualClock(1_500.7);
    expect(beginLife(clock)).toEqual({ since: 1_500.7, incarnation: 1_500 });
    expect(beginLife(clock, 3)).toEqual({ since: 1_500.7, incarnation: 3 });
    clock.advance(10);
    expect(beginLife(clock).incarnation).toBeGreaterThan(1_500);
  });
});
