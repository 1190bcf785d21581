import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import {
  type CompiledRule,
  compareBids,
  compileRule,
  createScoringCommandRegistry,
  difference,
  scoreBid,
} from '../../src/auction/index.js';
import { ErrorCode } from '../../src/errors/index.js';
import { bid } from './fixtures.js';

const noParams = t.type({});
const compiled = (rule: unknown): CompiledRule => {
  const result = compileRule(rule);
  if (!result.ok) throw result.error;
  return result.value;
};
const best = (rule: CompiledRule, ...bids: ReturnType<typeof bid>[]) => [...bids].sort((a, b) => compareBids(rule, a, b)).map((b) => b.id);

describe('scoring rules as data (claims 12–13)', () => {
  it('scores a weighted rule as the sum of weight × value, so negative weights make cost and time count against a bid', () => {
    const rule = compiled({ kind: 'weighted', weights: { cost: -1, proficiency: 2, timeToServiceMs: -0.0001 } });
    const evaluation = scoreBid(rule, bid('b1', { cost: 4, proficiency: 7, timeToServiceMs: 30_000 }));
    expect(evaluation).toMatchObject({ acceptable: true, reasons: [], score: -4 + 14 - 3, adjustment: 0 });
  });

  it('leaves out of a weighted score the fields the rule gives no weight', () => {
    const rule = compiled({ kind: 'weighted', weights: { proficiency: 1 } });
    expect(scoreBid(rule, bid('b1', { cost: 1_000, proficiency: 3 })).score).toBe(3);
  });

  it('adds a centre penalty to a weighted score, and nothing for centres without one', () => {
    const rule = compiled({ kind: 'weighted', weights: { proficiency: 1 }, penalties: { paris: -2.5, berlin: 1 } });
    expect(scoreBid(rule, bid('b1', { proficiency: 5 }, 'paris'))).toMatchObject({ score: 2.5, adjustment: -2.5 });
    expect(scoreBid(rule, bid('b2', { proficiency: 5 }, 'berlin'))).toMatchObject({ score: 6, adjustment: 1 });
    expect(scoreBid(rule, bid('b3', { proficiency: 5 }, 'rome'))).toMatchObject({ score: 5, adjustment: 0 });
  });

  it('compares a lexicographic rule field by field, each in the direction it prefers, and gives no single score', () => {
    const rule = compiled({
      kind: 'lexicographic',
      order: [
        { field: 'timeToServiceMs', prefer: 'low' },
        { field: 'proficiency', prefer: 'high' },
      ],
    });
    const fast = bid('fast', { timeToServiceMs: 10_000, proficiency: 2 });
    const skilled = bid('skilled', { timeToServiceMs: 10_000, proficiency: 9 });
    const slow = bid('slow', { timeToServiceMs: 90_000, proficiency: 10 });
    expect(best(rule, slow, fast, skilled)).toEqual(['skilled', 'fast', 'slow']);
    expect(scoreBid(rule, fast).score).toBeUndefined();
  });

  it('ranks lexicographic bids of a penalised centre after every bid of a centre without a penalty (the penalty is the first key)', () => {
    const rule = compiled({ kind: 'lexicographic', order: [{ field: 'timeToServiceMs', prefer: 'low' }], penalties: { paris: -1 } });
    const fastButPenalised = bid('p', { timeToServiceMs: 1_000 }, 'paris');
    const slow = bid('r', { timeToServiceMs: 500_000 }, 'rome');
    expect(best(rule, fastButPenalised, slow)).toEqual(['r', 'p']);
    expect(difference(rule, scoreBid(rule, slow), scoreBid(rule, fastButPenalised))).toMatchObject({
      on: 'centre adjustment',
      a: '0',
      b: '-1',
    });
  });

  it('makes a bid that fails any threshold not acceptable, naming each threshold it fails', () => {
    const rule = compiled({
      kind: 'weighted',
      weights: { proficiency: 1 },
      thresholds: { maxCost: 20, minProficiency: 4, maxTimeToServiceMs: 120_000 },
    });
    expect(scoreBid(rule, bid('ok', { cost: 20, proficiency: 4, timeToServiceMs: 120_000 })).acceptable).toBe(true);
    expect(scoreBid(rule, bid('bad', { cost: 25.5, proficiency: 3, timeToServiceMs: 180_000 }))).toMatchObject({
      acceptable: false,
      reasons: [
        'cost 25.5 is over maxCost 20',
        'proficiency 3 is under minProficiency 4',
        'timeToServiceMs 180000 is over maxTimeToServiceMs 120000',
      ],
    });
  });

  it('ranks every acceptable bid before every bid that is not, whatever their scores', () => {
    const rule = compiled({ kind: 'weighted', weights: { proficiency: 1 }, thresholds: { maxCost: 10 } });
    expect(best(rule, bid('expert-but-dear', { proficiency: 10, cost: 50 }), bid('novice', { proficiency: 1, cost: 5 }))).toEqual([
      'novice',
      'expert-but-dear',
    ]);
  });

  it('describes the rule for explanations, with its thresholds and penalties', () => {
    const rule = compiled({
      kind: 'weighted',
      weights: { timeToServiceMs: -0.001, cost: -1 },
      thresholds: { maxCost: 10 },
      penalties: { paris: -5 },
    });
    expect(rule.text).toBe('weighted{cost: -1, timeToServiceMs: -0.001} with maxCost 10 adjusting paris -5');
    expect(compiled({ kind: 'lexicographic', order: [{ field: 'cost', prefer: 'low' }] }).text).toBe('lexicographic[cost low]');
    expect(compiled({ kind: 'command', command: 'service-level', params: { targetMs: 30_000 } }).text).toBe(
      'service-level{targetMs: 30000}',
    );
  });
});

describe('ties break deterministically', () => {
  const rule = compiled({ kind: 'weighted', weights: { cost: 0 } });

  it.each([
    ['lower timeToServiceMs', bid('x', { timeToServiceMs: 1 }), bid('a', { timeToServiceMs: 2 }), 'timeToServiceMs'],
    ['then higher proficiency', bid('x', { proficiency: 6 }), bid('a', { proficiency: 5 }), 'proficiency'],
    ['then lower cost', bid('x', { cost: 1 }), bid('a', { cost: 2 }), 'cost'],
    ['then centre id ascending', bid('x', {}, 'amsterdam'), bid('a', {}, 'berlin'), 'centre id'],
    ['then bid id ascending', bid('a'), bid('b'), 'bid id'],
  ])('among bids the rule scores equal, prefers %s', (_, better, worse, on) => {
    expect(compareBids(rule, better, worse)).toBeLessThan(0);
    expect(compareBids(rule, worse, better)).toBeGreaterThan(0);
    expect(difference(rule, scoreBid(rule, better), scoreBid(rule, worse))?.on).toBe(on);
  });

  it('compares ids by code unit, not by locale, so every node orders them alike', () => {
    expect(compareBids(rule, bid('B'), bid('a'))).toBeLessThan(0);
  });
});

describe('compileRule refuses rules it cannot apply', () => {
  it.each([
    [{ kind: 'auction' }, 'kind', 'expected kind to be one of "weighted", "lexicographic", "command"'],
    [{ kind: 'weighted', weights: { costs: -1 } }, 'weights.costs', 'expected no field "costs"'],
    [{ kind: 'weighted', weights: { cost: Number.POSITIVE_INFINITY } }, 'weights.cost', 'a number from -1000000 to 1000000'],
    [{ kind: 'weighted', weights: {}, treshold: { maxCost: 1 } }, 'treshold', 'expected no field "treshold"'],
    [{ kind: 'lexicographic', order: [] }, 'order', 'one to three keys'],
    [
      {
        kind: 'lexicographic',
        order: [
          { field: 'cost', prefer: 'low' },
          { field: 'cost', prefer: 'high' },
        ],
      },
      'order',
      'each on a different field',
    ],
    [{ kind: 'lexicographic', order: [{ field: 'cost', prefer: 'cheap' }] }, 'order.0.prefer', 'low | high'],
    [{ kind: 'weighted', weights: {}, thresholds: { minProficiency: 11 } }, 'thresholds.minProficiency', 'an integer from 0 to 10'],
    [{ kind: 'weighted', weights: {}, penalties: { 'Not A Centre': 1 } }, 'penalties.Not A Centre', 'a centre id'],
    [{ kind: 'command', command: 'Fastest!' }, 'command', 'a scoring command name'],
    ['weighted', '(root)', 'a scoring rule'],
  ])('refuses %j with CM_ERR_INVALID_MESSAGE at %s', (rule, path, message) => {
    const result = compileRule(rule);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: ErrorCode.INVALID_MESSAGE, details: { path } });
    expect(result.error.message).toContain(message);
  });

  it('refuses a command this node has not registered with CM_ERR_UNKNOWN_SCORING_COMMAND', () => {
    const result = compileRule({ kind: 'command', command: 'home-first' }, createScoringCommandRegistry());
    expect(result).toMatchObject({
      ok: false,
      error: { code: ErrorCode.UNKNOWN_SCORING_COMMAND, details: { path: 'command', value: 'home-first' } },
    });
  });

  it('refuses params the command does not take, naming the param', () => {
    const result = compileRule({ kind: 'command', command: 'service-level', params: { targetMs: -1 } });
    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_MESSAGE, details: { path: 'params.targetMs' } } });
  });
});

describe('scoring with a command (claims 14–15)', () => {
  it('adds the centre penalty to the command score', () => {
    const rule = compiled({ kind: 'command', command: 'most-skilled', penalties: { paris: -3 } });
    expect(scoreBid(rule, bid('b1', { proficiency: 8 })).score).toBe(5);
  });

  it('makes a bid not acceptable, instead of breaking the order, when a command throws or returns no finite number', () => {
    const registry = createScoringCommandRegistry()
      .register('broken', { params: noParams, score: () => Number.NaN })
      .register('throws', {
        params: noParams,
        score: () => {
          throw new Error('no data');
        },
      });
    const nan = compileRule({ kind: 'command', command: 'broken' }, registry);
    const thrown = compileRule({ kind: 'command', command: 'throws' }, registry);
    if (!nan.ok || !thrown.ok) throw new Error('both rules compile');
    expect(scoreBid(nan.value, bid('b1'))).toMatchObject({
      acceptable: false,
      reasons: ['scoring command broken returned NaN, not a finite number'],
    });
    expect(scoreBid(thrown.value, bid('b1'))).toMatchObject({ acceptable: false, reasons: ['scoring command throws failed: no data'] });
    expect(compareBids(nan.value, bid('a'), bid('b'))).toBeLessThan(0);
  });
});
