import { coreMessages, type ParticipantRole } from '@contactmesh/core/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { howToEnable, mosquittoPath } from '../support/acl-mosquitto.js';
import { describeMissing } from '../support/missing-component.js';
import { forgeries } from './forgeries.js';
import { forged, type Pick } from './forgery-kit.js';
import { type Backend, forgers, forgeryWorld } from './forgery-world.js';

// Invariant 9 (DESIGN.md §8; issue "Only a centre speaks for itself"): no message from a
// participant changes what that participant does not own. For every message type of the
// protocol, forged copies — other senders, owners, fences, revs, incarnations — sent by a
// participant of each role (a centre that owns none of it, a gateway, an agent's computer) to a
// small network at rest change neither who owns a contact nor which agent is reserved, offered or
// busy; and each one stopped at the door is counted with a code (by a centre, or on the way: by
// the relay, or by Mosquitto's ACL as the forger's refused publish). Over the memory hub, the relay,
// aedes (no ACL: the centres alone stop everything) and a Mosquitto of the test's own with the ACL
// `contactmesh acl` generates (forgery-networks.ts); without a mosquitto binary that one is skipped,
// and says so, but not in CI.

const types = Object.keys(coreMessages.bodies) as (keyof typeof forgeries)[];
const roles: readonly ParticipantRole[] = ['centre', 'gateway', 'agent'];

const pickArb: fc.Arbitrary<Pick> = fc.record({
  variant: fc.nat({ max: 11 }),
  victim: fc.constantFrom('a', 'b'),
  impersonate: fc.boolean(),
  delta: fc.integer({ min: 1, max: 1_000_000 }),
});
/** One forgery of every type, each by a forger of some role, in some order. */
const runArb = fc
  .shuffledSubarray(types, { minLength: types.length })
  .chain((order) =>
    fc.tuple(...order.map((type) => fc.record({ type: fc.constant(type), role: fc.constantFrom(...roles), pick: pickArb }))),
  );

const mosquitto: Backend = 'Mosquitto (generated ACL)';
if (mosquittoPath === undefined)
  describeMissing(`forged copies of every message type, over ${mosquitto}`, 'no mosquitto binary', howToEnable);

// Runs (each a fresh world) and the time each backend's property may take.
describe.each<[Backend, number, number]>([
  ['memory hub (peers pinned)', 40, 30_000],
  ['relay (identities bound)', 12, 30_000],
  ['aedes (no ACL, peers pinned)', 25, 120_000],
  ...(mosquittoPath === undefined ? [] : [[mosquitto, 20, 120_000] as [Backend, number, number]]),
])('forged copies of every message type, over the %s', (backend, numRuns, timeout) => {
  it('change no owner and no agent, and each one stopped at the door is counted with a code', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(runArb, async (run) => {
        const world = await forgeryWorld(backend);
        try {
          const before = world.state();
          for (const { type, role, pick } of run) {
            const forger = forgers[role];
            const forgery = forged(forgeries[type], forger, role, world.facts, pick);
            const counted = world.refusals();
            await world.forge(forger, forgery.topic, forgery.type, forgery.from, forgery.body, forgery.to);
            const what = `${type} from ${forger} (${role}) as ${forgery.from} on ${forgery.topic}`;
            expect(world.state(), what).toEqual(before);
            if (forgery.stopped === 'door') expect(world.refusals(), `${what}: counted`).toBeGreaterThan(counted);
          }
        } finally {
          await world.close();
        }
      }),
      { numRuns },
    );
  });
});
