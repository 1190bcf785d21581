import { VirtualClock } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { LiveAnnouncer } from '../../src/element/live-announcer.js';

// The ARIA live region of <contact-status> speaks at most once per 10 s, unless the state changes.

function setUp() {
  const clock = new VirtualClock(0);
  const said: { at: number; text: string }[] = [];
  const announcer = new LiveAnnouncer(clock, (text) => said.push({ at: clock.now(), text }));
  return { clock, said, announcer };
}

describe('the live region announcer', () => {
  it('says the first status at once, and a new place only 10 s after the last announcement', () => {
    const { clock, said, announcer } = setUp();
    announcer.say('3rd', 'queued');
    clock.advance(2_000);
    announcer.say('2nd', 'queued');
    clock.advance(7_999);
    expect(said).toEqual([{ at: 0, text: '3rd' }]);
    clock.advance(1);
    expect(said).toEqual([
      { at: 0, text: '3rd' },
      { at: 10_000, text: '2nd' },
    ]);
  });

  it('says only the latest of several changes within the 10 s', () => {
    const { clock, said, announcer } = setUp();
    announcer.say('5th', 'queued');
    for (const text of ['4th', '3rd', '2nd']) {
      clock.advance(1_000);
      announcer.say(text, 'queued');
    }
    clock.runUntilIdle();
    expect(said.map((s) => s.text)).toEqual(['5th', '2nd']);
  });

  it('says a change of state at once, dropping a throttled place', () => {
    const { clock, said, announcer } = setUp();
    announcer.say('3rd', 'queued');
    clock.advance(1_000);
    announcer.say('2nd', 'queued');
    announcer.say('Connected to an agent', 'connected');
    clock.runUntilIdle();
    expect(said).toEqual([
      { at: 0, text: '3rd' },
      { at: 1_000, text: 'Connected to an agent' },
    ]);
  });

  it('does not repeat a text it has just said', () => {
    const { clock, said, announcer } = setUp();
    announcer.say('3rd', 'queued');
    clock.advance(20_000);
    announcer.say('3rd', 'queued');
    expect(said).toHaveLength(1);
  });

  it('leaves no timer behind once disposed', () => {
    const { clock, announcer } = setUp();
    announcer.say('3rd', 'queued');
    announcer.say('2nd', 'queued');
    announcer.dispose();
    expect(clock.pending).toBe(0);
  });
});
