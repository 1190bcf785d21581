import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { createScoringCommandRegistry } from '../../src/auction/scoring-commands.js';
import type { Effect } from '../../src/effects/effects.js';
import { defaultAuctionPolicy } from '../../src/machines/auction/context.js';
import { createAuctionMachine } from '../../src/machines/auction/machine.js';

// Issue "Every door checked", report 8: an auction whose rule does not compile on this node (a
// scoring command it never registered) used to throw inside an action; the actor failed and the
// auction never ended (invariant 4). Now every bid is released with the reason and it ends.
describe('an auction whose rule this node cannot assess', () => {
  it('releases every bid with the reason and ends at its deadline, without failing', () => {
    const machine = createAuctionMachine(createScoringCommandRegistry({ builtIns: false }));
    const actor = createActor(machine, {
      input: {
        auctionId: 'a1',
        owner: 'london',
        desk: 'london/auctions/main',
        contact: { id: 'c1', media: 'voice', skillset: 'billing', requirements: [], priority: 0, seniority: 0 },
        policy: { ...defaultAuctionPolicy, rule: { kind: 'command', command: 'fastest' } },
        localExpectedWaitMs: 60_000,
        at: 0,
      },
    });
    const emitted: Effect[] = [];
    const failures: unknown[] = [];
    actor.on('*', (effect) => emitted.push(effect as Effect));
    actor.subscribe({ error: (error) => failures.push(error) });
    actor.start();
    const terms = { cost: 0, proficiency: 5, timeToServiceMs: 0 };
    actor.send({
      type: 'auction.bid',
      v: 1,
      id: 'm1',
      from: 'paris/bidder/main',
      ts: 0,
      at: 10,
      body: { auctionId: 'a1', bidId: 'b1', bidder: 'paris', replyTo: 'paris/bidder/main', terms, promise: 'queue' },
    } as never);
    actor.send({ type: 'deadline', at: 2_000 } as never);
    expect(failures).toEqual([]);
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().output).toMatchObject({ result: 'stayed', reason: expect.stringMatching(/cannot assess/) });
    expect(emitted).toContainEqual(
      expect.objectContaining({
        type: 'effect.send',
        to: 'paris/bidder/main',
        message: expect.objectContaining({ type: 'auction.release', body: expect.objectContaining({ bidId: 'b1' }) }),
      }),
    );
    expect(emitted).toContainEqual(expect.objectContaining({ type: 'effect.clear', topic: 'auction/london/c1' }));
  });
});
