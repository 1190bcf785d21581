import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContactSnapshot } from '../../src/protocol/index.js';
import { ContactQueue, contactOrder } from '../../src/routing/index.js';
import { agentArb, contactArb, contactIds, contactsArb, relaxationArb, testContactPolicies } from './arbitraries.js';
import { bruteContact, brutePosition } from './brute-force.js';

const policyName = fc.constantFrom(...(Object.keys(testContactPolicies) as (keyof typeof testContactPolicies)[]));
const question = fc.record({
  agent: agentArb('a1'),
  policy: policyName,
  now: fc.integer({ min: 0, max: 20 }),
  // One list for every queue, or a list per skillset.
  relaxation: fc.oneof(relaxationArb, fc.record({ billing: relaxationArb, tech: relaxationArb }, { requiredKeys: [] })),
});

const update = fc.oneof(
  fc.constantFrom(...contactIds).chain((id) => contactArb(id).map((contact) => ({ upsert: contact }))),
  fc.constantFrom(...contactIds).map((id) => ({ remove: id })),
);

const apply = (queue: ContactQueue, step: { upsert: ContactSnapshot } | { remove: string }): ContactQueue =>
  'upsert' in step ? queue.upsert(step.upsert) : queue.remove(step.remove);

describe('ContactQueue agrees with a linear scan (property)', () => {
  it('chooses exactly what scanning every contact with the same rule chooses, built at once or update by update', () => {
    fc.assert(
      fc.property(
        contactsArb,
        fc.array(update, { maxLength: 30 }),
        fc.array(question, { minLength: 1, maxLength: 5 }),
        (contacts, updates, questions) => {
          const built = ContactQueue.from(contacts, { policies: testContactPolicies });
          const updated = updates.reduce(apply, built);
          for (const q of questions) {
            const options = { now: q.now, relaxation: q.relaxation };
            const policy = testContactPolicies[q.policy];
            expect(built.choose(q.agent, { ...options, policy: q.policy })?.id).toBe(bruteContact(contacts, q.agent, policy, options)?.id);
            expect(updated.choose(q.agent, { ...options, policy: q.policy })?.id).toBe(
              bruteContact(updated.values(), q.agent, policy, options)?.id,
            );
          }
        },
      ),
      { numRuns: 300, seed: 0x5eed },
    );
  });

  it('tells every contact its place in its skillset queue, and how many wait there', () => {
    fc.assert(
      fc.property(contactsArb, fc.array(update, { maxLength: 30 }), policyName, (contacts, updates, policy) => {
        const queue = updates.reduce(apply, ContactQueue.from(contacts, { policies: testContactPolicies }));
        const all = [...queue.values()];
        for (const id of contactIds) expect(queue.position(id, policy)).toBe(brutePosition(all, id, testContactPolicies[policy]));
        const everyone = all.filter((c) => c.state === 'queued').sort(contactOrder(testContactPolicies[policy]));
        expect([...queue.queue(undefined, policy)].map((c) => c.id)).toEqual(everyone.map((c) => c.id));
        expect(queue.waiting()).toBe(everyone.length);
        for (const skillset of ['billing', 'sales', 'tech', 'constructor']) {
          const waiting = all.filter((c) => c.state === 'queued' && c.skillset === skillset);
          expect(queue.waiting(skillset)).toBe(waiting.length);
          expect([...queue.queue(skillset, policy)].map((c) => queue.position(c.id, policy))).toEqual(waiting.map((_, i) => i + 1));
        }
      }),
      { numRuns: 200, seed: 0x5eed },
    );
  });

  it('leaves an older queue exactly as it was after any updates to a newer one', () => {
    fc.assert(
      fc.property(
        contactsArb,
        fc.array(update, { minLength: 1, maxLength: 30 }),
        fc.array(question, { minLength: 1, maxLength: 5 }),
        (contacts, updates, questions) => {
          const older = ContactQueue.from(contacts, { policies: testContactPolicies });
          const look = (queue: ContactQueue) => ({
            values: [...queue.values()],
            size: queue.size,
            positions: contactIds.map((id) => queue.position(id)),
            answers: questions.map((q) => queue.choose(q.agent, { now: q.now, relaxation: q.relaxation, policy: q.policy })?.id),
          });
          const before = look(older);
          updates.reduce(apply, older);
          expect(look(older)).toEqual(before);
        },
      ),
      { numRuns: 200, seed: 0x5eed },
    );
  });
});
