import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/index.js';
import { ReplicaStore } from '../../src/replica/index.js';
import { compactAgent, Interner } from '../../src/replica/interner.js';
import { agent } from './fixtures.js';

const perMedia = fc.dictionary(fc.constantFrom('voice', 'chat', 'email', 'sms'), fc.integer({ min: 0, max: 100 }), { maxKeys: 4 });
const agentArb = fc.record({
  home: fc.constantFrom('london', 'paris'),
  state: fc.constantFrom('idle' as const, 'busy' as const, 'notReady' as const),
  skills: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 10 }), { maxKeys: 10 }),
  capacity: perMedia,
  load: perMedia,
  languages: fc.option(fc.array(fc.constantFrom('en', 'fr', 'de-CH'), { maxLength: 3 }), { nil: undefined }),
  reason: fc.option(fc.constantFrom('lunch', 'training'), { nil: undefined }),
});

describe('replica records share what they repeat (Interner, compactAgent)', () => {
  it('keeps every field and value of any agent, with its skills in name order', () => {
    fc.assert(
      fc.property(agentArb, ({ languages, reason, ...fields }) => {
        const snapshot = agent('a1', {
          ...fields,
          ...(languages === undefined ? {} : { languages }),
          ...(reason === undefined ? {} : { reason }),
        });
        const kept = compactAgent(snapshot, new Interner());
        expect(kept).toEqual(snapshot);
        // The same skills given in the reverse order are kept in the same order (one hidden class).
        const reversed = Object.fromEntries(Object.entries(snapshot.skills).reverse());
        const again = compactAgent({ ...snapshot, skills: reversed }, new Interner());
        expect(Object.keys(again.skills)).toEqual(Object.keys(kept.skills));
      }),
      { seed: 20261207 },
    );
  });

  it('holds one table for every agent with the same capacity, load and languages', () => {
    const interner = new Interner();
    const one = compactAgent(agent('a1', { capacity: { voice: 1, chat: 3 }, load: {}, languages: ['en'] }), interner);
    const two = compactAgent(agent('a2', { capacity: { voice: 1, chat: 3 }, load: {}, languages: ['en'] }), interner);
    const three = compactAgent(agent('a3', { capacity: { voice: 1, chat: 2 }, load: {}, languages: ['fr'] }), interner);
    expect(two.capacity).toBe(one.capacity);
    expect(two.load).toBe(one.load);
    expect(two.languages).toBe(one.languages);
    expect(three.capacity).not.toBe(one.capacity);
    expect(three.languages).not.toBe(one.languages);
  });

  it('stops keeping new values past its limit, and hands them back as they are', () => {
    const interner = new Interner(2);
    const [one, two, three] = [{ voice: 1 }, { voice: 2 }, { voice: 3 }];
    expect([interner.table('v1', one), interner.table('v2', two), interner.table('v3', three)]).toEqual([one, two, three]);
    expect(interner.table('v1', { voice: 1 })).toBe(one);
    expect(interner.table('v3', { voice: 3 })).not.toBe(three);
    expect(interner.string('london')).toBe('london');
  });

  it('is what a store keeps and reports: equal to the snapshot applied, the same object in its change', () => {
    const store = new ReplicaStore({ clock: new VirtualClock(0) });
    const changes: unknown[] = [];
    store.changes$.subscribe((change) => {
      if (change.kind === 'agent') changes.push(change.after);
    });
    const snapshot = agent('a1', { skills: { sales: 3, billing: 5 } });
    store.apply({ type: 'agent.snapshot', body: snapshot });
    const held = store.agent('london', 'a1');
    expect(held).toEqual(snapshot);
    expect(changes).toEqual([held]);
    expect(changes[0]).toBe(held);
  });
});
