import { createCentre, sequentialIds, VirtualClock } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';

// docs/limits.md, maxRememberedOutcomes: a centre answers status lookups of ended contacts from
// what it remembers, and remembers only the latest ones.
describe('a centre remembers at most maxRememberedOutcomes ended contacts', () => {
  it('answers the latest ones and forgets the oldest', async () => {
    const clock = new VirtualClock(0);
    const hub = createMemoryHub({ clock });
    const centre = createCentre({
      id: 'london',
      network: 'acme',
      transport: hub.transport('london'),
      clock,
      ids: sequentialIds('london.1'),
      limits: { maxRememberedOutcomes: 2 },
      adapter: { offer: () => {} },
    });
    await centre.start();
    try {
      const tokens = [1, 2, 3].map(() => {
        const { id, token } = centre.contacts.arrive({ media: 'chat', skillset: 'billing' });
        clock.advance(0);
        centre.contacts.abandon(id);
        clock.advance(0);
        return token;
      });
      expect(tokens.map((token) => centre.status(token)?.state)).toEqual([undefined, 'abandoned', 'abandoned']);
    } finally {
      await centre.stop();
    }
  });
});
