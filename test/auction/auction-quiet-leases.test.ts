import { describe, expect, it } from 'vitest';
import { auctionNetwork, checkInvariants, contactAt, run, staff, whereIs } from './auction-world.js';

// A lease for a centre's own bid is not published (docs/auctions.md, "Publications per auction"):
// what that must not cost — a move the owner's next life cannot find, tries spent on agents the
// centre's own bids hold, occupancy counted from the wrong time.

describe('an owner that crashes while it hands an auctioned contact to the winner', () => {
  it('comes back and asks the winner again, so the contact has exactly one owner (invariant 2)', async () => {
    // Paris → London is slow (1 s): its bid lands before the 2 s deadline, its confirmation at 3 s,
    // its handover answer at 4 s. London crashes in between, while the contact is handing over.
    const net = await auctionNetwork({
      auctions: { london: { rule: { kind: 'command', command: 'most-skilled' } } },
      faults: { links: [{ from: 'paris', to: 'london', delayMs: 1_000 }] },
    });
    staff(net, 'paris', 'p1', { skills: { billing: 9 } });
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    run(net, ['c1'], 3_500, 50);
    expect(contactAt(net, 'london', 'c1')?.value).toBe('handingOver');
    expect(contactAt(net, 'paris', 'c1')).toBeDefined(); // Paris took it; its answer is on the way
    await net.restart('london');
    net.hub.setFaults({});
    run(net, ['c1'], 5_000, 100);
    checkInvariants(net, ['c1']);
    expect(net.owners('c1'), JSON.stringify(whereIs(net, 'c1'))).toEqual(['paris']);
    await net.stop();
  });
});

describe('a centre bidding in several auctions at once', () => {
  it('bids its fourth free agent in the fourth auction, not spending its tries on agents its own bids hold', async () => {
    const net = await auctionNetwork({ auctions: { london: { strategy: { kind: 'collect' } } } }, ['london', 'paris']);
    for (const id of ['p1', 'p2', 'p3', 'p4']) {
      staff(net, 'paris', id);
      net.clock.advance(10); // p1 idle longest, then p2, p3, p4
      net.settle();
    }
    for (const id of ['c1', 'c2', 'c3', 'c4']) {
      net.centre('london').contacts.arrive({ id, media: 'voice', skillset: 'billing' });
      net.settle();
    }
    run(net, ['c1', 'c2', 'c3', 'c4'], 3_000);
    expect(net.log.auctions.map((a) => [a.contact, a.result])).toEqual([
      ['c1', 'awarded'],
      ['c2', 'awarded'],
      ['c3', 'awarded'],
      ['c4', 'awarded'],
    ]);
    await net.stop();
  });
});

describe("a winning bidder's occupancy", () => {
  it('counts as busy the time from the lease on, not the agent’s idle time before it', async () => {
    const net = await auctionNetwork({ auctions: { london: { strategy: { kind: 'first-acceptable' } } } }, ['london', 'paris']);
    staff(net, 'paris', 'p1');
    net.settle();
    run(net, [], 600_000, 10_000); // Pia idle for ten minutes
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    run(net, ['c1'], 3_000); // the auction; Pia's phone rings and rings on
    const { busyAgentSeconds, staffedAgentSeconds } = net.centre('paris').metrics().centre.cumulative;
    expect(staffedAgentSeconds).toBeGreaterThan(600);
    expect(busyAgentSeconds).toBeLessThan(10);
    await net.stop();
  });
});
