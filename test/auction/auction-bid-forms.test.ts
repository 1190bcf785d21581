import { describe, expect, it } from 'vitest';
import type { EventObject } from 'xstate';
import { auctionNetwork, checkInvariants, checkQuiet, type Net, run, staff } from './auction-world.js';

// Auction source, claims 1 (the owner publishes a contact information entity, assesses the bids,
// assigns the contact), 34 (publish) and 35 (await bids), and the three forms a bid may take:
// sent straight to the owner (claims 7, 27), or written into the shared space next to the entity
// (claims 8, 28) as a new entry referring to the entity (claim 25) or as the modified entity
// (claim 24). Rome does not bid: it watches the shared space.
const ids = ['london', 'paris', 'new-york', 'rome'];

type Seen = EventObject & { readonly body?: Record<string, unknown> };

/** Everything published on a topic filter, as a centre that does not bid sees it. */
let spies = 0;
function watch(net: Net, filter: string): Seen[] {
  const seen: Seen[] = [];
  const runtime = net.centre('rome').runtime;
  spies += 1;
  const spy = runtime.endpoint('spy', `s${spies}`, (event) => seen.push(event as Seen));
  runtime.listen(filter, spy);
  return seen;
}

async function twoBidders(bidForm: 'direct' | 'entry' | 'modified-entity') {
  const net = await auctionNetwork(
    {
      auctions: { london: { rule: { kind: 'command', command: 'most-skilled' }, bidForm } },
      bidding: { rome: false },
    },
    ids,
  );
  staff(net, 'paris', 'p1', { skills: { billing: 4 } });
  staff(net, 'new-york', 'n1', { skills: { billing: 9 } });
  net.settle();
  const space = watch(net, 'auction/london/+/bids/+');
  const entities = watch(net, 'auction/+/+');
  net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
  net.settle();
  return { net, space, entities };
}

describe('the contact information entity (claims 1a, 34)', () => {
  it('is published retained while the auction is open, names the owner, the contact and the terms, and is cleared when it closes (claims 1a, 34)', async () => {
    const { net, entities } = await twoBidders('direct');
    expect(entities.map((e) => e.type)).toEqual(['auction.entity']);
    expect(entities[0]?.body).toMatchObject({
      owner: 'london',
      replyTo: 'london/auctions/main',
      contact: { id: 'c1', media: 'voice', skillset: 'billing' },
      params: ['cost', 'proficiency', 'timeToServiceMs'],
      rule: { kind: 'command', command: 'most-skilled' },
      strategy: { kind: 'collect' },
      bidForm: 'direct',
      deadline: 2_000,
    });
    run(net, ['c1'], 2_000);
    expect(entities.map((e) => e.type)).toEqual(['auction.entity', 'retained.cleared']);
    // A centre that starts watching now finds no open auction.
    expect(watch(net, 'auction/+/+')).toEqual([]);
    await net.stop();
  });
});

describe('the contact information entity stays readable for every policy createCentre accepts (claims 1a, 34)', () => {
  it('with the longest deadline and award time allowed, the entity still decodes; a bidder whose agents cap leases shorter gives the lease back and does not bid (claims 34, 35)', async () => {
    const net = await auctionNetwork({ auctions: { london: { deadlineMs: 300_000, awardMs: 300_000 } }, bidding: { rome: false } }, ids);
    staff(net, 'paris', 'p1');
    net.settle();
    const entities = watch(net, 'auction/+/+');
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(entities.map((e) => [e.type, e.body?.leaseMs])).toEqual([['auction.entity', 600_000]]);
    expect(net.centre('paris').runtime.stats().rejected).toEqual({});
    // Agents cap a lease at 30 s (policies.agent.maxLeaseMs): too short to last until the deadline.
    expect(net.centre('paris').runtime.snapshot('paris/agent/p1')).toMatchObject({ value: { ready: 'free' } });
    net.clock.advance(300_000);
    net.settle();
    expect(net.log.auctions).toEqual([expect.objectContaining({ result: 'stayed', reason: expect.stringMatching(/no bids/) })]);
    await net.stop();
  });
});

describe('every bid form ends in the same award (claims 1, 35)', () => {
  const forms = [
    ['direct', 'sent straight to the owner (claims 7, 27)'],
    ['entry', 'a new entry in the shared space referring to the entity (claims 8, 25, 28)'],
    ['modified-entity', 'the modified entity in the shared space (claims 8, 24, 28)'],
  ] as const;

  for (const [bidForm, how] of forms) {
    it(`${bidForm}: bids ${how} are assessed, the best awarded and the contact handed over to its agent`, async () => {
      const { net, space } = await twoBidders(bidForm);
      run(net, ['c1'], 2_000);
      const [closed] = net.log.auctions;
      expect(closed).toMatchObject({ result: 'awarded', contact: 'c1', winner: { centre: 'new-york', agent: 'n1' } });
      expect(closed?.explanation?.bids.map((b) => [b.centre, b.terms.proficiency, b.standing])).toEqual([
        ['new-york', 9, 'winner'],
        ['paris', 4, 'runner-up'],
      ]);
      expect(net.log.forwards).toEqual([{ centre: 'london', contact: 'c1', to: 'new-york', agent: 'n1' }]);
      expect(net.log.offers).toEqual([{ centre: 'new-york', agent: 'n1', contact: 'c1' }]);
      expect(net.owners('c1')).toEqual(['new-york']);

      // Where the bids went: nowhere public for direct bids; next to the entity otherwise.
      const auctionId = closed?.auctionId;
      const posted = space.map((m) => {
        const bid = (m.type === 'auction.entityBid' ? m.body?.bid : m.body) as { auctionId: string; bidder: string; replyTo: string };
        return [m.type, bid.auctionId, bid.bidder, bid.replyTo];
      });
      if (bidForm === 'direct') expect(posted).toEqual([]);
      else {
        const type = bidForm === 'entry' ? 'auction.bid' : 'auction.entityBid';
        expect(posted.sort()).toEqual([
          [type, auctionId, 'new-york', 'new-york/bidder/main'],
          [type, auctionId, 'paris', 'paris/bidder/main'],
        ]);
      }
      if (bidForm === 'modified-entity') {
        // The entity as published, with the bid written into it.
        for (const m of space) expect(m.body?.entity).toMatchObject({ auctionId, owner: 'london', contact: { id: 'c1' }, bidForm });
      }
      checkInvariants(net, ['c1']);
      checkQuiet(net, ['c1']);
      expect(net.log.failures).toEqual([]);
      await net.stop();
    });
  }

  it('ignores a modified entity that names another owner or another auction (claim 24)', async () => {
    const { net } = await twoBidders('modified-entity');
    const runtime = net.centre('rome').runtime;
    const forger = runtime.endpoint('forger', 'main', () => undefined);
    const auctionId = 'c1:1001';
    const entity = (owner: string, id: string) => ({
      auctionId: id,
      owner,
      replyTo: `${owner}/auctions/main`,
      contact: { id: 'c1', media: 'voice', skillset: 'billing', requirements: [], priority: 0, seniority: 0 },
      params: ['cost', 'proficiency', 'timeToServiceMs'],
      rule: { kind: 'command', command: 'most-skilled' },
      strategy: { kind: 'collect' },
      bidForm: 'modified-entity',
      deadline: 2_000,
      leaseMs: 11_000,
    });
    const bid = (id: string) => ({
      auctionId,
      bidId: id,
      bidder: 'rome',
      replyTo: forger,
      terms: { cost: 0, proficiency: 10, timeToServiceMs: 0 },
      promise: 'queue',
    });
    runtime.publish('auction/london/c1/bids/rome', {
      type: 'auction.entityBid',
      body: { entity: entity('paris', auctionId), bid: bid('b1') },
    });
    runtime.publish('auction/london/c1/bids/rome', {
      type: 'auction.entityBid',
      body: { entity: entity('london', 'c9:1'), bid: bid('b2') },
    });
    run(net, ['c1'], 2_000);
    expect(net.log.auctions[0]?.auctionId).toBe(auctionId);
    expect(net.log.auctions[0]?.explanation?.bids.map((b) => b.centre)).toEqual(['new-york', 'paris']);
    expect(net.log.auctions[0]?.winner?.centre).toBe('new-york');
    await net.stop();
  });
});
