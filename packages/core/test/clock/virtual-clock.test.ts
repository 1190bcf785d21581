import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/virtual-clock.js';

describe('VirtualClock', () => {
  it('fires nothing until time is moved', () => {
    const clock = new VirtualClock(100);
    const fired: number[] = [];
    clock.setTimer(0, () => fired.push(clock.now()));
    expect(fired).toEqual([]);
    clock.advance(0);
    expect(fired).toEqual([100]);
  });

  it('fires timers in deadline order and shows each its own deadline as now', () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.setTimer(30, () => fired.push(`c@${clock.now()}`));
    clock.setTimer(10, () => fired.push(`a@${clock.now()}`));
    clock.setTimer(20, () => fired.push(`b@${clock.now()}`));
    clock.advance(25);
    expect(fired).toEqual(['a@10', 'b@20']);
    expect(clock.now()).toBe(25);
    clock.advance(5);
    expect(fired).toEqual(['a@10', 'b@20', 'c@30']);
  });

  it('fires timers with equal deadlines in the order they were set', () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    for (let i = 0; i < 50; i++) clock.setTimer(5, () => fired.push(i));
    clock.runUntilIdle();
    expect(fired).toEqual([...Array(50).keys()]);
  });

  it('fires timers set by timers within the same advance when they are due', () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    clock.setTimer(10, () => clock.setTimer(10, () => fired.push(clock.now())));
    clock.advance(20);
    expect(fired).toEqual([20]);
  });

  it('does not fire a cleared timer', () => {
    const clock = new VirtualClock(0);
    let fired = false;
    const handle = clock.setTimer(10, () => {
      fired = true;
    });
    clock.clearTimer(handle);
    expect(clock.pending).toBe(0);
    expect(clock.runUntilIdle().fired).toBe(0);
    expect(fired).toBe(false);
  });

  it('stops a run of self-rescheduling timers at maxTimers and says so', () => {
    const clock = new VirtualClock(0);
    const tick = () => clock.setTimer(1, tick);
    tick();
    expect(clock.runUntilIdle({ maxTimers: 100 })).toEqual({ fired: 100, truncated: true });
  });

  it('refuses to move time backwards', () => {
    const clock = new VirtualClock(50);
    expect(() => clock.advanceTo(10)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it('fires any set of timers in (deadline, insertion) order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000 }), { maxLength: 200 }), (delays) => {
        const clock = new VirtualClock(0);
        const fired: number[] = [];
        for (const [i, delay] of delays.entries()) clock.setTimer(delay, () => fired.push(i));
        clock.runUntilIdle();
        const expected = delays.map((delay, i) => ({ delay, i })).sort((a, b) => a.delay - b.delay || a.i - b.i);
        expect(fired).toEqual(expected.map((e) => e.i));
      }),
    );
  });
});

describe('clock arguments', () => {
  it('refuses non-finite delays and times on the virtual clock', () => {
    const clock = new VirtualClock(0);
    expect(() => clock.setTimer(Number.POSITIVE_INFINITY, () => {})).toThrow(RangeError);
    expect(() => clock.setTimer(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => clock.advanceTo(Number.NaN)).toThrow(RangeError);
    expect(clock.now()).toBe(0);
  });
});
