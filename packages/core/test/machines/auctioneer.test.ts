import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Effect } from '../../src/effects/effects.js';
import type { AuctionOutcome } from '../../src/machines/auction/context.js';
import { type AuctioneerEvent, type AuctioneerInput, auctioneerMachine } from '../../src/machines/auctioneer/index.js';
import type { ContactSnapshot } from '../../src/protocol/index.js';

const input: AuctioneerInput = { owner: 'london', desk: 'london/auctions/main', queues: null, retryMs: 15_000, remember: 4 };

const contact = (change: Partial<ContactSnapshot> = {}): ContactSnapshot => ({
  id: 'c1',
  owner: 'london',
  rev: 5,
  state: 'queued',
  media: 'voice',
  skillset: 'billing',
  requirements: [{ skill: 'billing', minProficiency: 1 }],
  priority: 0,
  arrivedAt: 0,
  seniority: 0,
  updatedAt: 0,
  ...change,
});

let n = 0;
const envelope = <T extends string, B>(type: T, from: string, body: B) => ({ type, v: 1, id: `m${++n}`, from, ts: 0, body });
const snapshot = (change: Partial<ContactSnapshot> = {}, from = `london/contact/${change.id ?? 'c1'}`) =>
  envelope('contact.snapshot', from, contact(change));
const bid = (change: Record<string, unknown> = {}, from = 'paris/bidder/main') =>
  envelope('auction.bid', from, {
    auctionId: 'c1:5',
    bidId: 'b1',
    bidder: 'paris',
    replyTo: 'paris/bidder/main',
    terms: { cost: 0, proficiency: 5, timeToServiceMs: 0 },
    promise: 'queue',
    ...change,
  });
const closed = (outcome: Partial<AuctionOutcome>) => ({
  type: 'auction.closed',
  outcome: { auctionId: 'c1:5', contact: 'c1', result: 'stayed', reason: 'nobody bid', ...outcome },
});
const due = (contactId = 'c1') => ({ type: 'due', contact: contactId });

/** Runs the auctioneer as a plain actor: each step returns the effects it emitted. */
function drive(overrides: Partial<AuctioneerInput> = {}) {
  const actor = createActor(auctioneerMachine, { input: { ...input, ...overrides } });
  const emitted: Effect[] = [];
  actor.on('*', (effect) => emitted.push(effect));
  actor.start();
  let now = 0;
  const send = (event: Record<string, unknown> & { type: string }): Effect[] => {
    const from = emitted.length;
    now += 1;
    actor.send({ ...event, at: now } as AuctioneerEvent);
    return emitted.slice(from);
  };
  return { send, context: () => actor.getSnapshot().context };
}

const opened = (effects: Effect[]) =>
  effects.flatMap((e) =>
    e.type === 'effect.send' && e.message.type === 'auction.open' ? [(e.message.body as { auctionId: string }).auctionId] : [],
  );
const sent = (effects: Effect[], type: string) => effects.filter((e) => e.type === 'effect.send' && e.message.type === type);

/** A contact queued here, auctioned once its auction came due. */
function auctioning(overrides: Partial<AuctioneerInput> = {}) {
  const auctioneer = drive(overrides);
  auctioneer.send(snapshot());
  expect(opened(auctioneer.send(due()))).toEqual(['c1:5']);
  return auctioneer;
}

describe('the auctioneer (the owner side of auctions)', () => {
  it('auctions a contact queued here once the router has had its go: the auction is due at once, opened by the desk', () => {
    const { send } = drive();
    const queued = send(snapshot());
    expect(queued).toEqual([{ type: 'effect.schedule', timerId: 'due:c1', delayMs: 0, event: { type: 'due', contact: 'c1' } }]);
    expect(send(due())).toEqual([
      {
        type: 'effect.send',
        to: 'london/auctions/main',
        message: {
          type: 'auction.open',
          body: {
            auctionId: 'c1:5',
            contact: {
              id: 'c1',
              media: 'voice',
              skillset: 'billing',
              requirements: [{ skill: 'billing', minProficiency: 1 }],
              priority: 0,
              seniority: 0,
            },
          },
        },
      },
    ]);
  });

  it('never auctions a contact the router placed at once: it left the queue before the auction came due', () => {
    const { send } = drive();
    send(snapshot());
    expect(send(snapshot({ rev: 6, state: 'reserving' }))).toContainEqual({ type: 'effect.cancel', timerId: 'due:c1' });
    expect(opened(send(due()))).toEqual([]);
  });

  it('hears only a contact of its own centre from the contact itself', () => {
    const { send } = drive();
    expect(send(snapshot({}, 'paris/contact/c1'))).toEqual([]);
    expect(send(snapshot({}, 'london/contact/c2'))).toEqual([]);
    expect(send(snapshot({ owner: 'paris' }))).toEqual([]);
  });

  it('auctions only the queues it is told to', () => {
    const { send } = drive({ queues: ['sales'] });
    expect(send(snapshot())).toEqual([]);
    expect(send(snapshot({ id: 'c2', skillset: 'sales' }))).toHaveLength(1);
  });

  it('runs one auction at a time per contact, and one per stay in the queue', () => {
    const { send } = auctioning();
    expect(send(snapshot({ rev: 6, priority: 3 }))).toEqual([]);
    expect(opened(send(due()))).toEqual([]);
    send(closed({ result: 'stayed' }));
    // A newer snapshot of the contact still waiting does not start another before the retry.
    expect(send(snapshot({ rev: 7 }))).toEqual([]);
  });

  it('cancels the auction once things settle after the contact left the queue, and auctions it afresh when it comes back', () => {
    const { send } = auctioning();
    const left = send(snapshot({ rev: 6, state: 'reserving' }));
    expect(sent(left, 'auction.cancel')).toEqual([]);
    const [timer] = left.filter((e) => e.type === 'effect.schedule');
    expect(timer).toMatchObject({ delayMs: 0, event: { type: 'cancel', contact: 'c1', auctionId: 'c1:5' } });
    expect(sent(send((timer as { event: { type: string } }).event), 'auction.cancel')).toEqual([
      {
        type: 'effect.send',
        to: 'london/auction/c1:5',
        message: { type: 'auction.cancel', body: { auctionId: 'c1:5', reason: 'the contact is reserving here' } },
      },
    ]);
    send(closed({ result: 'cancelled' }));
    send(snapshot({ rev: 7 }));
    expect(opened(send(due()))).toEqual(['c1:7']);
  });

  it('says the contact is gone when it ended here', () => {
    const { send } = auctioning();
    const [timer] = send(snapshot({ rev: 6, state: 'abandoned' })).filter((e) => e.type === 'effect.schedule');
    const [cancel] = sent(send((timer as { event: { type: string } }).event), 'auction.cancel');
    expect(cancel).toMatchObject({ message: { body: { reason: 'the contact is gone' } } });
  });

  it('cancels once, for the first change out of the queue, whatever changes follow before it settles', () => {
    const { send } = auctioning();
    const [timer] = send(snapshot({ rev: 6, state: 'reserving' })).filter((e) => e.type === 'effect.schedule');
    expect(send(snapshot({ rev: 7, state: 'offered' })).filter((e) => e.type === 'effect.schedule')).toEqual([]);
    expect(timer).toMatchObject({ event: { reason: 'the contact is reserving here' } });
  });

  it('sends nothing to an auction that ended by itself after the contact left (its award moved the contact)', () => {
    const { send } = auctioning();
    const [timer] = send(snapshot({ rev: 6, state: 'reserving' })).filter((e) => e.type === 'effect.schedule');
    send(closed({ result: 'awarded' }));
    expect(send((timer as { event: { type: string } }).event)).toEqual([]);
  });

  it('cancels and starts over when the customer switches queue', () => {
    const { send } = auctioning();
    const effects = send(snapshot({ rev: 6, skillset: 'sales' }));
    expect(sent(effects, 'auction.cancel')).toMatchObject([
      { message: { body: { auctionId: 'c1:5', reason: 'the contact switched to sales' } } },
    ]);
    expect(effects).toContainEqual({ type: 'effect.schedule', timerId: 'due:c1', delayMs: 0, event: { type: 'due', contact: 'c1' } });
    expect(opened(send(due()))).toEqual(['c1:6']);
  });

  it('cancels without starting over when the new queue is not auctioned', () => {
    const { send } = auctioning({ queues: ['billing'] });
    const effects = send(snapshot({ rev: 6, skillset: 'sales' }));
    expect(sent(effects, 'auction.cancel')).toHaveLength(1);
    expect(opened(send(due()))).toEqual([]);
  });

  it('auctions again retryMs after an auction nobody won, while the contact still waits here', () => {
    const { send } = auctioning();
    expect(send(closed({ result: 'stayed' }))).toEqual([
      { type: 'effect.schedule', timerId: 'due:c1', delayMs: 15_000, event: { type: 'due', contact: 'c1' } },
    ]);
    expect(opened(send(due()))).toEqual(['c1:5.1']);
  });

  it('does not auction again a contact that left the queue meanwhile', () => {
    const { send } = auctioning();
    send(closed({ result: 'stayed' }));
    send(snapshot({ rev: 6, state: 'reserving' }));
    expect(opened(send(due()))).toEqual([]);
  });

  it('does not auction again while an auction of the contact is open', () => {
    const { send } = auctioning();
    expect(opened(send(due()))).toEqual([]);
  });

  it('never retries with retryMs null, nor after an award or a cancellation', () => {
    expect(auctioning({ retryMs: null }).send(closed({ result: 'stayed' }))).toEqual([]);
    expect(auctioning().send(closed({ result: 'awarded', winner: { bid: 'b1', centre: 'paris' } }))).toEqual([]);
    expect(auctioning().send(closed({ result: 'cancelled' }))).toEqual([]);
  });

  it('releases a bid that comes after its auction is over', () => {
    const { send } = auctioning();
    send(closed({ result: 'stayed' }));
    expect(send(bid())).toEqual([
      {
        type: 'effect.send',
        to: 'paris/bidder/main',
        message: { type: 'auction.release', body: { auctionId: 'c1:5', bidId: 'b1', reason: 'the auction is over' } },
      },
    ]);
  });

  it('does not release a late copy of the bid that won: its lease is the assignment now', () => {
    const { send } = auctioning();
    send(closed({ result: 'awarded', winner: { bid: 'b1', centre: 'paris' } }));
    expect(send(bid())).toEqual([]);
    // Another bid of the same auction is released.
    expect(send(bid({ bidId: 'b2' }))).toHaveLength(1);
  });

  it('remembers only the last winners', () => {
    const { send, context } = drive({ remember: 2 });
    for (const id of ['a1', 'a2', 'a3'])
      send(closed({ auctionId: id, contact: id, result: 'awarded', winner: { bid: 'b1', centre: 'paris' } }));
    expect(context().winners.map(([auction]) => auction)).toEqual(['a2', 'a3']);
  });

  it('drops unanswered a late bid that does not speak for its sender', () => {
    const { send } = drive();
    expect(send(bid({}, 'rome/bidder/main'))).toEqual([]);
    expect(send(bid({ replyTo: 'rome/bidder/main' }))).toEqual([]);
    expect(send(bid({ bidder: 'london', replyTo: 'london/bidder/main' }, 'london/bidder/main'))).toEqual([]);
    expect(send(bid({ promise: 'agent' }))).toEqual([]);
    expect(send(bid({ promise: 'agent', agent: 'p1', fence: 3 }))).toHaveLength(1);
  });
});
