import { describe, expect, it } from 'vitest';
import type { EventObject } from 'xstate';
import { auctionNetwork, checkQuiet, leased, run, staff } from './auction-world.js';

// A centre bids through one bid actor per entity it considers (`{centre}/bid/{auctionId}`, the bid
// machine); its bidder desk only routes to them. London auctions c1; Paris bids with Pia (p1).

type Seen = EventObject & { readonly from?: string; readonly body?: Record<string, unknown> };

async function parisBids() {
  const net = await auctionNetwork({ auctions: { london: {} }, bidding: { 'new-york': false } });
  staff(net, 'paris', 'p1');
  net.settle();
  const paris = net.centre('paris').runtime;
  const entities: Seen[] = [];
  paris.listen(
    'auction/london/+',
    paris.endpoint('spy', 'entities', (event) => void entities.push(event as Seen)),
  );
  net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
  net.settle();
  const bidActors = () => paris.addresses().filter((a) => a.startsWith('paris/bid/'));
  const auctionId = String(entities[0]?.body?.auctionId);
  return { net, paris, entities, bidActors, auctionId };
}

describe('a centre’s bid actors', () => {
  it('hosts one bid actor for the entity and removes it once the bid is done', async () => {
    const { net, bidActors, auctionId } = await parisBids();
    expect(bidActors()).toEqual([`paris/bid/${auctionId}`]);
    run(net, ['c1'], 2_500);
    expect(net.log.auctions[0]).toMatchObject({ result: 'awarded', winner: { centre: 'paris', agent: 'p1' } });
    checkQuiet(net, ['c1']);
    expect(bidActors()).toEqual([]);
    await net.stop();
  });

  it('takes the same entity twice as one: one actor, one lease, one bid', async () => {
    const { net, paris, entities, bidActors } = await parisBids();
    const [entity] = entities;
    paris.deliver('paris/bidder/main', { ...(entity as Seen), type: 'auction.entity' });
    net.settle();
    expect(bidActors()).toHaveLength(1);
    expect(net.log.failures).toEqual([]);
    expect(leased(net)).toEqual(['paris/agent/p1']);
    run(net, ['c1'], 2_500);
    expect(net.log.auctions[0]?.explanation?.bids).toHaveLength(1);
    await net.stop();
  });

  it('refuses an award that comes after its bid is over (a late award), from the desk', async () => {
    const { net, auctionId } = await parisBids();
    run(net, ['c1'], 2_500);
    checkQuiet(net, ['c1']);
    const london = net.centre('london').runtime;
    const answers: Seen[] = [];
    const late = london.endpoint('auction', 'late', (event) => void answers.push(event as Seen));
    const bidId = String(net.log.auctions[0]?.winner?.bid);
    london.send(late, 'paris/bidder/main', { type: 'auction.award', body: { auctionId, bidId, contact: 'c1', fence: 1 } });
    net.settle();
    expect(answers.map((a) => [a.type, a.from, a.body])).toEqual([
      [
        'auction.confirm',
        'paris/bidder/main',
        { auctionId, bidId, result: 'refused', reason: 'no such bid here (it expired or was released)' },
      ],
    ]);
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'p1', contact: 'c1' }]);
    await net.stop();
  });
});
