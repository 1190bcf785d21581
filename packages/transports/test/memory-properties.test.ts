import type { InboundMessage } from '@contactmesh/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actions, checkDelivery, faultPlan, play } from './support/script.js';
import { createWorld } from './support/world.js';

describe('memory hub properties', () => {
  it('keeps per-publisher order per topic and delivers everything, for any seed and any delay, jitter and duplicate faults', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), faultPlan(false), actions(), async (seed, faults, script) => {
        checkDelivery(await play({ seed, faults }, script), () => true);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps per-publisher order and delivers every QoS 1 message at least once, even with the drop fault and partitions that heal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), faultPlan(true), actions({ partitions: true }), async (seed, faults, script) => {
        checkDelivery(await play({ seed, faults }, script), (payload) => payload.endsWith('|1'));
      }),
      { numRuns: 150 },
    );
  });

  it('carries any bytes to a subscriber without throwing or ending its subscription', async () => {
    const payload = fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.string({ unit: 'binary', maxLength: 300 }));
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.array(payload, { maxLength: 40 }), async (seed, payloads) => {
        const world = createWorld({ seed, faults: { default: { jitterMs: 5 } } });
        const alice = await world.connect('alice');
        const bob = await world.connect('bob');
        const received: InboundMessage[] = [];
        let ended: string | undefined;
        bob.subscribe('cm/fuzz').subscribe({
          next: (m) => received.push(m),
          error: (e: unknown) => {
            ended = `error: ${String(e)}`;
          },
          complete: () => {
            ended = 'complete';
          },
        });
        for (const p of payloads) await alice.publish('cm/fuzz', p);
        await alice.publish('cm/fuzz', 'still listening', { qos: 1 });
        world.settle();
        expect(ended).toBeUndefined();
        const encoder = new TextEncoder();
        const expected = [...payloads.map((p) => (typeof p === 'string' ? encoder.encode(p) : p)), encoder.encode('still listening')];
        expect(received.map((m) => Buffer.from(m.payload).toString('hex'))).toEqual(expected.map((p) => Buffer.from(p).toString('hex')));
      }),
      { numRuns: 100 },
    );
  });
});
