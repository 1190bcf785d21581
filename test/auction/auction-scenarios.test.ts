import { describe, expect, it } from 'vitest';
import { networkOf } from '../network/network-world.js';
import { leaseOf } from '../support/network-invariants.js';

const skills = (billing: number) => ({ billing });
const local = { kind: 'local' } as const;

/** Three or more centres where London auctions its contacts and routes only locally otherwise. */
async function auctionNetwork(options: Parameters<typeof networkOf>[1] = {}, ids = ['london', 'paris', 'new-york']) {
  const net = await networkOf(ids, {
    mode: local,
    ...options,
    modes: {
      paris: { kind: 'network' },
      'new-york': { kind: 'network' },
      rome: { kind: 'network' },
      oslo: { kind: 'network' },
      ...options.modes,
    },
  });
  return net;
}

describe('an auction between centres (claims 1, 34, 35)', () => {
  it('awards the contact to the most skilled bidder and hands it over to that agent (claims 1c, 13, 35)', async () => {
    const net = await auctionNetwork({
      auctions: { london: { rule: { kind: 'command', command: 'most-skilled' }, strategy: { kind: 'collect' } } },
    });
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills: skills(4) });
    net.centre('paris').agents.ready('p1');
    net.centre('new-york').agents.login('n1', { displayName: 'Noa', skills: skills(9) });
    net.centre('new-york').agents.ready('n1');
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    // Both centres bid with a reserved agent; nothing is decided before the deadline (collect, claim 17).
    // The lease is the bid's: the agent's owner holds it, the network is not shown it (the bid carries it).
    expect(net.log.failures).toEqual([]);
    const auctions = net
      .centre('london')
      .runtime.addresses()
      .filter((a) => a.startsWith('london/auction/'));
    expect(auctions).toHaveLength(1);
    expect(net.centre('london').runtime.snapshot(auctions[0] ?? '')?.value).toBe('open');
    expect(leaseOf(net, 'paris', 'p1')).toMatchObject({ holder: expect.stringMatching(/^paris\/bid\//) });
    expect(net.centre('london').replicas.agent('paris', 'p1')?.state).toBe('idle');
    net.clock.advance(2_000);
    net.settle();

    expect(net.log.auctions).toHaveLength(1);
    const [closed] = net.log.auctions;
    expect(closed).toMatchObject({ result: 'awarded', contact: 'c1', winner: { centre: 'new-york', agent: 'n1' } });
    expect(closed?.explanation?.summary).toMatch(/new-york/);
    expect(closed?.explanation?.bids.map((b) => [b.centre, b.standing])).toEqual([
      ['new-york', 'winner'],
      ['paris', 'runner-up'],
    ]);
    expect(net.log.forwards).toEqual([{ centre: 'london', contact: 'c1', to: 'new-york', agent: 'n1' }]);
    expect(net.log.offers).toEqual([{ centre: 'new-york', agent: 'n1', contact: 'c1' }]);
    expect(net.owners('c1')).toEqual(['new-york']);
    // The loser's lease was released at once: Paris's agent is free again (invariant 4).
    expect(net.centre('london').replicas.agent('paris', 'p1')?.state).toBe('idle');
    await net.stop();
  });
});

describe('an auction leaves nothing behind', () => {
  it('sends nothing to an actor that has ended: no cancel after the auction, no answer after the contact moved', async () => {
    const net = await auctionNetwork({ auctions: { london: { strategy: { kind: 'collect' } } } });
    const noise: unknown[] = [];
    for (const id of ['london', 'paris', 'new-york'])
      net.centre(id).runtime.events$.subscribe((event) => {
        if (event.type === 'message.undeliverable' || event.type === 'effect.failed') noise.push({ centre: id, ...event });
      });
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills: skills(4) });
    net.centre('paris').agents.ready('p1');
    net.centre('new-york').agents.login('n1', { displayName: 'Noa', skills: skills(9) });
    net.centre('new-york').agents.ready('n1');
    net.settle();
    for (const id of ['c1', 'c2']) {
      net.centre('london').contacts.arrive({ id, media: 'voice', skillset: 'billing' });
      net.settle();
      net.clock.advance(2_000);
      net.settle();
    }
    expect(net.log.forwards.map((f) => f.contact)).toEqual(['c1', 'c2']);
    expect(noise).toEqual([]);
    expect(net.centre('london').runtime.stats().undeliverable).toBe(0);
    await net.stop();
  });
});

describe('an auction whose contact changes under it', () => {
  it('starts over for the new queue when the customer switches queue mid-auction, releasing the old bids', async () => {
    const net = await auctionNetwork({ auctions: { london: { strategy: { kind: 'collect' } } } });
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills: { billing: 5 } });
    net.centre('paris').agents.ready('p1');
    net.centre('new-york').agents.login('n1', { displayName: 'Noa', skills: { sales: 5 } });
    net.centre('new-york').agents.ready('n1');
    net.settle();
    const { token } = net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(leaseOf(net, 'paris', 'p1')).toMatchObject({ holder: expect.stringMatching(/^paris\/bid\//) });
    const answer = net.centre('london').command(token, { kind: 'switchQueue', skillset: 'sales' });
    net.clock.advance(0);
    net.settle();
    expect(await answer).toMatchObject({ accepted: true });
    net.clock.advance(100);
    net.settle();
    // The billing auction ended, Pia's lease with it; a sales auction is open and Noa bid in it.
    expect(net.log.auctions).toEqual([expect.objectContaining({ result: 'cancelled', reason: 'the contact switched to sales' })]);
    expect(leaseOf(net, 'paris', 'p1')).toBeNull();
    expect(net.centre('london').replicas.agent('paris', 'p1')?.state).toBe('idle');
    expect(leaseOf(net, 'new-york', 'n1')).toMatchObject({ holder: expect.stringMatching(/^new-york\/bid\//) });
    net.clock.advance(2_000);
    net.settle();
    expect(net.log.auctions.at(-1)).toMatchObject({ result: 'awarded', winner: { centre: 'new-york', agent: 'n1' } });
    expect(net.log.offers).toEqual([{ centre: 'new-york', agent: 'n1', contact: 'c1' }]);
    await net.stop();
  });

  it('names the auction of a contact with a very long id within the id limit', async () => {
    const net = await auctionNetwork({ auctions: { london: {} } });
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills: { billing: 5 } });
    net.centre('paris').agents.ready('p1');
    net.settle();
    const id = `call-${'x'.repeat(123)}`;
    net.centre('london').contacts.arrive({ id, media: 'voice', skillset: 'billing' });
    net.settle();
    net.clock.advance(2_000);
    net.settle();
    const [closed] = net.log.auctions;
    expect(closed?.auctionId.length).toBeLessThanOrEqual(128);
    expect(closed).toMatchObject({ result: 'awarded', contact: id });
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'p1', contact: id }]);
    await net.stop();
  });
});
