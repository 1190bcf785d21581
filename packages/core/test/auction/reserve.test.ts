import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { beatsReserve, Reserve } from '../../src/auction/index.js';
import { ErrorCode } from '../../src/errors/index.js';

describe('the reserve: stay local unless a bid improves the local expected wait enough', () => {
  it('beats a reserve in seconds when the bid is at least that much sooner', () => {
    expect(beatsReserve({ improveByMs: 20_000 }, 60_000, 40_000)).toEqual({
      beats: true,
      reason: 'the bid improves the local expected wait of 60 s by 20 s (33.3%); the reserve asks for at least 20 s',
    });
    expect(beatsReserve({ improveByMs: 20_000 }, 60_000, 40_001).beats).toBe(false);
  });

  it('beats a reserve in percent when the bid is at least that share of the local wait sooner, counted exactly', () => {
    expect(beatsReserve({ improveByPercent: 10 }, 60_000, 54_000).beats).toBe(true);
    expect(beatsReserve({ improveByPercent: 10 }, 60_000, 54_001).beats).toBe(false);
  });

  it('needs either one of the two, not both, when both are given', () => {
    const reserve = { improveByMs: 20_000, improveByPercent: 50 };
    expect(beatsReserve(reserve, 60_000, 40_000).beats).toBe(true); // 20 s, 33%
    expect(beatsReserve(reserve, 10_000, 5_000).beats).toBe(true); // 5 s, 50%
    expect(beatsReserve(reserve, 60_000, 45_000)).toEqual({
      beats: false,
      reason: 'the bid improves the local expected wait of 60 s by 15 s (25%); the reserve asks for at least 20 s or 50%',
    });
  });

  it('is never beaten by a bid that does not improve the wait at all, even with an empty or zero reserve', () => {
    expect(beatsReserve({}, 60_000, 60_000)).toEqual({
      beats: false,
      reason: 'the bid (60 s) does not improve the local expected wait of 60 s',
    });
    expect(beatsReserve({ improveByMs: 0, improveByPercent: 0 }, 60_000, 90_000).beats).toBe(false);
    expect(beatsReserve({}, 0, 0).beats).toBe(false);
    expect(beatsReserve({}, 60_000, 59_999).beats).toBe(true);
  });

  it('is beaten by any bid when nobody local can serve the contact (an infinite local wait)', () => {
    expect(beatsReserve({ improveByMs: 86_400_000, improveByPercent: 100 }, Number.POSITIVE_INFINITY, 86_400_000)).toEqual({
      beats: true,
      reason: 'nobody local can serve the contact, so any bid beats the reserve',
    });
  });

  it.each([
    [Number.NaN, 1],
    [-1, 1],
    [1, Number.POSITIVE_INFINITY],
    [1, -5],
  ])('refuses the times %d (local) and %d (bid) with CM_ERR_INVALID_OPTION', (local, bid) => {
    expect(() => beatsReserve({}, local, bid)).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_OPTION }));
  });

  it.each([{ improveByPercent: 101 }, { improveByMs: -1 }, { improveByMs: 1.5 }, { improveBy: 5 }])(
    'decodes no reserve from %j',
    (input) => {
      expect(isLeft(Reserve.decode(input))).toBe(true);
    },
  );
});
