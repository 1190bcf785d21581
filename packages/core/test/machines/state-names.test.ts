import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { createScoringCommandRegistry } from '../../src/auction/scoring-commands.js';
import { createAuctionMachine } from '../../src/machines/auction/machine.js';
import { contactMachine } from '../../src/machines/contact/machine.js';
import { auctionIn, contactIn, publicContactState } from '../../src/machines/state-names.js';

describe('reading machine states by name', () => {
  it('names states the contact and auction statecharts really have', () => {
    const contactStates = Object.keys(contactMachine.root.states);
    for (const name of ['queued', 'resyncing', 'handingOver'] as const) {
      expect(contactStates).toContain(name);
      expect(contactIn({ value: name }, name)).toBe(true);
    }
    expect(Object.keys(createAuctionMachine(createScoringCommandRegistry()).root.states)).toContain('handing');
    expect(auctionIn({ value: 'handing' }, 'handing')).toBe(true);
  });

  it('is false for another state, no snapshot or a malformed one', () => {
    expect(contactIn({ value: 'queued' }, 'handingOver', 'resyncing')).toBe(false);
    expect(contactIn(undefined, 'queued')).toBe(false);
    expect(contactIn({}, 'queued')).toBe(false);
    expect(auctionIn(null, 'handing')).toBe(false);
  });

  it('shows a contact re-syncing after a restart as connected, and a state no replica names as the fallback', () => {
    expect(publicContactState('resyncing', 'queued')).toBe('connected');
    expect(publicContactState('offered', 'queued')).toBe('offered');
    expect(publicContactState('handingOver', 'queued')).toBe('queued');
    expect(publicContactState(undefined, 'ended')).toBe('ended');
  });

  it('reads a live actor', () => {
    const actor = createActor(contactMachine, {
      input: { id: 'c1', centre: 'london', media: 'voice', skillset: 'billing', now: 0 } as never,
    });
    actor.start();
    expect(contactIn(actor.getSnapshot(), 'arriving', 'queued')).toBe(true);
    actor.stop();
  });
});
