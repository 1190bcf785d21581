import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/effects/effects.js';
import { assign, driveContact } from './contact-driver.js';

/** Where each snapshot the contact sent went, and in which state. */
const snapshots = (effects: Effect[]) =>
  effects.flatMap((e) =>
    e.type === 'effect.send' && e.message.type === 'contact.snapshot' ? [[e.to, (e.message.body as { state: string }).state]] : [],
  );

describe('contact: its owner’s auctioneer', () => {
  it('tells the auctioneer of every change, as it tells the router, straight from the actor', () => {
    const contact = driveContact({ auctioneer: 'london/auctioneer/main' });
    expect(snapshots(contact.emitted)).toEqual([
      ['london/router/main', 'queued'],
      ['london/auctioneer/main', 'queued'],
    ]);
    expect(snapshots(contact.send(assign()))).toEqual([
      ['london/router/main', 'reserving'],
      ['london/auctioneer/main', 'reserving'],
    ]);
  });

  it('tells it of its end too', () => {
    const contact = driveContact({ auctioneer: 'london/auctioneer/main' });
    expect(snapshots(contact.send({ type: 'abandoned' }))).toEqual([
      ['london/router/main', 'abandoned'],
      ['london/auctioneer/main', 'abandoned'],
    ]);
  });

  it('publishes that it is moving to the centre that won it, so a next life of its owner asks the winner again', () => {
    const contact = driveContact({ auctioneer: 'london/auctioneer/main' });
    const { rev } = contact.context();
    const won = contact.send({
      type: 'auction.won',
      v: 1,
      id: 'won-1',
      from: 'london/auction/a1',
      ts: 0,
      body: { auctionId: 'a1', contact: 'c1', centre: 'paris', agent: 'p1', fence: 1 },
    });
    expect(snapshots(won)).toEqual([
      ['london/router/main', 'reserving'],
      ['london/auctioneer/main', 'reserving'],
    ]);
    expect(won.filter((e) => e.type === 'effect.publish')).toEqual([
      expect.objectContaining({
        topic: 'replica/london/contact/c1',
        message: expect.objectContaining({ body: expect.objectContaining({ state: 'reserving', rev: rev + 1 }) }),
      }),
    ]);
    expect(won.some((e) => e.type === 'effect.send' && e.message.type === 'handover.request')).toBe(true);
  });

  it('tells no auctioneer when its owner does not auction', () => {
    const contact = driveContact();
    expect(snapshots(contact.emitted).map(([to]) => to)).toEqual(['london/router/main']);
  });
});
