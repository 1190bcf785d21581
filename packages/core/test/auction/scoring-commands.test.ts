import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { type BoundScoringCommand, builtInScoringCommands, createScoringCommandRegistry } from '../../src/auction/index.js';
import { ContactmeshError, ErrorCode } from '../../src/errors/index.js';

const terms = (cost: number, proficiency: number, timeToServiceMs: number) => ({ cost, proficiency, timeToServiceMs });
const context = { centre: 'paris', bidId: 'b1' };

const bound = (name: string, params?: unknown): BoundScoringCommand => {
  const result = createScoringCommandRegistry().resolve(name, params);
  if (!result.ok) throw result.error;
  return result.value;
};

describe('the built-in scoring commands (claim 15)', () => {
  it('come with every registry', () => {
    expect(createScoringCommandRegistry().names()).toEqual(Object.keys(builtInScoringCommands));
    expect(createScoringCommandRegistry({ builtIns: false }).names()).toEqual([]);
  });

  it('fastest scores the sooner bid higher: −timeToServiceMs', () => {
    expect(bound('fastest').score(terms(0, 0, 30_000), context)).toBe(-30_000);
  });

  it('cheapest scores the cheaper bid higher: −cost', () => {
    expect(bound('cheapest').score(terms(12.5, 0, 0), context)).toBe(-12.5);
  });

  it('most-skilled scores by proficiency, a queue promise (0) lowest', () => {
    expect(bound('most-skilled').score(terms(0, 9, 0), context)).toBe(9);
    expect(bound('most-skilled').score(terms(0, 0, 0), context)).toBe(0);
  });

  it('value-for-money scores proficiency per unit of price: proficiency ÷ (1 + costWeight·cost + timeWeightPerSecond·seconds)', () => {
    expect(bound('value-for-money').score(terms(4, 10, 60_000), context)).toBe(2);
    expect(bound('value-for-money', { costWeight: 0.5, timeWeightPerSecond: 0.05 }).score(terms(4, 9, 60_000), context)).toBe(1.5);
    expect(bound('value-for-money').text).toBe('value-for-money{costWeight: 1, timeWeightPerSecond: 0}');
  });

  it('service-level ranks every bid within the target by proficiency above every bid beyond it, those by lateness', () => {
    const score = bound('service-level', { targetMs: 30_000 }).score;
    const withinNovice = score(terms(0, 1, 30_000), context);
    const withinQueue = score(terms(0, 0, 10_000), context);
    const lateExpert = score(terms(0, 10, 31_000), context);
    const veryLate = score(terms(0, 10, 90_000), context);
    expect(withinNovice).toBe(1);
    expect(withinQueue).toBe(0);
    expect(lateExpert).toBe(-2);
    expect(veryLate).toBe(-61);
    expect(withinQueue).toBeGreaterThan(lateExpert);
  });

  it.each([
    ['fastest', { fast: true }, 'params.fast'],
    ['value-for-money', { costWeight: -1 }, 'params.costWeight'],
    ['service-level', {}, 'params.targetMs'],
    ['service-level', { targetMs: 1.5 }, 'params.targetMs'],
  ])('%s refuses params %j with CM_ERR_INVALID_MESSAGE at %s', (name, params, path) => {
    const result = createScoringCommandRegistry().resolve(name, params);
    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_MESSAGE, details: { path } } });
  });
});

describe('registering scoring commands', () => {
  const homeFirst = {
    params: t.type({ home: t.string }),
    score: (x: { timeToServiceMs: number }, { home }: { home: string }, { centre }: { centre: string }) =>
      (centre === home ? 1_000 : 0) - x.timeToServiceMs / 1000,
    describe: ({ home }: { home: string }) => `home-first(${home})`,
  };

  it('binds a registered command to its decoded params, with the context of the bid', () => {
    const registry = createScoringCommandRegistry().register('home-first', homeFirst);
    const result = registry.resolve('home-first', { home: 'paris' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ name: 'home-first', text: 'home-first(paris)' });
    expect(result.value.score(terms(0, 0, 5_000), context)).toBe(995);
    expect(result.value.score(terms(0, 0, 5_000), { centre: 'rome', bidId: 'b2' })).toBe(-5);
  });

  it('names a command without describe by its name and params', () => {
    const registry = createScoringCommandRegistry().register('flat', {
      params: t.type({ level: t.number }),
      score: (_, { level }) => level,
    });
    expect(registry.resolve('flat', { level: 3 })).toMatchObject({ ok: true, value: { text: 'flat{level: 3}' } });
  });

  it('refuses to replace a command with CM_ERR_INVALID_OPTION, so a rule scores the same on every node', () => {
    const registry = createScoringCommandRegistry();
    expect(() => registry.register('fastest', homeFirst)).toThrow(ContactmeshError);
    expect(() => registry.register('fastest', homeFirst)).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION, message: expect.stringContaining('already registered') }),
    );
  });

  it.each(['Fastest', '1st', 'home_first', '', 'a'.repeat(65), 'toString '])('refuses the name %j with CM_ERR_INVALID_OPTION', (name) => {
    expect(() => createScoringCommandRegistry().register(name, homeFirst)).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION }),
    );
  });

  it('accepts a name of up to 64 characters', () => {
    expect(createScoringCommandRegistry({ builtIns: false }).register('a'.repeat(64), homeFirst).has('a'.repeat(64))).toBe(true);
  });

  it.each(['toString', '__proto__', 'constructor', 'home-first'])(
    'answers a lookup of the unknown name %j with CM_ERR_UNKNOWN_SCORING_COMMAND listing the known ones',
    (name) => {
      const result = createScoringCommandRegistry().resolve(name, {});
      expect(result).toMatchObject({
        ok: false,
        error: { code: ErrorCode.UNKNOWN_SCORING_COMMAND, details: { path: 'command', value: name } },
      });
      if (!result.ok)
        expect(result.error.message).toContain('this node knows fastest, cheapest, most-skilled, value-for-money, service-level');
    },
  );
});
