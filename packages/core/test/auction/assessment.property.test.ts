import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Bid,
  type CompiledRule,
  compareBids,
  compileRule,
  createAssessment,
  type OfferResult,
  type Outcome,
  scoreBid,
} from '../../src/auction/index.js';

// Small domains, so that equal scores and equal terms — the tie-breaks — come up often.
const termsArb = fc.record({
  cost: fc.oneof(fc.constantFrom(0, 1, 5, 10, 12.5), fc.double({ min: 0, max: 1_000, noNaN: true })),
  proficiency: fc.integer({ min: 0, max: 10 }),
  timeToServiceMs: fc.oneof(fc.constantFrom(0, 30_000, 60_000), fc.integer({ min: 0, max: 86_400_000 })),
});
const centreArb = fc.constantFrom('amsterdam', 'berlin', 'paris');
const bidsArb = fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-zA-Z0-9]{1,3}$/), centre: centreArb, terms: termsArb }), {
  selector: (b) => `${b.centre}/${b.id}`,
  maxLength: 12,
});

const weightArb = fc.oneof(fc.constantFrom(-2, -1, -0.001, 0, 1, 2), fc.double({ min: -10, max: 10, noNaN: true }));
const common = {
  thresholds: fc.record(
    {
      maxCost: fc.constantFrom(5, 10, 500),
      minProficiency: fc.integer({ min: 0, max: 10 }),
      maxTimeToServiceMs: fc.constantFrom(30_000, 60_000),
    },
    { requiredKeys: [] },
  ),
  penalties: fc.dictionary(centreArb, fc.constantFrom(-5, -1, 0, 2)),
};
const weightedArb = fc.record(
  {
    kind: fc.constant('weighted' as const),
    weights: fc.record({ cost: weightArb, proficiency: weightArb, timeToServiceMs: weightArb }, { requiredKeys: [] }),
    ...common,
  },
  { requiredKeys: ['kind', 'weights'] },
);
const lexicographicArb = fc.record(
  {
    kind: fc.constant('lexicographic' as const),
    order: fc
      .shuffledSubarray(['cost', 'proficiency', 'timeToServiceMs'] as const, { minLength: 1 })
      .chain((fields) =>
        fc.tuple(...fields.map((field) => fc.record({ field: fc.constant(field), prefer: fc.constantFrom('low', 'high') }))),
      ),
    ...common,
  },
  { requiredKeys: ['kind', 'order'] },
);
const commandArb = fc.record(
  {
    kind: fc.constant('command' as const),
    command: fc.constantFrom('fastest', 'cheapest', 'most-skilled', 'value-for-money'),
    ...common,
  },
  { requiredKeys: ['kind', 'command'] },
);
const ruleArb = fc.oneof(weightedArb, lexicographicArb, commandArb);

const compiled = (rule: unknown): CompiledRule => {
  const result = compileRule(rule);
  if (!result.ok) throw result.error;
  return result.value;
};

const run = (strategy: unknown, rule: unknown, bids: readonly Bid[]): { results: OfferResult<Bid>[]; outcome: Outcome<Bid> } => {
  const assessment = createAssessment({ strategy, rule });
  if (!assessment.ok) throw assessment.error;
  const results = bids.map((b) => assessment.value.offer(b));
  return { results, outcome: assessment.value.close() };
};

/** The best bid under compareBids by a plain scan, if it is acceptable. */
const bruteWinner = (rule: CompiledRule, bids: readonly Bid[]): Bid | undefined => {
  const best = bids.reduce<Bid | undefined>((top, b) => (top === undefined || compareBids(rule, b, top) < 0 ? b : top), undefined);
  return best !== undefined && scoreBid(rule, best).acceptable ? best : undefined;
};

const strategies = [{ kind: 'collect' }, { kind: 'best-so-far' }, { kind: 'first-acceptable' }] as const;
const withShuffle = bidsArb.chain((bids) => fc.tuple(fc.constant(bids), fc.shuffledSubarray(bids, { minLength: bids.length })));

describe('assessment strategies agree with a brute-force scan (property)', () => {
  it('collect (claim 17) wins with the best bid under compareBids, found by scanning every bid', () => {
    fc.assert(
      fc.property(ruleArb, bidsArb, (rule, bids) => {
        expect(run({ kind: 'collect' }, rule, bids).outcome.winner).toBe(bruteWinner(compiled(rule), bids));
      }),
    );
  });

  it('collect ranks every acceptable bid exactly as sorting them by compareBids does', () => {
    fc.assert(
      fc.property(ruleArb, bidsArb, (rule, bids) => {
        const c = compiled(rule);
        const expected = bids.filter((b) => scoreBid(c, b).acceptable).sort((x, y) => compareBids(c, x, y));
        expect(run({ kind: 'collect' }, rule, bids).outcome.ranked).toEqual(expected);
      }),
    );
  });

  it('chooses the same winner whatever order the bids arrive in, under every strategy but first-acceptable', () => {
    fc.assert(
      fc.property(ruleArb, withShuffle, (rule, [bids, shuffled]) => {
        for (const strategy of [{ kind: 'collect' }, { kind: 'best-so-far' }]) {
          expect(run(strategy, rule, shuffled).outcome.winner?.id).toBe(run(strategy, rule, bids).outcome.winner?.id);
          expect(run(strategy, rule, shuffled).outcome.winner?.centre).toBe(run(strategy, rule, bids).outcome.winner?.centre);
        }
      }),
    );
  });

  it('best-so-far (claim 16) ends with the same winner as collect (claim 17)', () => {
    fc.assert(
      fc.property(ruleArb, bidsArb, (rule, bids) => {
        expect(run({ kind: 'best-so-far' }, rule, bids).outcome.winner).toBe(run({ kind: 'collect' }, rule, bids).outcome.winner);
      }),
    );
  });

  it('first-acceptable awards the first bid in arrival order meeting the threshold, else the best acceptable bid at close', () => {
    const scored = fc.oneof(weightedArb, commandArb);
    const threshold = fc.oneof(fc.constantFrom(-10, 0, 5, 8), fc.double({ min: -1_000, max: 20, noNaN: true }));
    fc.assert(
      fc.property(fc.oneof(scored, lexicographicArb), threshold, bidsArb, (rule, t, bids) => {
        const c = compiled(rule);
        const strategy = c.scored ? { kind: 'first-acceptable', threshold: t } : { kind: 'first-acceptable' };
        const meets = (b: Bid) => {
          const e = scoreBid(c, b);
          return e.acceptable && (!c.scored || (e.score ?? Number.NEGATIVE_INFINITY) >= t);
        };
        const first = bids.find(meets);
        const { results, outcome } = run(strategy, rule, bids);
        const awards = results.flatMap((r, i) => (r.decision === 'award-now' ? [bids[i]] : []));
        expect(awards).toEqual(first === undefined ? [] : [first]);
        expect(outcome.winner).toBe(first ?? bruteWinner(c, bids));
      }),
    );
  });

  it('never lets a bid that is not acceptable win, or rank at all, under any strategy', () => {
    fc.assert(
      fc.property(ruleArb, bidsArb, (rule, bids) => {
        const c = compiled(rule);
        for (const strategy of strategies) {
          const { outcome } = run(strategy, rule, bids);
          for (const b of outcome.ranked) expect(scoreBid(c, b).acceptable).toBe(true);
          expect(outcome.winner).toBe(outcome.ranked[0]);
        }
      }),
    );
  });

  it('leaves every bid either ranked at close or released exactly once, never both, under any strategy', () => {
    fc.assert(
      fc.property(ruleArb, bidsArb, (rule, bids) => {
        for (const strategy of strategies) {
          const { results, outcome } = run(strategy, rule, bids);
          const released = results.flatMap((r) => r.release);
          expect(new Set(released).size).toBe(released.length);
          for (const b of outcome.ranked) expect(released).not.toContain(b);
          expect(released.length + outcome.ranked.length).toBe(bids.length);
        }
      }),
    );
  });

  it('gives every bid delivered more than once the effect of one delivery', () => {
    // Every bid twice, in any order; `firsts` is the order of each bid's first delivery.
    const repeated = bidsArb.chain((bids) =>
      fc.shuffledSubarray([...bids, ...bids], { minLength: bids.length * 2 }).map((twice) => {
        const seen = new Set<Bid>();
        const firsts = twice.filter((b) => !seen.has(b) && seen.add(b) !== undefined);
        return [firsts, twice] as const;
      }),
    );
    fc.assert(
      fc.property(ruleArb, repeated, (rule, [firsts, twice]) => {
        for (const strategy of strategies) {
          const once = run(strategy, rule, firsts);
          const again = run(
            strategy,
            rule,
            twice.map((b) => ({ ...b, terms: { ...b.terms } })),
          );
          expect(again.outcome.ranked.map((b) => `${b.centre}/${b.id}`)).toEqual(once.outcome.ranked.map((b) => `${b.centre}/${b.id}`));
          expect(again.results.flatMap((r) => r.release)).toHaveLength(once.results.flatMap((r) => r.release).length);
        }
      }),
    );
  });
});

describe('compareBids is a total order (property)', () => {
  const triple = fc.tuple(
    ruleArb,
    bidsArb.filter((bids) => bids.length >= 3),
  );

  it('is antisymmetric and calls two different bids equal never, and the same bid equal always', () => {
    fc.assert(
      fc.property(triple, ([rule, bids]) => {
        const c = compiled(rule);
        for (const a of bids) {
          expect(compareBids(c, a, a)).toBe(0);
          expect(compareBids(c, a, { ...a, terms: { ...a.terms } })).toBe(0);
          for (const b of bids) {
            if (a === b) continue;
            const ab = compareBids(c, a, b);
            expect(ab).not.toBe(0);
            expect(Math.sign(compareBids(c, b, a))).toBe(-Math.sign(ab));
          }
        }
      }),
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(triple, ([rule, bids]) => {
        const c = compiled(rule);
        for (const a of bids)
          for (const b of bids)
            for (const d of bids) {
              if (compareBids(c, a, b) < 0 && compareBids(c, b, d) < 0) expect(compareBids(c, a, d)).toBeLessThan(0);
            }
      }),
      { numRuns: 50 },
    );
  });
});
