import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faults, op, runScenario } from './network-scenario.js';

describe('a network of three centres keeps DESIGN.md §8 invariants under faults (property)', () => {
  it('1 capacity, 2 one owner and one offer per contact, 3 nothing lost, 5 replicas converge, 8 nobody waits beside a free agent', async () => {
    let handovers = 0;
    let connected = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 5, maxLength: 40 }),
        faults,
        fc.integer({ min: 1, max: 1_000 }),
        async (ops, plan, seed) => {
          const run = await runScenario(ops, plan, seed);
          handovers += run.handovers;
          connected += run.connected;
        },
      ),
      { numRuns: 80 },
    );
    // The runs did cross centres and put calls through: the invariants were checked on real traffic.
    expect(handovers).toBeGreaterThan(20);
    expect(connected).toBeGreaterThan(3);
  }, 120_000);
});
