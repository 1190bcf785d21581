import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Effect } from '../../src/effects/effects.js';
import { type BidderEvent, type BidderInput, bidderMachine } from '../../src/machines/bidder/index.js';
import { entity } from './bid-driver.js';

// The bidder machine (DESIGN.md §5): what comes for an auction with no bid actor. Pure
// transitions, driven without a runtime; every guard has a test here that fails without it.

const ada = { id: 'ada', skills: { billing: 7 } };

const centre = (overrides: Partial<BidderInput> = {}): BidderInput =>
  ({ side: 'centre', centre: 'paris', desk: 'paris/bidder/main', maxOpenBids: 2, incarnation: 1_700, ...overrides }) as BidderInput;

const agentNode = (overrides: Partial<BidderInput> = {}): BidderInput =>
  ({
    side: 'agent',
    centre: 'paris-ada',
    desk: 'paris-ada/bidder/main',
    maxOpenBids: 10,
    home: 'paris',
    agent: ada,
    byHand: true,
    maxPendingDecisions: 2,
    ...overrides,
  }) as BidderInput;

function driveBidder(input: BidderInput) {
  const actor = createActor(bidderMachine, { input });
  const emitted: Effect[] = [];
  actor.on('*', (effect) => emitted.push(effect));
  actor.start();
  let ids = 0;
  const send = (event: Record<string, unknown>): Effect[] => {
    const from = emitted.length;
    actor.send({ v: 1, id: `m${++ids}`, ts: 100, at: 100, ...event } as BidderEvent);
    return emitted.slice(from);
  };
  /** London's entity for auction `auctionId`, as the desk passes it on with what it knows. */
  const offer = (auctionId: string, facts: Record<string, unknown> = {}) =>
    send({
      type: 'auction.entity',
      from: 'london/auction/x',
      body: entity({ auctionId, contact: { ...entity().contact, id: auctionId } }),
      facts,
    });
  return { actor, send, offer, live: () => actor.getSnapshot().context.live };
}

const hosted = (effects: readonly Effect[]) => effects.flatMap((e) => (e.type === 'effect.host' ? [[e.kind, e.id]] : []));

describe('the bidder machine at a centre', () => {
  it('starts one bid actor per entity, with the centre’s life and a serial number for its bid id', () => {
    const bidder = driveBidder(centre());
    const first = bidder.offer('c1:1', { knownOwner: 'london' });
    expect(first).toEqual([
      {
        type: 'effect.host',
        kind: 'bid',
        id: 'c1:1',
        input: expect.objectContaining({
          side: 'centre',
          centre: 'paris',
          desk: 'paris/bidder/main',
          at: 100,
          incarnation: 1_700,
          serial: 0,
          knownOwner: 'london',
        }),
      },
    ]);
    expect(bidder.offer('c2:1')).toEqual([expect.objectContaining({ id: 'c2:1', input: expect.objectContaining({ serial: 1 }) })]);
    expect(bidder.live()).toEqual(['c1:1', 'c2:1']);
  });

  it('takes the same entity again as the one its live actor has (guard liveActor)', () => {
    const bidder = driveBidder(centre());
    bidder.offer('c1:1');
    expect(bidder.offer('c1:1')).toEqual([]);
    expect(bidder.live()).toEqual(['c1:1']);
  });

  it('passes an entity over while maxOpenBids actors are live, and takes one again once one ended (guard full)', () => {
    const bidder = driveBidder(centre({ maxOpenBids: 2 }));
    bidder.offer('c1:1');
    bidder.offer('c2:1');
    expect(bidder.offer('c3:1')).toEqual([]);
    expect(bidder.live()).toEqual(['c1:1', 'c2:1']);
    bidder.send({ type: 'bid.ended', auctionId: 'c1:1' });
    expect(hosted(bidder.offer('c3:1'))).toEqual([['bid', 'c3:1']]);
    expect(bidder.live()).toEqual(['c2:1', 'c3:1']);
  });

  it('refuses an award for an auction with no live bid actor, in the desk’s name (guard liveActor)', () => {
    const bidder = driveBidder(centre());
    const award = { auctionId: 'c1:1', bidId: 'paris.b1', contact: 'c1', fence: 7 };
    expect(bidder.send({ type: 'auction.award', from: 'london/auction/c1:1', body: award })).toEqual([
      {
        type: 'effect.send',
        to: 'london/auction/c1:1',
        message: {
          type: 'auction.confirm',
          body: { auctionId: 'c1:1', bidId: 'paris.b1', result: 'refused', reason: 'no such bid here (it expired or was released)' },
        },
        as: 'paris/bidder/main',
      },
    ]);
    bidder.offer('c1:1');
    expect(bidder.send({ type: 'auction.award', from: 'london/auction/c1:1', body: award })).toEqual([]);
  });

  it('refuses an agent’s request for a bid in an auction with no live bid actor, in the desk’s name', () => {
    const bidder = driveBidder(centre());
    const request = { type: 'auction.bidRequest', from: 'paris-ada/bidder/main', body: { auctionId: 'c1:1', agent: 'ada' } };
    expect(bidder.send(request)).toEqual([
      {
        type: 'effect.send',
        to: 'paris-ada/bidder/main',
        message: {
          type: 'auction.bidStatus',
          body: {
            auctionId: 'c1:1',
            agent: 'ada',
            status: 'refused',
            reason: 'the auction is not open here (unknown, or past its deadline)',
          },
        },
        as: 'paris/bidder/main',
      },
    ]);
    bidder.offer('c1:1');
    expect(bidder.send(request)).toEqual([]);
  });

  it('says nothing to a release or a status for an auction it has no actor for', () => {
    const bidder = driveBidder(centre());
    expect(bidder.send({ type: 'auction.release', from: 'london/auction/c1:1', body: { auctionId: 'c1:1', bidId: 'b' } })).toEqual([]);
    expect(
      bidder.send({ type: 'auction.bidStatus', from: 'paris/bidder/main', body: { auctionId: 'c1:1', agent: 'ada', status: 'won' } }),
    ).toEqual([]);
  });
});

describe('the bidder machine on an agent’s own computer', () => {
  it('starts the agent’s bid actor for an entity (guard atCentre: it refuses nothing itself)', () => {
    const bidder = driveBidder(agentNode());
    expect(bidder.offer('c1:1')).toEqual([
      {
        type: 'effect.host',
        kind: 'bid',
        id: 'c1:1',
        input: expect.objectContaining({ side: 'agent', centre: 'paris-ada', home: 'paris', agent: ada, desk: 'paris-ada/bidder/main' }),
      },
    ]);
    const award = { auctionId: 'c9:1', bidId: 'x', contact: 'c9' };
    expect(bidder.send({ type: 'auction.award', from: 'london/auction/c9:1', body: award })).toEqual([]);
    expect(bidder.send({ type: 'auction.bidRequest', from: 'paris-bob/bidder/main', body: { auctionId: 'c9:1', agent: 'bob' } })).toEqual(
      [],
    );
  });

  it('lets the oldest waiting entity go beyond maxPendingDecisions, after starting the new one (guard tooManyWaiting)', () => {
    const bidder = driveBidder(agentNode({ maxPendingDecisions: 2 }));
    bidder.offer('c1:1', { waiting: [] });
    bidder.offer('c2:1', { waiting: ['c1:1'] });
    const effects = bidder.offer('c3:1', { waiting: ['c1:1', 'c2:1'] });
    expect(effects).toEqual([
      expect.objectContaining({ type: 'effect.host', id: 'c3:1' }),
      {
        type: 'effect.send',
        to: 'paris-ada/bid/c1:1',
        message: {
          type: 'auction.bidStatus',
          body: { auctionId: 'c1:1', agent: 'ada', status: 'refused', reason: 'newer entities pushed it out before the agent decided' },
        },
        as: 'paris-ada/bidder/main',
      },
    ]);
  });

  it('counts only the entities still waiting: one the agent decided on keeps no room', () => {
    const bidder = driveBidder(agentNode({ maxPendingDecisions: 2 }));
    bidder.offer('c1:1', { waiting: [] });
    bidder.offer('c2:1', { waiting: ['c1:1'] });
    expect(hosted(bidder.offer('c3:1', { waiting: ['c2:1'] }))).toEqual([['bid', 'c3:1']]);
    expect(bidder.offer('c4:1', { waiting: ['c2:1', 'c3:1'] }).filter((e) => e.type === 'effect.send')).toHaveLength(1);
  });

  it('lets nothing go for an entity its actor passes over at once, nor when a decide rule decides', () => {
    const passed = driveBidder(agentNode({ maxPendingDecisions: 1 }));
    passed.offer('c1:1', { waiting: [] });
    const own = { type: 'auction.entity', from: 'paris/auction/x', body: entity({ auctionId: 'c2:1', owner: 'paris' }) };
    expect(passed.send({ ...own, facts: { waiting: ['c1:1'] } })).toEqual([expect.objectContaining({ type: 'effect.host' })]);
    const byRule = driveBidder(agentNode({ maxPendingDecisions: 1, byHand: false }));
    byRule.offer('c1:1', { waiting: ['c0:1'] });
    expect(byRule.offer('c2:1', { waiting: ['c1:1'] })).toEqual([expect.objectContaining({ type: 'effect.host' })]);
  });
});
