import { describe, expect, it } from 'vitest';
import { auctionNetwork, contactAt, leased, run, staff, whereIs } from './auction-world.js';

// Wire input is untrusted: a centre (or an agent's computer) may send anything to any address.
// Only the parties of an auction can move its contact, confirm, take back or place its bids.

/** London auctions c1 with Paris's p1 free (and bidding unless told otherwise); the auction's id. */
async function auctionWithParis(options: Parameters<typeof auctionNetwork>[0] = { auctions: { london: {} } }) {
  const net = await auctionNetwork(options);
  staff(net, 'paris', 'p1');
  net.settle();
  net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
  net.settle();
  const auctionId =
    net
      .centre('london')
      .runtime.addresses()
      .find((a) => a.startsWith('london/auction/'))
      ?.slice('london/auction/'.length) ?? '';
  const ny = net.centre('new-york').runtime;
  return { net, auctionId, ny };
}

describe('an auction refuses messages from anyone but its parties', () => {
  it('a contact moves only at the word of its own auction: a forged award from another centre is ignored', async () => {
    const net = await auctionNetwork({ auctions: { london: {} } });
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    const paris = net.centre('paris').runtime;
    const forger = paris.endpoint('forger', 'main', () => undefined);
    const auctionId = String(contactAt(net, 'london', 'c1')?.context.rev);
    // From Paris as itself, and from Paris pretending to be London's own auction.
    paris.send(forger, 'london/contact/c1', { type: 'auction.won', body: { auctionId, contact: 'c1', centre: 'paris' } });
    paris.send(`london/auction/c1:${auctionId}`, 'london/contact/c1', {
      type: 'auction.won',
      body: { auctionId: `c1:${auctionId}`, contact: 'c1', centre: 'paris' },
    });
    net.settle();
    expect(whereIs(net, 'c1')).toEqual({ london: 'queued' });
    expect(net.log.forwards).toEqual([]);
    // The message claiming to be London's own actor came through Paris's inbox topic: London drops
    // it as an impersonation (its writer, named by the topic, is Paris).
    expect(net.centre('london').runtime.stats().rejected.CM_ERR_IMPERSONATION ?? 0).toBeGreaterThan(0);
    await net.stop();
  });

  it('drops a bid whose answers would go to another centre than the bidder, and a bid in its owner’s name', async () => {
    const { net, auctionId, ny } = await auctionWithParis();
    expect(leased(net)).toEqual(['paris/agent/p1']);
    const forger = ny.endpoint('forger', 'main', () => undefined);
    const entity = { replyTo: 'london/auctions/main' };
    const terms = { cost: 0, proficiency: 10, timeToServiceMs: 0 };
    // New York claims to be Paris, then names Paris's bidder as where answers go.
    ny.send(forger, entity.replyTo, {
      type: 'auction.bid',
      body: { auctionId, bidId: 'x1', bidder: 'paris', replyTo: 'paris/bidder/main', terms, promise: 'queue' },
    });
    ny.send(forger, entity.replyTo, {
      type: 'auction.bid',
      body: { auctionId, bidId: 'x2', bidder: 'new-york', replyTo: 'paris/bidder/main', terms, promise: 'queue' },
    });
    // A promise that does not match what it holds.
    ny.send(forger, entity.replyTo, {
      type: 'auction.bid',
      body: { auctionId, bidId: 'x3', bidder: 'new-york', replyTo: forger, terms, promise: 'agent' },
    });
    run(net, ['c1'], 2_000);
    const [closed] = net.log.auctions;
    expect(closed?.explanation?.bids.map((b) => b.centre)).toEqual(['paris']);
    expect(closed).toMatchObject({ result: 'awarded', winner: { centre: 'paris', agent: 'p1' } });
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'p1', contact: 'c1' }]);
    await net.stop();
  });

  it('a bidder takes a release only from the owner: a forged one leaves the lease and the award as they were', async () => {
    const { net, auctionId, ny } = await auctionWithParis();
    const bidId = String(
      (net.centre('london').runtime.snapshot(`london/auction/${auctionId}`) as { context: { bids: { id: string }[] } }).context.bids[0]?.id,
    );
    const forger = ny.endpoint('forger', 'main', () => undefined);
    ny.send(forger, 'paris/bidder/main', { type: 'auction.release', body: { auctionId, bidId } });
    net.settle();
    expect(leased(net)).toEqual(['paris/agent/p1']);
    run(net, ['c1'], 2_000);
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'p1', contact: 'c1' }]);
    await net.stop();
  });

  it('bids for an agent only at the request of that agent’s own node: a centre asking is refused at the door, counted', async () => {
    const { net, auctionId, ny } = await auctionWithParis({ auctions: { london: {} }, bidding: { paris: { automatic: false } } });
    const replies: { status?: string; reason?: string }[] = [];
    const forger = ny.endpoint(
      'forger',
      'main',
      (event) => void replies.push((event as { body?: { status?: string; reason?: string } }).body ?? {}),
    );
    ny.send(forger, 'paris/bidder/main', { type: 'auction.bidRequest', body: { auctionId, agent: 'p1', cost: 0 } });
    net.settle();
    // A bid request is an agent's computer's to send (docs/security.md): from a centre it never
    // reaches the bidder, and so gets no answer.
    expect(replies).toEqual([]);
    expect(net.centre('paris').runtime.stats().rejected.CM_ERR_NOT_AUTHORIZED).toBe(1);
    expect(leased(net)).toEqual([]);
    await net.stop();
  });
});
