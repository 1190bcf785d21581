import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { realClock } from '../../src/clock/real-clock.js';

// Fake timers stand in for the platform's setTimeout, so nothing here waits on real time.
describe('realClock', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('refuses a non-finite delay, like the virtual clock', () => {
    expect(() => realClock.setTimer(Number.POSITIVE_INFINITY, () => {})).toThrow(RangeError);
  });

  it('fires a timer longer than setTimeout can hold at its time, not at once', () => {
    const days30 = 30 * 24 * 3_600_000;
    let fired = false;
    realClock.setTimer(days30, () => {
      fired = true;
    });
    vi.advanceTimersByTime(1_000);
    expect(fired).toBe(false);
    vi.advanceTimersByTime(days30 - 1_001);
    expect(fired).toBe(false);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(true);
  });

  it('cancels a chained timer, and clearing twice is harmless', () => {
    let fired = false;
    const handle = realClock.setTimer(2 ** 31 + 5, () => {
      fired = true;
    });
    vi.advanceTimersByTime(2 ** 31);
    realClock.clearTimer(handle);
    realClock.clearTimer(handle);
    vi.advanceTimersByTime(10);
    expect(fired).toBe(false);
  });
});
