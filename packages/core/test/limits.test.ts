import { describe, expect, it } from 'vitest';
import { defaultLimits, resolveLimits } from '../src/limits.js';

describe('resolveLimits', () => {
  it('keeps the defaults and applies overrides', () => {
    expect(resolveLimits({ maxPayloadBytes: 1_024 })).toEqual({ ...defaultLimits, maxPayloadBytes: 1_024 });
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s as a limit', (value) => {
    expect(() => resolveLimits({ maxPayloadBytes: value })).toThrow(/maxPayloadBytes must be a positive integer/);
  });

  it('refuses an unknown limit, naming the known ones', () => {
    expect(() => resolveLimits({ maxPayloadByte: 1 } as never)).toThrow(/Unknown limit "maxPayloadByte".*maxPayloadBytes/);
  });
});
