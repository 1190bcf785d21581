import {
  type AssessmentStrategy,
  type AuctionOptions,
  createCentre,
  createScoringCommandRegistry,
  ErrorCode,
  type ScoringRule,
  VirtualClock,
} from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { auctionNetwork, checkQuiet, type NetOptions, run, staff } from './auction-world.js';

// Auction source, claims 12–15: the scoring rule is data the contact information entity carries
// (weights, thresholds, lexicographic order, penalties per centre) or names a scoring command from
// a registry every node trusts (the command pattern). The same three bidders each time:
//   Paris  — agent proficiency 6, quotes cost 2
//   New York — agent proficiency 8, quotes cost 5
//   Rome   — agent proficiency 3, quotes cost 1
const ids = ['london', 'paris', 'new-york', 'rome'];
const quotes: NonNullable<NetOptions['bidding']> = {
  paris: { cost: () => 2 },
  'new-york': { cost: () => 5 },
  rome: { cost: () => 1 },
};

async function auction(rule: ScoringRule, options: NetOptions = {}) {
  const net = await auctionNetwork({ auctions: { london: { rule } }, bidding: quotes, ...options }, ids);
  staff(net, 'paris', 'p1', { skills: { billing: 6 } });
  staff(net, 'new-york', 'n1', { skills: { billing: 8 } });
  staff(net, 'rome', 'r1', { skills: { billing: 3 } });
  net.settle();
  net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
  net.settle();
  run(net, ['c1'], 2_000);
  const [closed] = net.log.auctions;
  return { net, closed, bids: closed?.explanation?.bids.map((b) => [b.centre, b.score ?? b.keys, b.standing]) };
}

describe('weighted rules (claims 12, 13)', () => {
  const weights = { cost: -1, proficiency: 1 };

  it('scores Σ weight × value with a negative cost weight: Paris (6 − 2) beats New York (8 − 5) and Rome (3 − 1) (claims 12, 13)', async () => {
    const { net, closed, bids } = await auction({ kind: 'weighted', weights });
    expect(closed).toMatchObject({ result: 'awarded', winner: { centre: 'paris', agent: 'p1' } });
    expect(bids).toEqual([
      ['paris', 4, 'winner'],
      ['new-york', 3, 'runner-up'],
      ['rome', 2, 'runner-up'],
    ]);
    expect(net.log.forwards).toEqual([{ centre: 'london', contact: 'c1', to: 'paris', agent: 'p1' }]);
    checkQuiet(net, ['c1']);
    await net.stop();
  });

  it('a penalty on Paris changes the winner: with −2, Paris scores 2 and New York wins (claims 12, 13)', async () => {
    const { net, closed, bids } = await auction({ kind: 'weighted', weights, penalties: { paris: -2 } });
    expect(closed).toMatchObject({ result: 'awarded', winner: { centre: 'new-york', agent: 'n1' } });
    expect(bids).toEqual([
      ['new-york', 3, 'winner'],
      // Paris's 2 and Rome's 2 tie; equal times, so the higher proficiency breaks it (docs/auctions.md, tie-breaking).
      ['paris', 2, 'runner-up'],
      ['rome', 2, 'runner-up'],
    ]);
    expect(closed?.explanation?.rule).toMatch(/adjusting paris -2/);
    expect(net.log.forwards).toEqual([{ centre: 'london', contact: 'c1', to: 'new-york', agent: 'n1' }]);
    checkQuiet(net, ['c1']);
    await net.stop();
  });

  it('a bid over a threshold is not acceptable: it never wins and its lease is released at once, even under collect (claim 13)', async () => {
    const net = await auctionNetwork(
      { auctions: { london: { rule: { kind: 'weighted', weights: { proficiency: 1 }, thresholds: { maxCost: 4 } } } }, bidding: quotes },
      ids,
    );
    staff(net, 'paris', 'p1', { skills: { billing: 6 } });
    staff(net, 'new-york', 'n1', { skills: { billing: 8 } });
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    // New York's bid (cost 5) fails maxCost 4: out now, long before the deadline.
    expect(net.centre('new-york').runtime.snapshot('new-york/agent/n1')).toMatchObject({ context: { lease: null } });
    expect(net.centre('paris').runtime.snapshot('paris/agent/p1')).not.toMatchObject({ context: { lease: null } });
    run(net, ['c1'], 2_000);
    const [closed] = net.log.auctions;
    expect(closed).toMatchObject({ result: 'awarded', winner: { centre: 'paris' } });
    expect(closed?.explanation?.bids.find((b) => b.centre === 'new-york')).toMatchObject({
      acceptable: false,
      reasons: ['cost 5 is over maxCost 4'],
      standing: 'not-acceptable',
    });
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});

describe('lexicographic rules (claims 12, 13)', () => {
  const order = [
    { field: 'cost', prefer: 'low' },
    { field: 'proficiency', prefer: 'high' },
  ] as const;

  it('compares field by field: the cheapest bid wins whatever its proficiency (claim 13)', async () => {
    const { net, closed, bids } = await auction({ kind: 'lexicographic', order: [...order] });
    expect(closed).toMatchObject({ result: 'awarded', winner: { centre: 'rome', agent: 'r1' } });
    // Keys, higher is better: [the centre's adjustment, −cost, proficiency].
    expect(bids).toEqual([
      ['rome', [0, -1, 3], 'winner'],
      ['paris', [0, -2, 6], 'runner-up'],
      ['new-york', [0, -5, 8], 'runner-up'],
    ]);
    checkQuiet(net, ['c1']);
    await net.stop();
  });

  it('a penalty is the first key: Rome becomes the last resort and Paris, next cheapest, wins (claim 13)', async () => {
    const { net, closed, bids } = await auction({ kind: 'lexicographic', order: [...order], penalties: { rome: -1 } });
    expect(closed).toMatchObject({ result: 'awarded', winner: { centre: 'paris', agent: 'p1' } });
    expect(bids).toEqual([
      ['paris', [0, -2, 6], 'winner'],
      ['new-york', [0, -5, 8], 'runner-up'],
      ['rome', [-1, -1, 3], 'runner-up'],
    ]);
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});

describe('scoring commands: the command pattern (claims 14, 15)', () => {
  it('a built-in command with params scores every bid the same on every node: value-for-money picks Paris (claims 14, 15)', async () => {
    const { net, closed, bids } = await auction({ kind: 'command', command: 'value-for-money', params: { costWeight: 1 } });
    // proficiency ÷ (1 + cost): Paris 6/3 = 2, Rome 3/2 = 1.5, New York 8/6 ≈ 1.33.
    expect(closed).toMatchObject({ result: 'awarded', winner: { centre: 'paris', agent: 'p1' } });
    expect(bids?.map(([centre, , standing]) => [centre, standing])).toEqual([
      ['paris', 'winner'],
      ['rome', 'runner-up'],
      ['new-york', 'runner-up'],
    ]);
    expect(closed?.explanation?.bids[0]?.score).toBe(2);
    checkQuiet(net, ['c1']);
    await net.stop();
  });

  it('a command registered on every centre with createScoringCommandRegistry().register(...) is named by the rule and used (claims 14, 15)', async () => {
    const scoringCommands = createScoringCommandRegistry().register('home-first', {
      params: t.type({ home: t.string }),
      score: (terms, { home }, { centre }) => (centre === home ? 1_000 : 0) + terms.proficiency,
      describe: ({ home }) => `home-first(${home})`,
    });
    const { net, closed, bids } = await auction({ kind: 'command', command: 'home-first', params: { home: 'rome' } }, { scoringCommands });
    // Rome is the least skilled, but the rule prefers it.
    expect(closed).toMatchObject({ result: 'awarded', winner: { centre: 'rome', agent: 'r1' } });
    expect(bids).toEqual([
      ['rome', 1_003, 'winner'],
      ['new-york', 8, 'runner-up'],
      ['paris', 6, 'runner-up'],
    ]);
    expect(closed?.explanation?.rule).toBe('home-first(rome)');
    expect(net.log.forwards).toEqual([{ centre: 'london', contact: 'c1', to: 'rome', agent: 'r1' }]);
    checkQuiet(net, ['c1']);
    await net.stop();
  });

  it('createCentre refuses a rule naming a command it does not know (CM_ERR_UNKNOWN_SCORING_COMMAND), and a malformed rule (CM_ERR_INVALID_OPTION) (claims 12–15)', () => {
    const clock = new VirtualClock(0);
    const hub = createMemoryHub({ clock });
    const make =
      (auctions: AuctionOptions, scoringCommands = createScoringCommandRegistry()) =>
      () =>
        createCentre({
          id: 'london',
          network: 'acme',
          transport: hub.transport('london'),
          clock,
          adapter: { offer: () => undefined },
          auctions,
          scoringCommands,
        });
    expect(make({ rule: { kind: 'command', command: 'home-first' } })).toThrow(
      expect.objectContaining({ code: ErrorCode.UNKNOWN_SCORING_COMMAND, message: expect.stringMatching(/home-first/) }),
    );
    // Known on another node is not enough: every centre registers the commands it may score with.
    const elsewhere = createScoringCommandRegistry({ builtIns: false });
    expect(make({ rule: { kind: 'command', command: 'fastest' } }, elsewhere)).toThrow(
      expect.objectContaining({ code: ErrorCode.UNKNOWN_SCORING_COMMAND }),
    );
    expect(make({ rule: { kind: 'weighted', weights: { cost: -1 }, treshold: 3 } as unknown as ScoringRule })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION }),
    );
    expect(make({ strategy: { kind: 'first-past-the-post' } as unknown as AssessmentStrategy })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION }),
    );
  });

  it('createCentre refuses, at once, policies bidders could not read or the auction could not run (CM_ERR_INVALID_OPTION) (claims 12, 16, 24, 36)', () => {
    const clock = new VirtualClock(0);
    const hub = createMemoryHub({ clock });
    const make = (auctions: AuctionOptions) => () =>
      createCentre({
        id: 'london',
        network: 'acme',
        transport: hub.transport('london'),
        clock,
        adapter: { offer: () => undefined },
        auctions,
      });
    const refused = (path: string) =>
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION, details: expect.objectContaining({ path }) });
    // A threshold needs a score; a lexicographic rule has none (the auction failed at its first bid).
    const lexicographic: ScoringRule = { kind: 'lexicographic', order: [{ field: 'cost', prefer: 'low' }] };
    expect(make({ rule: lexicographic, strategy: { kind: 'first-acceptable', threshold: 5 } })).toThrow(refused('auctions.strategy'));
    // Fields every entity carries: bidders refused the entity, so no bid ever came.
    expect(make({ bidForm: 'entries' as AuctionOptions['bidForm'] & string })).toThrow(refused('auctions.bidForm'));
    expect(make({ params: ['price'] as unknown as AuctionOptions['params'] & object })).toThrow(refused('auctions.params'));
    expect(make({ reserve: { improveByMs: -1 } })).toThrow(refused('auctions.reserve'));
    expect(make({ reserve: { improveBy: 3 } as unknown as AuctionOptions['reserve'] & object })).toThrow(refused('auctions.reserve'));
    // Still fine: a lexicographic rule with its bar in the rule's thresholds.
    expect(make({ rule: { ...lexicographic, thresholds: { maxCost: 5 } }, strategy: { kind: 'first-acceptable' } })).not.toThrow();
  });
});
