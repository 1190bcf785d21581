import { defaultAuctionPolicy } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { auctionNetwork, type Net, staff } from './auction-world.js';

// The contact information entity is retained while its auction is open and cleared when it
// closes. Should the owner vanish mid-auction, nobody clears it: it expires instead, its deadline
// plus a margin (5 s) after it was published — on the memory hub's virtual clock here.

let probes = 0;

/** The entities a new subscriber to every auction gets now: the retained ones. */
async function retainedEntities(net: Net): Promise<string[]> {
  const probe = net.hub.transport(`probe-${++probes}`);
  await probe.connect();
  const topics: string[] = [];
  probe.subscribe('cm/acme/auction/+/+').subscribe((m) => topics.push(m.topic));
  net.settle();
  await probe.close();
  return topics;
}

describe('the auction entity of an owner that vanished mid-auction', () => {
  it('expires its deadline plus 5 s after it was published, instead of staying retained for good', async () => {
    const net = await auctionNetwork({ auctions: { london: {} } });
    staff(net, 'paris', 'p1');
    net.settle();
    const publishedAt = net.clock.now();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(await retainedEntities(net)).toEqual(['cm/acme/auction/london/c1']);

    net.hub.crash('london');
    const expiresAt = publishedAt + defaultAuctionPolicy.deadlineMs + 5_000;
    net.clock.advanceTo(expiresAt - 1);
    net.settle();
    expect(await retainedEntities(net)).toEqual(['cm/acme/auction/london/c1']);
    net.clock.advanceTo(expiresAt);
    net.settle();
    expect(await retainedEntities(net)).toEqual([]);
    await net.stop();
  });
});
