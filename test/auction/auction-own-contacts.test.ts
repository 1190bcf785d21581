import { describe, expect, it } from 'vitest';
import { auctionNetwork, checkQuiet, leased, openAuctions, run, staff } from './auction-world.js';

// Issue 19: a centre learns about its own contacts from its own runtime, not from its own
// broadcasts echoed through the broker. Here London's own publications reach London a minute late
// (a slow echo), yet its auctions open, end early and run again on time: the contact tells the
// auctioneer of every change itself.
const slowEcho = { links: [{ from: 'london', to: 'london', delayMs: 60_000 }] };

async function slowLondon(retryMs: number | null = 15_000) {
  const net = await auctionNetwork({ faults: slowEcho, auctions: { london: { retryMs } } });
  staff(net, 'paris', 'p1');
  net.settle();
  return net;
}

describe("an owner's auctions do not wait for the echo of its own contacts", () => {
  it('opens the auction of a contact as it queues, and cancels it as soon as the customer hangs up', async () => {
    const net = await slowLondon();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(openAuctions(net)).toHaveLength(1);
    expect(leased(net)).toEqual(['paris/agent/p1']);
    run(net, ['c1'], 500);
    net.centre('london').contacts.abandon('c1');
    net.settle();
    expect(net.log.auctions).toEqual([expect.objectContaining({ contact: 'c1', result: 'cancelled', reason: 'the contact is gone' })]);
    expect(openAuctions(net)).toEqual([]);
    await net.stop();
  });

  it('auctions a contact nobody won again retryMs later, on its own timer', async () => {
    const net = await auctionNetwork({ faults: slowEcho, auctions: { london: { retryMs: 5_000 } } });
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    run(net, ['c1'], 3_000);
    expect(net.log.auctions.map((a) => a.result)).toEqual(['stayed']);
    staff(net, 'paris', 'p1');
    // The auction closed at 2 s: the next opens at 7 s, long before London hears its own contact again.
    run(net, ['c1'], 3_900);
    expect(openAuctions(net)).toEqual([]);
    run(net, ['c1'], 200);
    expect(openAuctions(net)).toHaveLength(1);
    run(net, ['c1'], 4_000);
    expect(net.log.auctions.map((a) => a.result)).toEqual(['stayed', 'awarded']);
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});
