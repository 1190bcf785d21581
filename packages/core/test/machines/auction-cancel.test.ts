import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { createScoringCommandRegistry } from '../../src/auction/scoring-commands.js';
import type { Effect } from '../../src/effects/effects.js';
import { defaultAuctionPolicy } from '../../src/machines/auction/context.js';
import type { AuctionEvent } from '../../src/machines/auction/events.js';
import { createAuctionMachine } from '../../src/machines/auction/machine.js';

let n = 0;
const envelope = <T extends string, B>(type: T, from: string, body: B) => ({ type, v: 1, id: `m${++n}`, from, ts: 0, body });
const terms = { cost: 0, proficiency: 5, timeToServiceMs: 0 };
const bid = (centre = 'paris', change: Record<string, unknown> = {}, from = `${centre}/bidder/main`) =>
  envelope('auction.bid', from, {
    auctionId: 'a1',
    bidId: `b-${centre}`,
    bidder: centre,
    replyTo: `${centre}/bidder/main`,
    terms,
    promise: 'agent',
    agent: `${centre}-1`,
    fence: 1,
    ...change,
  });
const cancel = (from = 'london/auctioneer/main', auctionId = 'a1') =>
  envelope('auction.cancel', from, { auctionId, reason: 'the contact is reserving here' });
const confirm = (centre = 'paris') =>
  envelope('auction.confirm', `${centre}/bidder/main`, { auctionId: 'a1', bidId: `b-${centre}`, result: 'confirmed' });

/** Runs one auction (collect, fastest first) as a plain actor. */
function drive() {
  const actor = createActor(createAuctionMachine(createScoringCommandRegistry()), {
    input: {
      auctionId: 'a1',
      owner: 'london',
      desk: 'london/auctions/main',
      contact: { id: 'c1', media: 'voice', skillset: 'billing', requirements: [], priority: 0, seniority: 0 },
      policy: defaultAuctionPolicy,
      localExpectedWaitMs: 60_000,
      at: 0,
    },
  });
  const emitted: Effect[] = [];
  actor.on('*', (effect) => emitted.push(effect as Effect));
  actor.start();
  let now = 0;
  const send = (event: Record<string, unknown> & { type: string }): Effect[] => {
    const from = emitted.length;
    now += 10;
    actor.send({ ...event, at: now } as AuctionEvent);
    return emitted.slice(from);
  };
  return { actor, send, bids: () => actor.getSnapshot().context.bids.map((b) => b.id) };
}

const sent = (effects: Effect[], type: string) =>
  effects.flatMap((e) => (e.type === 'effect.send' && e.message.type === type ? [{ to: e.to, body: e.message.body }] : []));

describe('an auction at its owner', () => {
  it('takes a bid that speaks for its sender', () => {
    const { send, bids } = drive();
    send(bid());
    expect(bids()).toEqual(['b-paris']);
  });

  it('drops unanswered a bid whose sender, bidder and replyTo are not one centre, or whose promise does not match', () => {
    const { send, bids } = drive();
    expect(send(bid('paris', {}, 'rome/bidder/main'))).toEqual([]);
    expect(send(bid('paris', { replyTo: 'rome/bidder/main' }))).toEqual([]);
    expect(send(bid('paris', { fence: undefined }))).toEqual([]);
    expect(send(bid('paris', { promise: 'queue' }))).toEqual([]);
    expect(send(bid('london'))).toEqual([]);
    expect(bids()).toEqual([]);
  });

  it('releases a late bid while it awaits its winner, but drops a late bid that does not speak for its sender', () => {
    const { send } = drive();
    send(bid());
    send({ type: 'deadline' });
    expect(sent(send(bid('rome')), 'auction.release')).toMatchObject([{ to: 'rome/bidder/main' }]);
    expect(send(bid('rome', { bidId: 'b2' }, 'madrid/bidder/main'))).toEqual([]);
  });

  it('cancelled by its auctioneer (the contact left the queue), it awards nothing and releases every bid', () => {
    const { actor, send } = drive();
    send(bid());
    send(bid('rome'));
    const effects = send(cancel());
    expect(actor.getSnapshot().output).toMatchObject({ result: 'cancelled', reason: 'the contact is reserving here' });
    expect(actor.getSnapshot().output).not.toHaveProperty('winner');
    expect(sent(effects, 'auction.award')).toEqual([]);
    expect(sent(effects, 'auction.release').map((r) => r.to)).toEqual(['paris/bidder/main', 'rome/bidder/main']);
  });

  it('cancelled while its winner confirms, it hands nothing over and releases the award', () => {
    const { actor, send } = drive();
    send(bid());
    expect(sent(send({ type: 'deadline' }), 'auction.award')).toHaveLength(1);
    const effects = send(cancel());
    expect(sent(effects, 'auction.won')).toEqual([]);
    expect(sent(effects, 'auction.release')).toMatchObject([{ to: 'paris/bidder/main' }]);
    expect(actor.getSnapshot().output).toMatchObject({ result: 'cancelled' });
  });

  it('takes a cancellation only from its own auctioneer, for itself', () => {
    const { actor, send } = drive();
    send(bid());
    send(cancel('paris/auctioneer/main'));
    send(cancel('london/auction/a2'));
    send(cancel('london/auctioneer/main', 'a2'));
    expect(actor.getSnapshot().status).toBe('active');
  });

  it('once the contact is moving to the winner, lets the contact answer: a cancellation changes nothing', () => {
    const { actor, send } = drive();
    send(bid());
    send({ type: 'deadline' });
    expect(sent(send(confirm()), 'auction.won')).toHaveLength(1);
    send(cancel());
    expect(actor.getSnapshot().value).toBe('handing');
  });
});
