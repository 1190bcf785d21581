import { describe, expect, it } from 'vitest';
import type { EventObject } from 'xstate';
import {
  agentAt,
  auctionNetwork,
  auctionOf,
  checkQuiet,
  leased,
  type Net,
  type NetOptions,
  openAuctions,
  run,
  scriptedBidder,
  staff,
  whereIs,
} from './auction-world.js';

// Auction source, claims 1c (assign to the winner), 17 (collect until the timeout), 34–36, and
// DESIGN.md §8 invariants 2 (one owner, one offer), 3 (nothing lost) and 4 (every auction ends
// and leaves no lease behind) when things go wrong: a winner that cannot confirm, a bidder that
// crashes, bids that come too late, a contact that leaves the queue mid-auction, an owner that
// crashes. London auctions under `most-skilled`; Paris bids with Pia (9), New York with Noa (5).
const mostSkilled = { kind: 'command', command: 'most-skilled' } as const;

async function parisAndNewYork(options: NetOptions = {}) {
  const net = await auctionNetwork({ auctions: { london: { rule: mostSkilled } }, ...options });
  staff(net, 'paris', 'p1', { skills: { billing: 9 } });
  staff(net, 'new-york', 'n1', { skills: { billing: 5 } });
  net.settle();
  net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
  net.settle();
  return net;
}

const lease = (net: Net, centre: string, id: string) => agentAt(net, centre, id)?.context.lease ?? null;

describe('a winner that cannot confirm gives way to the next best bid (claim 1c, invariant 2)', () => {
  it('Pia logs out before the award: Paris refuses, New York is awarded and Noa gets the contact (claim 1c)', async () => {
    const net = await parisAndNewYork();
    expect(lease(net, 'paris', 'p1')).not.toBeNull();
    run(net, ['c1'], 1_000);
    net.centre('paris').agents.logout('p1');
    run(net, ['c1'], 1_000);

    const [closed] = net.log.auctions;
    expect(closed).toMatchObject({ result: 'awarded', winner: { centre: 'new-york', agent: 'n1' } });
    expect(closed?.reason).toMatch(
      /^new-york\.\S+ \(new-york\) won as the next best bid: paris\.\S+ could not confirm: the lease on the agent is gone/,
    );
    expect(net.log.forwards).toEqual([{ centre: 'london', contact: 'c1', to: 'new-york', agent: 'n1' }]);
    expect(net.log.offers).toEqual([{ centre: 'new-york', agent: 'n1', contact: 'c1' }]);
    expect(net.owners('c1')).toEqual(['new-york']);
    checkQuiet(net, ['c1']);
    await net.stop();
  });

  it('Pia’s lease ends and she takes a Paris call before the award: Paris refuses, Noa gets the contact, Pia holds only her call (claim 1c, invariant 1)', async () => {
    const net = await parisAndNewYork();
    run(net, ['c1'], 500);
    net.centre('paris').agents.notReady('p1', 'break');
    net.centre('paris').agents.ready('p1');
    net.settle();
    net.centre('paris').contacts.arrive({ id: 'p-call', media: 'voice', skillset: 'billing' });
    net.settle();
    net.centre('paris').agents.answer('p1', 'p-call');
    run(net, ['c1', 'p-call'], 1_500);

    expect(net.log.auctions[0]).toMatchObject({ result: 'awarded', winner: { centre: 'new-york', agent: 'n1' } });
    expect(agentAt(net, 'paris', 'p1')?.context.work.map((w) => w.contact)).toEqual(['p-call']);
    expect(net.log.offers.filter((o) => o.contact === 'c1')).toEqual([{ centre: 'new-york', agent: 'n1', contact: 'c1' }]);
    expect(net.owners('c1')).toEqual(['new-york']);
    checkQuiet(net, ['c1', 'p-call']);
    await net.stop();
  });

  it('a winner that never answers is released after awardMs and the next best bid is awarded (claim 1c)', async () => {
    const net = await auctionNetwork({ auctions: { london: { rule: mostSkilled, awardMs: 1_000 } }, bidding: { 'new-york': false } });
    staff(net, 'paris', 'p1', { skills: { billing: 5 } });
    const silent = scriptedBidder(net, 'new-york', { terms: { cost: 0, proficiency: 10, timeToServiceMs: 0 }, answer: 'silent' });
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    run(net, ['c1'], 2_000);
    expect(silent.awarded()).toEqual(['new-york.s1']);
    expect(auctionOf(net, 'c1')?.value).toBe('awarding');
    run(net, ['c1'], 1_000);
    expect(silent.released()).toEqual(['new-york.s1']);
    expect(net.log.auctions[0]).toMatchObject({
      result: 'awarded',
      winner: { centre: 'paris', agent: 'p1' },
      reason: expect.stringMatching(/could not confirm: no confirmation in time/),
    });
    expect(net.owners('c1')).toEqual(['paris']);
    checkQuiet(net, ['c1']);
    await net.stop();
  });

  it('stays in the local queue when no bidder can confirm (claim 36)', async () => {
    const net = await parisAndNewYork();
    run(net, ['c1'], 1_000);
    net.centre('paris').agents.logout('p1');
    net.centre('new-york').agents.logout('n1');
    run(net, ['c1'], 1_000);
    expect(net.log.auctions[0]).toMatchObject({ result: 'stayed', reason: expect.stringMatching(/could not confirm/) });
    expect(whereIs(net, 'c1')).toEqual({ london: 'queued' });
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});

describe('a winner whose centre refuses the move (claims 35, 36)', () => {
  it('the contact comes back to the local queue, the lease is released, and it is auctioned again (claims 34, 35)', async () => {
    // London's messages reach Paris 100 ms late: Paris confirms its award, then switches to local
    // mode before London's handover request arrives, and refuses it.
    const net = await parisAndNewYork({ faults: { links: [{ from: 'london', to: 'paris', delayMs: 100 }] } });
    run(net, ['c1'], 2_150, 10);
    expect(net.log.auctions[0]).toMatchObject({ result: 'awarded', winner: { centre: 'paris', agent: 'p1' } });
    net.centre('paris').setMode({ kind: 'local' });
    run(net, ['c1'], 200, 10);
    expect(net.log.forwards).toEqual([]);
    expect(lease(net, 'paris', 'p1')).toBeNull();
    // Back in London's queue, which has no agents: a second auction, which New York wins.
    expect(net.log.auctions).toHaveLength(1);
    expect(auctionOf(net, 'c1')?.value).toBe('open');
    run(net, ['c1'], 2_100);
    expect(net.log.auctions[1]).toMatchObject({ result: 'awarded', winner: { centre: 'new-york', agent: 'n1' } });
    expect(net.log.forwards).toEqual([{ centre: 'london', contact: 'c1', to: 'new-york', agent: 'n1' }]);
    expect(net.owners('c1')).toEqual(['new-york']);
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});

describe('a bidder centre that crashes mid-auction (invariants 3, 4)', () => {
  it('Paris crashes after bidding: the auction still ends by its deadline and the award timeout, and New York gets the contact (claims 17, 1c)', async () => {
    const net = await parisAndNewYork();
    run(net, ['c1'], 500);
    expect(lease(net, 'paris', 'p1')).not.toBeNull();
    net.hub.crash('paris');
    await net.centre('paris').stop();
    // The deadline (2 s), then Paris's award unanswered for awardMs (2 s): New York is next.
    run(net, ['c1'], 1_500);
    expect(auctionOf(net, 'c1')?.value).toBe('awarding');
    run(net, ['c1'], 2_000);
    expect(net.log.auctions[0]).toMatchObject({ result: 'awarded', winner: { centre: 'new-york', agent: 'n1' } });
    expect(net.owners('c1')).toEqual(['new-york']);
    expect(openAuctions(net)).toEqual([]);

    // Paris comes back: Pia is recovered logged out, with no lease (nothing was left behind).
    const paris = await net.restart('paris');
    paris.agents.login('p1', { displayName: 'p1', skills: { billing: 9 } });
    net.settle();
    expect(lease(net, 'paris', 'p1')).toBeNull();
    checkQuiet(net, ['c1']);
    await net.stop();
  });

  it('the only bidder crashes: the contact stays queued in London, not lost, and is served there later (claim 36)', async () => {
    const net = await auctionNetwork({ auctions: { london: {} } });
    staff(net, 'paris', 'p1');
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    net.hub.crash('paris');
    await net.centre('paris').stop();
    run(net, ['c1'], 4_000);
    expect(net.log.auctions[0]).toMatchObject({ result: 'stayed', reason: expect.stringMatching(/no confirmation in time/) });
    expect(whereIs(net, 'c1')).toEqual({ london: 'queued' });
    staff(net, 'london', 'l1');
    net.settle();
    expect(net.log.offers).toEqual([{ centre: 'london', agent: 'l1', contact: 'c1' }]);
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});

describe('a winner cut off from the owner (invariant 4)', () => {
  it('Paris is split from London after bidding: New York is awarded after the award timeout; when the split heals Paris hears of its award and its release, and frees Pia (claim 1c)', async () => {
    const net = await parisAndNewYork();
    run(net, ['c1'], 500);
    net.hub.partition([['paris'], ['london', 'new-york']]);
    run(net, ['c1'], 3_600);
    expect(net.log.auctions[0]).toMatchObject({ result: 'awarded', winner: { centre: 'new-york', agent: 'n1' } });
    expect(net.owners('c1')).toEqual(['new-york']);
    // Paris never heard: Pia is still held for an auction that is over…
    expect(lease(net, 'paris', 'p1')).not.toBeNull();
    net.hub.heal();
    net.settle();
    // …until the messages held by the split arrive: the award (confirmed, too late to matter), then the release.
    expect(lease(net, 'paris', 'p1')).toBeNull();
    expect(net.log.offers).toEqual([{ centre: 'new-york', agent: 'n1', contact: 'c1' }]);
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});

describe('an owner that crashes mid-auction (invariant 4)', () => {
  it('leaves no lease behind: the bidders’ leases expire by themselves, and its new life auctions the contact anew (claim 34)', async () => {
    const net = await parisAndNewYork();
    run(net, ['c1'], 500);
    expect(leased(net).sort()).toEqual(['new-york/agent/n1', 'paris/agent/p1']);
    await net.restart('london');
    // The old auction is gone with the old life; the contact is recovered, queued, and auctioned
    // again under a new id (not the old life's, which the bidders already answered).
    expect(whereIs(net, 'c1')).toEqual({ london: 'queued' });
    run(net, ['c1'], 3_000);
    const [first] = net.log.auctions;
    expect(first?.auctionId).not.toBe('c1:1001');
    // Pia and Noa are still leased to the dead auction, and neither centre can tell its wait yet
    // (so neither promises its queue): nobody bids, and the contact stays in London's queue.
    expect(first).toMatchObject({ result: 'stayed' });
    expect(whereIs(net, 'c1')).toEqual({ london: 'queued' });
    // The dead auction's leases run out by themselves; the contact is auctioned again after
    // `retryMs` (15 s) under a new id, and an agent wins it by that auction's deadline.
    run(net, ['c1'], 17_500, 500);
    expect(net.log.auctions).toHaveLength(2);
    const second = net.log.auctions[1];
    expect(second?.auctionId).toBe(`${first?.auctionId}.1`);
    expect(second).toMatchObject({ result: 'awarded', winner: { centre: 'paris', agent: 'p1' } });
    expect(leased(net)).toEqual([]);
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'p1', contact: 'c1' }]);
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});

describe('a bid after the deadline is ignored and its lease released at once (claim 17)', () => {
  it('Paris’s bid arrives when the auction is over: the owner’s desk tells it to release, and Pia is free again (claim 17)', async () => {
    // Paris's messages reach London 2.5 s after they are sent; the deadline is at 2 s.
    const net = await parisAndNewYork({ faults: { links: [{ from: 'paris', to: 'london', delayMs: 2_500 }] } });
    run(net, ['c1'], 2_100);
    expect(net.log.auctions[0]).toMatchObject({ result: 'awarded', winner: { centre: 'new-york', agent: 'n1' } });
    expect(net.log.auctions[0]?.explanation?.bids.map((b) => b.centre)).toEqual(['new-york']);
    expect(lease(net, 'paris', 'p1')).not.toBeNull();
    run(net, ['c1'], 400);
    // Released by return (London → Paris is not slow).
    expect(lease(net, 'paris', 'p1')).toBeNull();
    expect(net.log.offers).toEqual([{ centre: 'new-york', agent: 'n1', contact: 'c1' }]);
    checkQuiet(net, ['c1'], 3_000);
    await net.stop();
  });

  it('a bid arriving while the winner is being asked to confirm is refused too, and never awarded (claim 17)', async () => {
    // New York confirms slowly (its link is 500 ms); Paris's bid lands 200 ms after the deadline.
    const net = await parisAndNewYork({
      faults: {
        links: [
          { from: 'new-york', to: 'london', delayMs: 500 },
          { from: 'paris', to: 'london', delayMs: 2_200 },
        ],
      },
    });
    run(net, ['c1'], 2_200, 10);
    expect(auctionOf(net, 'c1')?.value).toBe('awarding');
    expect(lease(net, 'paris', 'p1')).toBeNull();
    run(net, ['c1'], 1_000);
    expect(net.log.auctions[0]).toMatchObject({ result: 'awarded', winner: { centre: 'new-york' } });
    expect(net.log.auctions[0]?.explanation?.bids.map((b) => b.centre)).toEqual(['new-york']);
    checkQuiet(net, ['c1'], 3_000);
    await net.stop();
  });

  it('a bid delivered by hand after the close is answered with a release naming why (claims 7, 17)', async () => {
    const net = await parisAndNewYork();
    const late = scriptedBidder(net, 'new-york', { terms: { cost: 0, proficiency: 10, timeToServiceMs: 0 }, manual: true });
    run(net, ['c1'], 2_000);
    const auctionId = net.log.auctions[0]?.auctionId ?? '';
    const bidId = late.bid({ auctionId, replyTo: 'london/auctions/main' });
    net.settle();
    const release = late.heard.find((e) => e.type === 'auction.release') as (EventObject & { body: unknown }) | undefined;
    expect(release?.body).toEqual({ auctionId, bidId, reason: 'the auction is over' });
    expect(net.log.auctions).toHaveLength(1);
    await net.stop();
  });
});

describe('a contact that leaves the queue mid-auction cancels it (claim 36, invariant 4)', () => {
  it('taken by a local agent: the auction is cancelled, every lease released and the entity cleared (claims 34, 36)', async () => {
    const net = await auctionNetwork({ auctions: { london: { rule: mostSkilled } } });
    staff(net, 'london', 'l1');
    net.settle();
    net.centre('london').contacts.arrive({ id: 'w', media: 'voice', skillset: 'billing' });
    net.settle();
    net.centre('london').agents.answer('l1', 'w');
    staff(net, 'paris', 'p1', { skills: { billing: 9 } });
    staff(net, 'new-york', 'n1', { skills: { billing: 5 } });
    run(net, [], 1_000);
    const entities: string[] = [];
    const spy = net.centre('new-york').runtime.endpoint('spy', 'entities', (e) => entities.push(e.type));
    net.centre('new-york').runtime.listen('auction/london/c1', spy);
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(leased(net).sort()).toEqual(['new-york/agent/n1', 'paris/agent/p1']);

    // Lee's call ends before the deadline: London's router gives him the waiting contact.
    run(net, ['c1'], 1_000);
    net.centre('london').contacts.end('w');
    net.centre('london').contacts.wrapped('w');
    net.settle();
    // (The first call, which Lee took as it arrived, was never auctioned at all.)
    expect(net.log.auctions.map((a) => [a.contact, a.result, a.reason])).toEqual([['c1', 'cancelled', 'the contact is reserving here']]);
    expect(net.log.offers.at(-1)).toEqual({ centre: 'london', agent: 'l1', contact: 'c1' });
    run(net, ['c1'], 100);
    // Lee's lease became his offer; Pia's and Noa's were released.
    expect(leased(net)).toEqual([]);
    expect(entities).toEqual(['auction.entity', 'retained.cleared']);
    expect(net.log.forwards).toEqual([]);
    checkQuiet(net, ['c1']);
    await net.stop();
  });

  it('abandoned by the customer: the auction is cancelled and every lease released (claim 34)', async () => {
    const net = await parisAndNewYork();
    run(net, ['c1'], 1_000);
    net.centre('london').contacts.abandon('c1');
    net.settle();
    expect(net.log.auctions[0]).toMatchObject({ result: 'cancelled', reason: 'the contact is gone' });
    run(net, [], 100);
    expect(leased(net)).toEqual([]);
    expect(net.log.outcomes).toEqual([{ centre: 'london', contact: 'c1', outcome: 'abandoned' }]);
    checkQuiet(net, []);
    await net.stop();
  });
});
