import type { MessageTraceEvent, TraceKind } from '@contactmesh/transports/memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actions, checkDelivery, faultPlan, play, receivers, subscribedTo } from './support/script.js';

describe('memory hub properties under queue overflow', () => {
  it('accounts for every message with a queue of 1 to 4: delivered, dropped or discarded, as the counters and the trace agree', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer(),
        faultPlan(true),
        fc.integer({ min: 1, max: 4 }),
        actions({ partitions: true }),
        async (seed, faults, maxQueuedMessages, script) => {
          const played = await play({ seed, faults, limits: { maxQueuedMessages } }, script);
          const { hub } = played.world;
          const stats = hub.stats();
          const events = hub.trace().filter((e): e is MessageTraceEvent => e.kind !== 'crash');
          const count = (kind: TraceKind, to?: string) => events.filter((e) => e.kind === kind && (to === undefined || e.to === to)).length;
          expect(stats.overflowed).toBe(count('overflow'));
          expect(stats.delivered).toBe(count('deliver'));
          expect(stats.dropped).toBe(count('drop'));
          expect(stats.duplicated).toBe(count('duplicate'));
          expect(stats.discarded).toBe(0);
          // Per receiver: every copy routed to it (one per matching publication, plus duplicates) ends exactly one way.
          for (const id of receivers) {
            const routed = played.published.filter((p) => subscribedTo(id, p)).length + count('duplicate', id);
            expect(count('deliver', id) + count('drop', id) + count('overflow', id)).toBe(routed);
            expect(played.inboxes.get(id)).toHaveLength(count('deliver', id));
          }
          // Discarding the oldest never reorders a link; nothing is promised to arrive.
          checkDelivery(played, () => false);
        },
      ),
      { numRuns: 150 },
    );
  });
});
