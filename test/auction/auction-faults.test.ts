import type { LinkFaults } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';
import {
  acds,
  agentAt,
  auctionNetwork,
  checkInvariants,
  checkQuiet,
  type Net,
  run,
  scriptedBidder,
  staff,
  whereIs,
} from './auction-world.js';

// Auction source, claims 16–17 and 35, over a hub that duplicates and reorders messages (seeded,
// so every run is the same): every auction still ends, no agent is left reserved once quiet
// (DESIGN.md §8 invariant 4), no agent holds two calls (1), each contact has exactly one owner and
// rings at most one agent (2), and nothing is lost (3). Repeated bids count once (7).
const ids = ['london', 'paris', 'new-york', 'rome', 'oslo'];
const strategies = [{ kind: 'collect' }, { kind: 'best-so-far' }, { kind: 'first-acceptable', threshold: 7 }] as const;

/** Eight contacts arrive in London 700 ms apart; four remote agents answer and talk for 3 s. */
async function busyDay(faults: LinkFaults, seed: number, strategy: (typeof strategies)[number]) {
  const net = await auctionNetwork(
    {
      seed,
      faults: { default: faults },
      auctions: { london: { rule: { kind: 'command', command: 'most-skilled' }, strategy, deadlineMs: 1_000, awardMs: 500 } },
    },
    ids,
  );
  staff(net, 'paris', 'p1', { skills: { billing: 4 } });
  staff(net, 'paris', 'p2', { skills: { billing: 8 } });
  staff(net, 'new-york', 'n1', { skills: { billing: 9 } });
  staff(net, 'rome', 'r1', { skills: { billing: 6 } });
  net.settle();
  const acd = acds(net);
  const contacts: string[] = [];
  for (let i = 1; i <= 8; i++) {
    contacts.push(net.centre('london').contacts.arrive({ id: `c${i}`, media: 'voice', skillset: 'billing' }).id);
    for (let t = 0; t < 7; t++) {
      net.clock.advance(100);
      acd.step();
      checkInvariants(net, contacts);
    }
  }
  // Quiet: no more faults; time for every auction, award and handover to finish and every call to end.
  net.hub.setFaults({});
  for (let t = 0; t < 300; t++) {
    net.clock.advance(100);
    acd.step();
    checkInvariants(net, contacts);
  }
  return { net, contacts };
}

/** Every contact was auctioned, and ended served exactly once by one agent. */
function everyContactServedOnce(net: Net, contacts: readonly string[]): void {
  for (const contact of contacts) {
    expect(net.owners(contact), `${contact} is still at ${JSON.stringify(whereIs(net, contact))}`).toEqual([]);
    expect(net.log.outcomes.filter((o) => o.contact === contact && o.outcome === 'handled')).toHaveLength(1);
    expect(net.log.auctions.filter((a) => a.contact === contact).length).toBeGreaterThanOrEqual(1);
  }
}

describe('duplicated and reordered bids (seeded faults), invariants 1, 2, 3, 4', () => {
  const plans: [string, LinkFaults][] = [
    ['duplicates', { duplicate: 0.5 }],
    ['reordering', { reorder: 0.4, jitterMs: 30 }],
    ['duplicates and reordering', { duplicate: 0.3, reorder: 0.3, jitterMs: 20 }],
  ];
  for (const [name, faults] of plans) {
    for (const strategy of strategies) {
      for (const seed of [3, 17, 2024]) {
        it(`${name}, ${strategy.kind}, seed ${seed}: every auction ends, nothing is left reserved, every contact served once (claims 16, 17, 35)`, async () => {
          const { net, contacts } = await busyDay(faults, seed, strategy);
          everyContactServedOnce(net, contacts);
          checkQuiet(net, contacts);
          expect(net.log.failures).toEqual([]);
          await net.stop();
        });
      }
    }
  }

  it('the faults were really there: the hub duplicated and delayed messages on the way', async () => {
    const { net } = await busyDay({ duplicate: 0.3, reorder: 0.3, jitterMs: 20 }, 3, strategies[0]);
    const kinds = new Set(net.hub.trace().map((e) => e.kind));
    expect(kinds.has('duplicate')).toBe(true);
    expect(net.centre('london').runtime.stats().duplicates).toBeGreaterThan(0);
    await net.stop();
  });
});

describe('a bid repeated by its bidder counts once (invariant 7)', () => {
  it('the same bid again is ignored; the same id with other terms is refused and the first stands (claims 7, 27)', async () => {
    const net = await auctionNetwork(
      { auctions: { london: { rule: { kind: 'command', command: 'most-skilled' } } }, bidding: { rome: false } },
      ['london', 'paris', 'rome'],
    );
    staff(net, 'paris', 'p1', { skills: { billing: 5 } });
    const rome = scriptedBidder(net, 'rome', { terms: { cost: 0, proficiency: 3, timeToServiceMs: 0 }, manual: true });
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    // The entity as Rome read it: the bids below refer to it.
    const entity = rome.heard.find((e) => e.type === 'auction.entity')?.body as { auctionId: string; replyTo: string };
    const send = (terms: { cost: number; proficiency: number; timeToServiceMs: number }) =>
      net.centre('rome').runtime.send(rome.address, entity.replyTo, {
        type: 'auction.bid',
        body: { auctionId: entity.auctionId, bidId: 'rome.b1', bidder: 'rome', replyTo: rome.address, terms, promise: 'queue' },
      });
    send({ cost: 0, proficiency: 3, timeToServiceMs: 0 });
    send({ cost: 0, proficiency: 3, timeToServiceMs: 0 });
    // The same bid id, now claiming proficiency 10: it would win if it counted.
    send({ cost: 0, proficiency: 10, timeToServiceMs: 0 });
    run(net, ['c1'], 2_000);
    const [closed] = net.log.auctions;
    expect(closed?.winner?.centre).toBe('paris');
    expect(closed?.explanation?.bids.map((b) => [b.id, b.terms.proficiency, b.standing])).toEqual([
      [expect.stringMatching(/^paris\./), 5, 'winner'],
      ['rome.b1', 3, 'runner-up'],
    ]);
    expect(closed?.explanation?.notes).toEqual(['bid rome.b1 from rome came again with different terms; the first one stands']);
    // Released once, though it came three times.
    expect(rome.released()).toEqual(['rome.b1']);
    checkQuiet(net, ['c1']);
    await net.stop();
  });

  it('a copy of the winning bid that reaches the owner after the auction is over does not take back the winner’s lease (claim 1c)', async () => {
    const net = await auctionNetwork({ auctions: { london: {} } }, ['london', 'paris']);
    staff(net, 'paris', 'p1');
    net.settle();
    const paris = net.centre('paris').runtime;
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    run(net, ['c1'], 2_000);
    const [closed] = net.log.auctions;
    expect(closed).toMatchObject({ result: 'awarded', winner: { centre: 'paris', agent: 'p1' } });
    expect(agentAt(net, 'paris', 'p1')?.context.offer?.contact).toBe('c1');
    const winner = closed?.explanation?.bids[0];
    // The winning bid again, as a late retransmission would bring it.
    paris.send('paris/bidder/main', 'london/auctions/main', {
      type: 'auction.bid',
      body: {
        auctionId: closed?.auctionId,
        bidId: winner?.id,
        bidder: 'paris',
        replyTo: 'paris/bidder/main',
        terms: winner?.terms,
        promise: 'agent',
        agent: 'p1',
        fence: agentAt(net, 'paris', 'p1')?.context.offer?.fence,
      },
    });
    run(net, ['c1'], 500);
    // Pia's phone still rings with the contact she won.
    expect(agentAt(net, 'paris', 'p1')?.context.offer?.contact).toBe('c1');
    expect(whereIs(net, 'c1')).toEqual({ paris: 'offered' });
    net.centre('paris').agents.answer('p1', 'c1');
    net.settle();
    expect(whereIs(net, 'c1')).toEqual({ paris: 'connected' });
    checkQuiet(net, ['c1']);
    await net.stop();
  });
});
