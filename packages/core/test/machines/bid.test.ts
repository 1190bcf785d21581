import { describe, expect, it } from 'vitest';
import { agent, driveBid, entity, lastRequest, messages, parisWorld } from './bid-driver.js';

// The bid machine (DESIGN.md §5): one actor per entity a centre considers. Pure transitions,
// driven without a runtime; every guard of the machine has a test here that fails without it.

const auction = 'london/auction/c1:1';
/** The id of the bid Paris places: its centre, life (0 here), the auction and the actor's serial (0). */
const ourBid = 'paris.0.c1:1:0';

/** Paris reserves p1 for London's entity and bids with the lease (fence 7, until 20.1 s). */
function bidWithLease(options: Parameters<typeof driveBid>[0] = {}) {
  const bid = driveBid(options);
  const request = lastRequest(bid.emitted);
  bid.message('reserve.granted', 'paris/agent/p1', {
    requestId: request?.requestId,
    agent: 'p1',
    leaseId: 'p1:7',
    fence: 7,
    expiresAt: 20_100,
  });
  return bid;
}

const award = (bid: ReturnType<typeof driveBid>, body: Record<string, unknown> = {}, from = auction, at?: number) =>
  bid.message('auction.award', from, { auctionId: 'c1:1', bidId: ourBid, contact: 'c1', fence: 7, ...body }, at);

const answer = (effects: ReturnType<typeof award>) =>
  messages(effects)
    .filter(([, type]) => type === 'auction.confirm')
    .map(([to, , body]) => [to, body]);

describe('the bid machine: reserving', () => {
  it('asks for a lease on its longest idle agent who can serve the contact', () => {
    const bid = driveBid();
    expect(bid.state()).toBe('reserving');
    expect(messages(bid.emitted)).toEqual([
      ['paris/agent/p1', 'reserve.request', expect.objectContaining({ agent: 'p1', contact: 'c1', leaseMs: 10_000, media: 'voice' })],
    ]);
  });

  it('bids with the granted lease, its fence and its desk as replyTo, straight to the owner', () => {
    const bid = bidWithLease();
    expect(bid.state()).toBe('bidding');
    expect(messages(bid.emitted).slice(1)).toEqual([
      [
        'london/auctions/main',
        'auction.bid',
        {
          auctionId: 'c1:1',
          bidId: ourBid,
          bidder: 'paris',
          replyTo: 'paris/bidder/main',
          terms: { cost: 2, proficiency: 9, timeToServiceMs: 0 },
          promise: 'agent',
          agent: 'p1',
          fence: 7,
          expiresAt: 10_101,
        },
      ],
    ]);
  });

  it.each([
    ['entry', 'auction.bid'],
    ['modified-entity', 'auction.entityBid'],
  ] as const)('writes a %s bid into the shared space next to the entity', (bidForm, type) => {
    const bid = bidWithLease({ entity: { bidForm } });
    expect(
      messages(bid.emitted)
        .slice(1)
        .map(([topic, t]) => [topic, t]),
    ).toEqual([['auction/london/c1/bids/paris', type]]);
  });

  it('does not bid with a grant for another request: it gives that lease back and waits for its own', () => {
    const bid = driveBid();
    const effects = bid.message('reserve.granted', 'paris/agent/p1', {
      requestId: 'old:1',
      agent: 'p1',
      leaseId: 'p1:3',
      fence: 3,
      expiresAt: 20_000,
    });
    expect(messages(effects)).toEqual([['paris/agent/p1', 'reserve.release', { agent: 'p1', leaseId: 'p1:3', fence: 3 }]]);
    expect(bid.state()).toBe('reserving');
    expect(bid.context().bid).toBeNull();
  });

  it('does not bid with a grant that names another agent than the one asked', () => {
    const bid = driveBid();
    const { requestId } = lastRequest(bid.emitted) ?? {};
    bid.message('reserve.granted', 'paris/agent/p2', { requestId, agent: 'p2', leaseId: 'p2:1', fence: 1, expiresAt: 20_000 });
    expect(bid.state()).toBe('reserving');
  });

  it('makes no bid after the deadline: a grant that comes too late is given back and the bid expires', () => {
    const bid = driveBid();
    const { requestId } = lastRequest(bid.emitted) ?? {};
    const effects = bid.message(
      'reserve.granted',
      'paris/agent/p1',
      { requestId, agent: 'p1', leaseId: 'p1:7', fence: 7, expiresAt: 20_000 },
      2_000,
    );
    expect(messages(effects)).toEqual([['paris/agent/p1', 'reserve.release', { agent: 'p1', leaseId: 'p1:7', fence: 7 }]]);
    expect(bid.output()).toMatchObject({ result: 'expired' });
  });

  it('passes over an entity whose deadline has passed, its own centre’s, or one the network knows as another owner’s', () => {
    expect(driveBid({ input: { at: 2_000 } }).output()).toMatchObject({ result: 'passed' });
    expect(driveBid({ entity: { owner: 'paris', replyTo: 'paris/auctions/main' } }).output()).toMatchObject({ result: 'passed' });
    expect(driveBid({ input: { side: 'centre', knownOwner: 'rome' } }).output()).toMatchObject({ result: 'passed' });
    expect(driveBid({ entity: { deadline: 400_000 } }).output()).toMatchObject({ result: 'passed' });
  });

  it('gives back a lease that ends before the deadline and does not bid', () => {
    const bid = driveBid();
    const { requestId } = lastRequest(bid.emitted) ?? {};
    const effects = bid.message('reserve.granted', 'paris/agent/p1', {
      requestId,
      agent: 'p1',
      leaseId: 'p1:7',
      fence: 7,
      expiresAt: 1_500,
    });
    expect(messages(effects)).toEqual([['paris/agent/p1', 'reserve.release', { agent: 'p1', leaseId: 'p1:7', fence: 7 }]]);
    expect(bid.output()).toMatchObject({ result: 'released' });
  });

  it('tries the next agent on a denial or when no answer comes, then promises its queue', () => {
    const bid = driveBid();
    bid.message('reserve.denied', 'paris/agent/p1', { requestId: lastRequest(bid.emitted)?.requestId, agent: 'p1', reason: 'leased' });
    expect(lastRequest(bid.emitted)?.agent).toBe('p2');
    bid.send({ type: 'reserve.timeout', requestId: lastRequest(bid.emitted)?.requestId });
    expect(bid.state()).toBe('bidding');
    expect(bid.context().bid).toMatchObject({ promise: 'queue', terms: { timeToServiceMs: 30_000, proficiency: 0 } });
  });

  it('keeps who is free current from its agents’ changes: tries an agent freed since, not one taken since', () => {
    const bid = driveBid();
    // p2 gets busy, p3 (who can serve) comes free, p4 comes free without the skill the contact needs.
    bid.send({ type: 'agent.changed', snapshot: agent('p2', { rev: 4, state: 'busy' }) });
    bid.send({ type: 'agent.changed', snapshot: agent('p3', { rev: 1, idleSince: 60 }) });
    bid.send({ type: 'agent.changed', snapshot: agent('p4', { rev: 1, idleSince: 1, capacity: { chat: 2 } }) });
    bid.message('reserve.denied', 'paris/agent/p1', { requestId: lastRequest(bid.emitted)?.requestId, agent: 'p1', reason: 'leased' });
    expect(lastRequest(bid.emitted)?.agent).toBe('p3');
    expect(bid.context().idle.map((a) => a.id)).toEqual(['p1', 'p3']);
  });

  it('ignores changes of another centre’s agents', () => {
    const waiting = driveBid({ world: parisWorld({ automatic: false }) });
    waiting.send({ type: 'agent.changed', snapshot: agent('r1', { home: 'rome', rev: 1 }) });
    expect(waiting.context().idle.map((a) => a.id)).toEqual(['p2', 'p1']);
  });

  it('does not bid for an entity its mode keeps it from taking, as the desk said when the entity came', () => {
    const bid = driveBid({ input: { side: 'centre', facts: { closed: 'paris takes no billing contacts from the network' } } });
    expect(bid.state()).toBe('considering');
    expect(messages(bid.emitted)).toEqual([]);
  });

  it('ignores a timeout of a request it no longer waits for', () => {
    const bid = driveBid();
    bid.send({ type: 'reserve.timeout', requestId: 'c1:1:9' });
    expect(lastRequest(bid.emitted)?.agent).toBe('p1');
    expect(bid.context().tried).toEqual(['p1']);
  });

  it('ends without a bid when nobody can be reserved and no promise can be made', () => {
    const bid = driveBid({ world: parisWorld({ idleAgents: () => [], queuePromise: false }) });
    expect(bid.output()).toMatchObject({ result: 'passed' });
    expect(messages(bid.emitted)).toEqual([]);
  });
});

describe('the bid machine: the award', () => {
  it('confirms an award from the auction while its lease holds, in the name of its desk', () => {
    const bid = bidWithLease();
    const effects = award(bid);
    expect(answer(effects)).toEqual([[auction, { auctionId: 'c1:1', bidId: ourBid, result: 'confirmed' }]]);
    expect(effects.find((e) => e.type === 'effect.send')).toMatchObject({ as: 'paris/bidder/main' });
    expect(bid.state()).toBe('awarded');
  });

  it('ignores an award from anyone but the auction itself', () => {
    const bid = bidWithLease();
    expect(answer(award(bid, {}, 'london/auctions/main'))).toEqual([]);
    expect(answer(award(bid, {}, 'rome/auction/c1:1'))).toEqual([]);
    expect(bid.state()).toBe('bidding');
  });

  it('refuses an award for a bid it did not make', () => {
    const bid = bidWithLease();
    expect(answer(award(bid, { bidId: 'paris.b9' }))).toEqual([
      [auction, expect.objectContaining({ bidId: 'paris.b9', result: 'refused', reason: expect.stringMatching(/no such bid/) })],
    ]);
    expect(bid.state()).toBe('bidding');
  });

  it('refuses an award in an auction it has not bid in yet', () => {
    const bid = driveBid();
    expect(answer(award(bid))).toEqual([[auction, expect.objectContaining({ result: 'refused' })]]);
  });

  it('refuses an award whose fence is not its lease’s', () => {
    const bid = bidWithLease();
    expect(answer(award(bid, { fence: 6 }))).toEqual([
      [auction, expect.objectContaining({ result: 'refused', reason: 'the lease on the agent is gone' })],
    ]);
    expect(bid.output()).toMatchObject({ result: 'released' });
  });

  it('refuses an award for another contact than the entity’s', () => {
    const bid = bidWithLease();
    expect(answer(award(bid, { contact: 'c2' }))).toEqual([[auction, expect.objectContaining({ result: 'refused' })]]);
  });

  it('refuses a late award: one that comes when its lease has run out', () => {
    const bid = bidWithLease();
    expect(answer(award(bid, {}, auction, 20_100))).toEqual([[auction, expect.objectContaining({ result: 'refused' })]]);
  });

  it('refuses an award once the agent’s snapshots show the lease gone (logged out after being reserved)', () => {
    const bid = bidWithLease();
    bid.send({ type: 'agent.changed', snapshot: agent('p1', { rev: 4, state: 'reserved' }) });
    bid.send({ type: 'agent.changed', snapshot: agent('p1', { rev: 5, state: 'loggedOut' }) });
    expect(answer(award(bid))).toEqual([
      [auction, expect.objectContaining({ result: 'refused', reason: 'the lease on the agent is gone' })],
    ]);
  });

  it('takes no older snapshot, nor one of another agent, for the end of the lease', () => {
    const bid = bidWithLease();
    bid.send({ type: 'agent.changed', snapshot: agent('p1', { rev: 4, state: 'reserved' }) });
    bid.send({ type: 'agent.changed', snapshot: agent('p1', { rev: 2, state: 'idle' }) });
    bid.send({ type: 'agent.changed', snapshot: agent('p2', { rev: 9, state: 'loggedOut' }) });
    expect(answer(award(bid))).toEqual([[auction, expect.objectContaining({ result: 'confirmed' })]]);
  });

  it('answers the same award twice with the same confirmation, and tells the agent’s computer once', () => {
    const bid = driveBid({ world: parisWorld({ automatic: false }) });
    bid.message('auction.bidRequest', 'paris-p1/bidder/main', { auctionId: 'c1:1', agent: 'p1' });
    const { requestId } = lastRequest(bid.emitted) ?? {};
    bid.message('reserve.granted', 'paris/agent/p1', { requestId, agent: 'p1', leaseId: 'p1:7', fence: 7, expiresAt: 20_100 });
    const first = award(bid);
    const second = award(bid);
    expect(answer(first)).toEqual(answer(second));
    const told = (effects: typeof first) => messages(effects).filter(([, type]) => type === 'auction.bidStatus');
    expect(told(first)).toHaveLength(1);
    expect(told(second)).toEqual([]);
    expect(bid.state()).toBe('awarded');
  });

  it('ends confirmed when the lease becomes the offer, even when it saw the agent reserved only after confirming', () => {
    const bid = bidWithLease();
    award(bid);
    bid.send({ type: 'agent.changed', snapshot: agent('p1', { rev: 4, state: 'reserved' }) });
    bid.send({ type: 'agent.changed', snapshot: agent('p1', { rev: 5, state: 'offered' }) });
    expect(bid.output()).toMatchObject({ result: 'confirmed' });
  });

  it('ends confirmed when the lease becomes the offer', () => {
    const bid = bidWithLease();
    bid.send({ type: 'agent.changed', snapshot: agent('p1', { rev: 4, state: 'reserved' }) });
    award(bid);
    bid.send({ type: 'agent.changed', snapshot: agent('p1', { rev: 5, state: 'offered' }) });
    expect(bid.output()).toMatchObject({ result: 'confirmed' });
  });
});

describe('the bid machine: release and expiry', () => {
  it('releases its lease when the owner releases the bid', () => {
    const bid = bidWithLease();
    const effects = bid.message('auction.release', 'london/auctions/main', { auctionId: 'c1:1', bidId: ourBid });
    expect(messages(effects)).toEqual([['paris/agent/p1', 'reserve.release', { agent: 'p1', leaseId: 'p1:7', fence: 7 }]]);
    expect(bid.output()).toMatchObject({ result: 'released' });
  });

  it('takes a release only from the owner, and only for its bid', () => {
    const bid = bidWithLease();
    expect(bid.message('auction.release', 'rome/auction/c1:1', { auctionId: 'c1:1', bidId: ourBid })).toEqual([]);
    expect(bid.message('auction.release', auction, { auctionId: 'c1:1', bidId: 'paris.b2' })).toEqual([]);
    expect(bid.state()).toBe('bidding');
  });

  it('once its award is confirmed, takes a release only from the auction itself', () => {
    const bid = bidWithLease();
    award(bid);
    expect(bid.message('auction.release', 'london/auctions/main', { auctionId: 'c1:1', bidId: ourBid })).toEqual([]);
    expect(bid.state()).toBe('awarded');
    const effects = bid.message('auction.release', auction, { auctionId: 'c1:1', bidId: ourBid });
    expect(messages(effects)).toEqual([['paris/agent/p1', 'reserve.release', { agent: 'p1', leaseId: 'p1:7', fence: 7 }]]);
  });

  it('when its lease expires, releases the agent and ends; a timer of an older lease changes nothing', () => {
    const bid = bidWithLease();
    expect(bid.send({ type: 'lease.expired', fence: 6 })).toEqual([]);
    expect(bid.state()).toBe('bidding');
    const effects = bid.send({ type: 'lease.expired', fence: 7, at: 20_100 });
    expect(messages(effects)).toEqual([['paris/agent/p1', 'reserve.release', { agent: 'p1', leaseId: 'p1:7', fence: 7 }]]);
    expect(bid.output()).toMatchObject({ result: 'expired' });
  });

  it('is forgotten once nobody can award it any more', () => {
    const bid = bidWithLease();
    bid.send({ type: 'forget', at: 12_100 });
    expect(bid.output()).toMatchObject({ result: 'expired' });
  });

  it('takes the same entity again as the one it considers (nothing happens twice)', () => {
    const bid = bidWithLease();
    expect(bid.message('auction.entity', 'london/auction/c1:1', entity())).toEqual([]);
    expect(bid.state()).toBe('bidding');
  });
});

describe('the bid machine: an agent’s own request at the home centre (claim 18)', () => {
  const asking = (world = parisWorld({ automatic: false })) => {
    const bid = driveBid({ world });
    expect(bid.state()).toBe('considering');
    return bid;
  };

  it('reserves only the agent whose computer asks, and tells it how the bid goes', () => {
    const bid = asking();
    bid.message('auction.bidRequest', 'paris-p2/bidder/main', { auctionId: 'c1:1', agent: 'p2', cost: 5 });
    expect(lastRequest(bid.emitted)?.agent).toBe('p2');
    bid.message('reserve.denied', 'paris/agent/p2', { requestId: lastRequest(bid.emitted)?.requestId, agent: 'p2', reason: 'notIdle' });
    expect(messages(bid.emitted).at(-1)).toEqual([
      'paris-p2/bidder/main',
      'auction.bidStatus',
      { auctionId: 'c1:1', agent: 'p2', status: 'refused', reason: 'p2 cannot be reserved now (notIdle)' },
    ]);
    expect(bid.output()).toMatchObject({ result: 'released' });
  });

  it.each([
    ['after the deadline', { from: 'paris-p2/bidder/main', agent: 'p2', at: 2_000 }, /not open here/],
    ['for an agent it does not know', { from: 'paris-p9/bidder/main', agent: 'p9', at: 500 }, /p9 is not an agent of paris/],
    [
      'from a node that does not speak for the agent',
      { from: 'paris-p1/bidder/main', agent: 'p2', at: 500 },
      /does not bid for p2 at the request of paris-p1/,
    ],
  ])('refuses a request %s', (_, request, reason) => {
    const bid = asking();
    const effects = bid.message('auction.bidRequest', request.from, { auctionId: 'c1:1', agent: request.agent }, request.at);
    expect(messages(effects)).toEqual([
      [request.from, 'auction.bidStatus', expect.objectContaining({ status: 'refused', reason: expect.stringMatching(reason) })],
    ]);
    expect(bid.state()).toBe('considering');
  });

  it('refuses a request while its mode keeps it from taking the contact, as the desk says with the request', () => {
    const bid = asking();
    const request = { v: 1, id: 'm9', from: 'paris-p2/bidder/main', ts: 0, body: { auctionId: 'c1:1', agent: 'p2' } };
    const effects = bid.send({ type: 'auction.bidRequest', ...request, facts: { agent: agent('p2'), closed: 'paris is in local mode' } });
    expect(messages(effects)).toEqual([
      ['paris-p2/bidder/main', 'auction.bidStatus', expect.objectContaining({ status: 'refused', reason: 'paris is in local mode' })],
    ]);
    expect(bid.state()).toBe('considering');
  });

  it('refuses a second request once it bids', () => {
    const bid = driveBid();
    const effects = bid.message('auction.bidRequest', 'paris-p2/bidder/main', { auctionId: 'c1:1', agent: 'p2' });
    expect(messages(effects)).toEqual([
      [
        'paris-p2/bidder/main',
        'auction.bidStatus',
        expect.objectContaining({ status: 'refused', reason: 'paris already bids in this auction' }),
      ],
    ]);
  });

  it('expires at the deadline when nobody asked', () => {
    const bid = asking();
    bid.send({ type: 'deadline', at: 2_000 });
    expect(bid.output()).toMatchObject({ result: 'expired' });
  });
});

describe('the bid machine on an agent’s own computer (claim 18)', () => {
  const ada = { id: 'ada', skills: { billing: 7 }, languages: ['en'] };
  const onAdasComputer = (overrides: Parameters<typeof entity>[0] = {}) =>
    driveBid({
      input: { side: 'agent', centre: 'paris-ada', desk: 'paris-ada/bidder/main', home: 'paris', agent: ada },
      entity: overrides,
    });

  it('waits for the agent’s decision, then asks the home centre in the name of its desk', () => {
    const bid = onAdasComputer();
    expect(bid.state()).toBe('considering');
    const effects = bid.send({ type: 'bid.accept', cost: 4 });
    expect(effects).toEqual([
      expect.objectContaining({
        to: 'paris/bidder/main',
        as: 'paris-ada/bidder/main',
        message: { type: 'auction.bidRequest', body: { auctionId: 'c1:1', agent: 'ada', cost: 4 } },
      }),
    ]);
    bid.message('auction.bidStatus', 'paris/bid/c1:1', { auctionId: 'c1:1', agent: 'ada', status: 'placed', bidId: 'paris.b1' });
    expect(bid.state()).toBe('bidding');
    bid.message('auction.bidStatus', 'paris/bid/c1:1', { auctionId: 'c1:1', agent: 'ada', status: 'won', bidId: 'paris.b1' });
    expect(bid.output()).toMatchObject({ result: 'confirmed' });
  });

  it('ends released, undecided, when its node’s bidder lets it go in the desk’s name (guard letGo)', () => {
    const bid = onAdasComputer();
    const pushed = { auctionId: 'c1:1', agent: 'ada', status: 'refused', reason: 'pushed out' };
    bid.message('auction.bidStatus', 'paris-bob/bidder/main', pushed);
    bid.message('auction.bidStatus', 'paris-ada/bidder/main', { ...pushed, auctionId: 'c2:1' });
    expect(bid.state()).toBe('considering');
    bid.message('auction.bidStatus', 'paris-ada/bidder/main', pushed);
    expect(bid.output()).toMatchObject({ result: 'released', reason: 'pushed out', undecided: true });
  });

  it('takes no decision after the deadline; at the deadline the entity expires undecided', () => {
    const bid = onAdasComputer();
    expect(bid.send({ type: 'bid.accept', at: 2_000 })).toEqual([]);
    bid.send({ type: 'deadline', at: 2_000 });
    expect(bid.output()).toMatchObject({ result: 'expired', undecided: true, reason: 'the deadline passed before a decision' });
  });

  it('ends released when the home centre refuses the bid, or says it lost', () => {
    const refused = onAdasComputer();
    refused.send({ type: 'bid.accept' });
    refused.message('auction.bidStatus', 'paris/bid/c1:1', { auctionId: 'c1:1', agent: 'ada', status: 'refused', reason: 'busy' });
    expect(refused.output()).toMatchObject({ result: 'released', undecided: false });
    const lost = onAdasComputer();
    lost.send({ type: 'bid.accept' });
    lost.message('auction.bidStatus', 'paris/bid/c1:1', { auctionId: 'c1:1', agent: 'ada', status: 'placed', bidId: 'paris.b1' });
    lost.message('auction.bidStatus', 'paris/bid/c1:1', { auctionId: 'c1:1', agent: 'ada', status: 'lost', bidId: 'paris.b1' });
    expect(lost.output()).toMatchObject({ result: 'released' });
  });

  it('follows only its home centre about its own agent', () => {
    const bid = onAdasComputer();
    bid.send({ type: 'bid.accept' });
    bid.message('auction.bidStatus', 'rome/bid/c1:1', { auctionId: 'c1:1', agent: 'ada', status: 'placed' });
    bid.message('auction.bidStatus', 'paris/bid/c1:1', { auctionId: 'c1:1', agent: 'bob', status: 'placed' });
    expect(bid.state()).toBe('reserving');
  });

  it('passes over its home centre’s own auctions and contacts the agent could not serve', () => {
    expect(onAdasComputer({ owner: 'paris', replyTo: 'paris/auctions/main' }).output()).toMatchObject({ result: 'passed' });
    const french = entity().contact;
    expect(onAdasComputer({ contact: { ...french, language: 'fr' } }).output()).toMatchObject({ result: 'passed' });
    expect(onAdasComputer({ contact: { ...french, requirements: [{ skill: 'billing', minProficiency: 8 }] } }).output()).toMatchObject({
      result: 'passed',
    });
  });
});

describe('the bid machine: bid ids', () => {
  const placed = (bid: ReturnType<typeof driveBid>) =>
    messages(bid.emitted).find(([, type]) => type === 'auction.bid')?.[2] as { bidId: string } | undefined;

  it('derives the bid id from the centre, its incarnation, the auction and the actor’s serial, the same on every run', () => {
    const input = { incarnation: 1_700, serial: 4 };
    expect(placed(bidWithLease({ input }))?.bidId).toBe('paris.1700.c1:1:4');
    expect(placed(bidWithLease({ input }))?.bidId).toBe('paris.1700.c1:1:4');
  });

  it('bids under another id in a later life, or from a later actor for the same auction', () => {
    const ids = [
      { incarnation: 1, serial: 0 },
      { incarnation: 2, serial: 0 },
      { incarnation: 2, serial: 1 },
    ].map((input) => placed(bidWithLease({ input }))?.bidId);
    expect(new Set(ids).size).toBe(3);
  });

  it('keeps a bid id within 128 characters however long the auction id', () => {
    const id = placed(bidWithLease({ entity: { auctionId: 'a'.repeat(128) } }))?.bidId ?? '';
    expect(id.length).toBeLessThanOrEqual(128);
    expect(id).toMatch(/^[0-9a-f]{40}:0$/);
  });
});
