import { describe, expect, it } from 'vitest';
import { type Assessment, type Bid, createAssessment, createScoringCommandRegistry } from '../../src/auction/index.js';
import { ErrorCode } from '../../src/errors/index.js';
import { bid } from './fixtures.js';

const weighted = { kind: 'weighted', weights: { proficiency: 1, cost: -0.5 }, thresholds: { maxCost: 20 } };

const assess = <B extends Bid = Bid>(strategy: unknown, rule: unknown = weighted): Assessment<B> => {
  const result = createAssessment<B>({ strategy, rule });
  if (!result.ok) throw result.error;
  return result.value;
};

// Scores under `weighted`: proficiency − cost / 2.
const a = bid('a', { proficiency: 4, cost: 2 }, 'rome'); // 3
const b = bid('b', { proficiency: 9, cost: 1 }, 'berlin'); // 8.5
const c = bid('c', { proficiency: 7, cost: 4 }, 'madrid'); // 5
const dear = bid('dear', { proficiency: 10, cost: 30 }, 'oslo'); // not acceptable

describe('collect: every bid until the deadline (claim 17)', () => {
  it('holds every acceptable bid and ranks them at close, winner first, then the runners-up in order', () => {
    const assessment = assess({ kind: 'collect' });
    expect([a, b, c].map((x) => assessment.offer(x).decision)).toEqual(['held', 'held', 'held']);
    const outcome = assessment.close();
    expect(outcome.winner?.id).toBe('b');
    expect(outcome.ranked.map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });

  it('rejects a bid that fails a threshold at once, so its lease can be released, and never ranks it', () => {
    const assessment = assess({ kind: 'collect' });
    const result = assessment.offer(dear);
    expect(result).toMatchObject({ decision: 'rejected', reason: 'not-acceptable', detail: 'cost 30 is over maxCost 20', release: [dear] });
    assessment.offer(a);
    const outcome = assessment.close();
    expect(outcome.ranked).toEqual([a]);
    expect(outcome.rejected).toEqual([{ bid: dear, reason: 'not-acceptable', detail: 'cost 30 is over maxCost 20' }]);
  });

  it('ends without a winner when no bid is acceptable, and says why', () => {
    const assessment = assess({ kind: 'collect' });
    assessment.offer(dear);
    const { winner, explanation } = assessment.close();
    expect(winner).toBeUndefined();
    expect(explanation.summary).toBe(
      'No bid won: none of 1 bid was acceptable under weighted{cost: -0.5, proficiency: 1} with maxCost 20: dear (cost 30 is over maxCost 20).',
    );
  });

  it('ends without a winner when no bid arrived', () => {
    expect(assess({ kind: 'collect' }).close()).toMatchObject({ winner: undefined, ranked: [], rejected: [] });
  });
});

describe('best-so-far: one winning bid, replaced by a better one (claim 16)', () => {
  it('keeps the first acceptable bid, replaces it with a better one and hands back the displaced bid to release', () => {
    const assessment = assess({ kind: 'best-so-far' });
    expect(assessment.offer(a)).toMatchObject({ decision: 'held', release: [] });
    expect(assessment.offer(b)).toMatchObject({ decision: 'replaced-winner', displaced: a, release: [a] });
    expect(assessment.leader()?.bid).toBe(b);
  });

  it('discards a bid worse than the winner, saying on what it lost', () => {
    const assessment = assess({ kind: 'best-so-far' });
    assessment.offer(b);
    expect(assessment.offer(c)).toMatchObject({
      decision: 'rejected',
      reason: 'worse-than-winner',
      detail: 'does not beat b on score (8.5 vs 5)',
      release: [c],
    });
  });

  it('ends with the one winner and no runners-up; the discarded bids are in the explanation', () => {
    const assessment = assess({ kind: 'best-so-far' });
    for (const x of [a, b, c]) assessment.offer(x);
    const outcome = assessment.close();
    expect(outcome.ranked).toEqual([b]);
    expect(outcome.rejected.map((r) => [r.bid.id, r.reason])).toEqual([
      ['a', 'displaced'],
      ['c', 'worse-than-winner'],
    ]);
    expect(outcome.explanation.bids.map((x) => [x.id, x.standing])).toEqual([
      ['b', 'winner'],
      ['c', 'worse-than-winner'],
      ['a', 'displaced'],
    ]);
    expect(outcome.explanation.summary).toBe(
      'b (berlin) won: score 8.5 beat c 5 and a 3 under weighted{cost: -0.5, proficiency: 1} with maxCost 20.',
    );
  });
});

describe('first-acceptable: award the first bid that meets the threshold', () => {
  it('says award-now for the first acceptable bid scoring at least the threshold, and refuses later bids', () => {
    const assessment = assess({ kind: 'first-acceptable', threshold: 5 });
    expect(assessment.offer(a).decision).toBe('held');
    expect(assessment.offer(c)).toMatchObject({ decision: 'award-now', release: [] });
    expect(assessment.status).toBe('awarded');
    expect(assessment.offer(b)).toMatchObject({
      decision: 'rejected',
      reason: 'closed',
      detail: 'the auction already awarded c',
      release: [b],
    });
    const outcome = assessment.close();
    expect(outcome.ranked.map((x) => x.id)).toEqual(['c', 'a']);
    expect(outcome.explanation.summary).toBe(
      'c (madrid) won as the first bid to meet threshold 5 (score 5) under weighted{cost: -0.5, proficiency: 1} with maxCost 20.',
    );
  });

  it('falls back to the best acceptable bid at close when none met the threshold', () => {
    const assessment = assess({ kind: 'first-acceptable', threshold: 100 });
    for (const x of [a, c]) expect(assessment.offer(x).decision).toBe('held');
    const outcome = assessment.close();
    expect(outcome.winner).toBe(c);
    expect(outcome.explanation.summary).toBe(
      'No bid met threshold 100; c (madrid) won as the best acceptable bid: score 5 beat a 3 under weighted{cost: -0.5, proficiency: 1} with maxCost 20.',
    );
  });

  it('awards the first acceptable bid when there is no threshold', () => {
    const assessment = assess({ kind: 'first-acceptable' });
    expect(assessment.offer(dear).decision).toBe('rejected');
    expect(assessment.offer(a).decision).toBe('award-now');
  });

  it('refuses a threshold for a lexicographic rule, which has no score to compare', () => {
    const result = createAssessment({
      strategy: { kind: 'first-acceptable', threshold: 3 },
      rule: { kind: 'lexicographic', order: [{ field: 'cost', prefer: 'low' }] },
    });
    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_MESSAGE, details: { path: 'strategy.threshold' } } });
  });
});

describe('repeated and late bids', () => {
  it('ignores the same bid delivered twice: it has the effect of one and releases nothing', () => {
    const assessment = assess({ kind: 'best-so-far' });
    assessment.offer(b);
    expect(assessment.offer({ ...b, terms: { ...b.terms } })).toEqual({ decision: 'duplicate', release: [] });
    expect(assessment.close().ranked).toEqual([b]);
  });

  it('keeps the first of two bids with the same id and different terms, and never releases the one it keeps', () => {
    const assessment = assess({ kind: 'collect' });
    assessment.offer(a);
    const again = { ...a, terms: { ...a.terms, cost: 0 } };
    expect(assessment.offer(again)).toMatchObject({ decision: 'rejected', reason: 'conflicting', release: [] });
    const outcome = assessment.close();
    expect(outcome.ranked).toEqual([a]);
    expect(outcome.explanation.notes).toEqual(['bid a from rome came again with different terms; the first one stands']);
  });

  it('tells bids apart by centre as well as id', () => {
    const assessment = assess({ kind: 'collect' });
    assessment.offer(bid('b1', {}, 'paris'));
    expect(assessment.offer(bid('b1', { cost: 1 }, 'rome')).decision).toBe('held');
  });

  it('rejects a bid after close for release, but a late repeat of the winner is a duplicate that releases nothing', () => {
    const assessment = assess({ kind: 'collect' });
    assessment.offer(b);
    const outcome = assessment.close();
    expect(assessment.offer(c)).toMatchObject({ decision: 'rejected', reason: 'closed', release: [c] });
    expect(assessment.offer(b)).toEqual({ decision: 'duplicate', release: [] });
    expect(assessment.close()).toBe(outcome);
  });

  it('refuses a malformed bid as invalid, naming the bad field, and releases nothing', () => {
    const assessment = assess({ kind: 'collect' });
    const result = assessment.offer(bid('x', { cost: -1 }));
    expect(result).toMatchObject({ decision: 'rejected', reason: 'invalid', release: [] });
    if (result.decision === 'rejected') expect(result.detail).toContain('terms.cost');
  });

  it('hands back the caller’s own bid objects, with whatever else they carry (a lease, a fence)', () => {
    const assessment = assess<Bid & { lease: string }>({ kind: 'best-so-far' });
    const first = { ...a, lease: 'lease-1' };
    assessment.offer(first);
    const result = assessment.offer({ ...b, lease: 'lease-2' });
    expect(result.release.map((x) => x.lease)).toEqual(['lease-1']);
  });
});

describe('explanations: why the winner won', () => {
  it('names the tie-break that decided between bids the rule scored equal', () => {
    const assessment = assess({ kind: 'collect' }, { kind: 'weighted', weights: { proficiency: 1 } });
    assessment.offer(bid('slow', { proficiency: 5, timeToServiceMs: 45_000 }));
    assessment.offer(bid('quick', { proficiency: 5, timeToServiceMs: 30_000 }));
    assessment.offer(bid('novice', { proficiency: 2 }));
    expect(assessment.close().explanation.summary).toBe(
      'quick (paris) won: score 5 beat slow 5 (a tie, broken by lower timeToServiceMs: 30000 vs 45000) and novice 2 under weighted{proficiency: 1}.',
    );
  });

  it('explains a lexicographic win by the first key each other bid lost on', () => {
    const rule = {
      kind: 'lexicographic',
      order: [
        { field: 'timeToServiceMs', prefer: 'low' },
        { field: 'proficiency', prefer: 'high' },
      ],
    };
    const assessment = assess({ kind: 'collect' }, rule);
    assessment.offer(bid('late', { timeToServiceMs: 60_000 }));
    assessment.offer(bid('best', { timeToServiceMs: 30_000, proficiency: 8 }));
    assessment.offer(bid('novice', { timeToServiceMs: 30_000, proficiency: 5 }));
    const { explanation } = assessment.close();
    expect(explanation.summary).toBe(
      'best (paris) won under lexicographic[timeToServiceMs low, proficiency high]: beat novice on higher proficiency (8 vs 5) and late on lower timeToServiceMs (30000 vs 60000).',
    );
    expect(explanation.bids[0]).toEqual({
      id: 'best',
      centre: 'paris',
      terms: { cost: 10, proficiency: 8, timeToServiceMs: 30_000 },
      keys: [0, -30_000, 8],
      acceptable: true,
      reasons: [],
      standing: 'winner',
    });
  });

  it('lists the bids that were not acceptable after the winner, with their reasons', () => {
    const assessment = assess({ kind: 'collect' });
    assessment.offer(a);
    assessment.offer(dear);
    const { explanation } = assessment.close();
    expect(explanation.summary).toBe(
      'a (rome) won: the only acceptable bid, score 3, under weighted{cost: -0.5, proficiency: 1} with maxCost 20; not acceptable: dear (cost 30 is over maxCost 20).',
    );
    expect(explanation.bids.map((x) => [x.id, x.standing, x.acceptable])).toEqual([
      ['a', 'winner', true],
      ['dear', 'not-acceptable', false],
    ]);
    expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
  });
});

describe('createAssessment refuses what it cannot assess', () => {
  it.each([
    [{ kind: 'sealed-bid' }, weighted, 'strategy.kind'],
    [{ kind: 'first-acceptable', threshold: 'high' }, weighted, 'strategy.threshold'],
    [{ kind: 'collect' }, { kind: 'weighted', weights: { cost: 'x' } }, 'rule.weights.cost'],
    [{ kind: 'collect' }, { kind: 'command', command: 'service-level', params: {} }, 'rule.params.targetMs'],
  ])('refuses strategy %j with rule %j at %s', (strategy, rule, path) => {
    expect(createAssessment({ strategy, rule })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.INVALID_MESSAGE, details: { path } },
    });
  });

  it('refuses a rule naming a command the registry lacks', () => {
    const result = createAssessment({
      strategy: { kind: 'collect' },
      rule: { kind: 'command', command: 'fastest' },
      registry: createScoringCommandRegistry({ builtIns: false }),
    });
    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.UNKNOWN_SCORING_COMMAND, details: { path: 'rule.command' } } });
  });
});
