import { describe, expect, it } from 'vitest';
import { agentAt, auctionNetwork, auctionOf, checkInvariants, checkQuiet, type Net, run, staff } from './auction-world.js';

// Auction source, claims 16 (best-so-far), 17 (collect until the timeout) and the early award of
// first-acceptable: how the owner's assessment strategy decides when bids are released and when
// the contact is awarded. London auctions; Paris, New York and Rome bid with one agent each, whose
// proficiency decides under `most-skilled`. Links into London are delayed so the bids arrive in a
// known order: Paris at once, New York after 100 ms, Rome after 200 ms.
const ids = ['london', 'paris', 'new-york', 'rome'];
const staggered = {
  links: [
    { from: 'new-york', to: 'london', delayMs: 100 },
    { from: 'rome', to: 'london', delayMs: 200 },
  ],
};
const mostSkilled = { kind: 'command', command: 'most-skilled' } as const;

async function threeBidders(strategy: { kind: 'best-so-far' } | { kind: 'collect' } | { kind: 'first-acceptable'; threshold?: number }) {
  const net = await auctionNetwork({ faults: staggered, auctions: { london: { rule: mostSkilled, strategy } } }, ids);
  staff(net, 'paris', 'p1', { skills: { billing: 4 } });
  staff(net, 'new-york', 'n1', { skills: { billing: 9 } });
  staff(net, 'rome', 'r1', { skills: { billing: 6 } });
  run(net, [], 300);
  net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
  net.settle();
  return net;
}

/** Whether the agent holds a lease now, as its home centre says. */
const reserved = (net: Net, centre: string, id: string) => agentAt(net, centre, id)?.context.lease !== null;

/** Moves time to `at` ms after the contact arrived (it arrived at 300). */
const until = (net: Net, at: number) => run(net, ['c1'], 300 + at - net.clock.now(), 10);

describe('best-so-far keeps one winning bid (claim 16)', () => {
  it('releases a displaced winner and a worse bid at once, long before the deadline, and awards the best bid at the deadline (claim 16)', async () => {
    const net = await threeBidders({ kind: 'best-so-far' });
    // Paris's bid is the only one so far: it leads, its agent is leased.
    expect(reserved(net, 'paris', 'p1')).toBe(true);

    until(net, 100);
    // New York's better bid replaced it: Paris's lease is released now, not at the deadline.
    expect(reserved(net, 'new-york', 'n1')).toBe(true);
    expect(reserved(net, 'paris', 'p1')).toBe(false);
    expect(net.centre('london').replicas.agent('paris', 'p1')?.state).toBe('idle');

    until(net, 200);
    // Rome's bid does not beat New York's: it is out at once too.
    expect(reserved(net, 'rome', 'r1')).toBe(false);
    expect(net.log.auctions).toEqual([]);

    // At the deadline New York is awarded; its confirmation takes the 100 ms of its link.
    until(net, 2_100);
    expect(net.log.auctions).toHaveLength(1);
    const [closed] = net.log.auctions;
    expect(closed).toMatchObject({ result: 'awarded', contact: 'c1', winner: { centre: 'new-york', agent: 'n1' } });
    expect(closed?.explanation?.bids.map((b) => [b.centre, b.standing])).toEqual([
      ['new-york', 'winner'],
      // The bids that are out follow in bid order (the rule's), not in arrival order.
      ['rome', 'worse-than-winner'],
      ['paris', 'displaced'],
    ]);
    expect(net.log.offers).toEqual([{ centre: 'new-york', agent: 'n1', contact: 'c1' }]);
    until(net, 2_200);
    expect(net.owners('c1')).toEqual(['new-york']);
    checkQuiet(net, ['c1']);
    expect(net.log.failures).toEqual([]);
    await net.stop();
  });
});

describe('best-so-far keeps no runners-up (claim 16)', () => {
  it('when its one winner cannot confirm, the contact stays in the local queue: the others were released long ago', async () => {
    const net = await threeBidders({ kind: 'best-so-far' });
    until(net, 1_000);
    net.centre('new-york').agents.logout('n1');
    until(net, 2_200);
    expect(net.log.auctions[0]).toMatchObject({
      result: 'stayed',
      reason: expect.stringMatching(/^new-york\.\S+ could not confirm: the lease on the agent is gone/),
    });
    expect(net.owners('c1')).toEqual(['london']);
    expect(net.log.offers).toEqual([]);
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});

describe('collect takes every bid until the deadline (claim 17)', () => {
  it('keeps every lease until the deadline, then awards the best and releases the runners-up (claims 17, 1c)', async () => {
    const net = await threeBidders({ kind: 'collect' });
    until(net, 1_990);
    // Nothing is decided before the deadline: every bidder still holds its agent.
    expect([reserved(net, 'paris', 'p1'), reserved(net, 'new-york', 'n1'), reserved(net, 'rome', 'r1')]).toEqual([true, true, true]);
    expect(net.log.auctions).toEqual([]);

    until(net, 2_100);
    const [closed] = net.log.auctions;
    expect(closed).toMatchObject({ result: 'awarded', winner: { centre: 'new-york', agent: 'n1' } });
    // Ranked best first: the runners-up are next in line should the winner fail to confirm.
    expect(closed?.explanation?.bids.map((b) => [b.centre, b.standing])).toEqual([
      ['new-york', 'winner'],
      ['rome', 'runner-up'],
      ['paris', 'runner-up'],
    ]);
    expect([reserved(net, 'paris', 'p1'), reserved(net, 'rome', 'r1')]).toEqual([false, false]);
    // New York's acknowledgement of the handover takes its 100 ms too.
    until(net, 2_200);
    expect(net.log.forwards).toEqual([{ centre: 'london', contact: 'c1', to: 'new-york', agent: 'n1' }]);
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});

describe('first-acceptable awards the first bid that meets the threshold', () => {
  it('awards New York as soon as its bid meets threshold 7, before the deadline, and releases the others (claim 16)', async () => {
    const net = await threeBidders({ kind: 'first-acceptable', threshold: 7 });
    until(net, 50);
    // Paris (4) is acceptable but below the threshold: held, not awarded.
    expect(auctionOf(net, 'c1')?.value).toBe('open');
    expect(reserved(net, 'paris', 'p1')).toBe(true);

    // New York (9) meets it: the auction closes now and awards it, 1.9 s before the deadline.
    until(net, 100);
    expect(auctionOf(net, 'c1')?.value).toBe('awarding');
    until(net, 200);
    expect(net.log.auctions).toHaveLength(1);
    expect(net.log.auctions[0]).toMatchObject({ result: 'awarded', winner: { centre: 'new-york', agent: 'n1' } });
    expect(net.log.auctions[0]?.explanation?.summary).toMatch(/first bid to meet threshold 7/);
    expect(net.log.offers).toEqual([{ centre: 'new-york', agent: 'n1', contact: 'c1' }]);
    // Paris was next in line until New York confirmed; Rome's bid came after the award: both released.
    expect(reserved(net, 'paris', 'p1')).toBe(false);
    expect(reserved(net, 'rome', 'r1')).toBe(false);
    until(net, 3_000);
    expect(net.log.auctions).toHaveLength(1);
    checkQuiet(net, ['c1']);
    await net.stop();
  });

  it('falls back to the best acceptable bid at the deadline when none meets the threshold (claim 17)', async () => {
    const net = await threeBidders({ kind: 'first-acceptable', threshold: 10 });
    until(net, 1_990);
    expect(net.log.auctions).toEqual([]);
    until(net, 2_100);
    expect(net.log.auctions[0]).toMatchObject({ result: 'awarded', winner: { centre: 'new-york', agent: 'n1' } });
    expect(net.log.auctions[0]?.explanation?.summary).toMatch(/No bid met threshold 10/);
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});

describe('every strategy ends in one award and leaves no lease behind (invariant 4)', () => {
  for (const strategy of [{ kind: 'best-so-far' }, { kind: 'collect' }, { kind: 'first-acceptable', threshold: 5 }] as const) {
    it(`${strategy.kind}: the contact is served by the one agent it was awarded to (claims 1c, 35)`, async () => {
      const net = await threeBidders(strategy);
      until(net, 3_000);
      const [closed] = net.log.auctions;
      expect(closed?.result).toBe('awarded');
      const winner = closed?.winner;
      expect(net.log.offers).toEqual([{ centre: winner?.centre, agent: winner?.agent, contact: 'c1' }]);
      net.centre(winner?.centre ?? '').agents.answer(winner?.agent ?? '', 'c1');
      net.settle();
      checkInvariants(net, ['c1']);
      expect(net.owners('c1')).toEqual([winner?.centre]);
      checkQuiet(net, ['c1']);
      await net.stop();
    });
  }
});
