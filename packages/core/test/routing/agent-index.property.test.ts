import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentSnapshot } from '../../src/protocol/index.js';
import { AgentIndex } from '../../src/routing/index.js';
import { agentArb, agentIds, agentsArb, contactArb, relaxationArb, testAgentPolicies } from './arbitraries.js';
import { bruteAgent } from './brute-force.js';

const policyName = fc.constantFrom(...(Object.keys(testAgentPolicies) as (keyof typeof testAgentPolicies)[]));
const question = fc.record({
  contact: contactArb('c1'),
  policy: policyName,
  now: fc.integer({ min: 0, max: 20 }),
  relaxation: relaxationArb,
  exclude: fc.subarray(agentIds, { maxLength: 4 }),
  after: fc.option(fc.constantFrom(...agentIds), { nil: undefined }),
});

// An update is an upsert of a fresh snapshot or a removal, of an id from the same small pool.
const update = fc.oneof(
  fc.constantFrom(...agentIds).chain((id) => agentArb(id).map((agent) => ({ upsert: agent }))),
  fc.constantFrom(...agentIds).map((id) => ({ remove: `london/${id}` })),
);

const apply = (index: AgentIndex, step: { upsert: AgentSnapshot } | { remove: string }): AgentIndex =>
  'upsert' in step ? index.upsert(step.upsert) : index.remove(step.remove);

describe('AgentIndex agrees with a linear scan (property)', () => {
  it('chooses exactly what scanning every agent with the same rule chooses, built at once or update by update', () => {
    fc.assert(
      fc.property(
        agentsArb,
        fc.array(update, { maxLength: 30 }),
        fc.array(question, { minLength: 1, maxLength: 5 }),
        (agents, updates, questions) => {
          const built = AgentIndex.from(agents, { policies: testAgentPolicies });
          const updated = updates.reduce(apply, built);
          const rebuilt = AgentIndex.from(updated.values(), { policies: testAgentPolicies });
          for (const q of questions) {
            const options = {
              now: q.now,
              relaxation: q.relaxation,
              exclude: new Set(q.exclude.map((id) => `london/${id}`)),
              ...(q.after === undefined ? {} : { after: `london/${q.after}` }),
            };
            const policy = testAgentPolicies[q.policy];
            expect(built.choose(q.contact, { ...options, policy: q.policy })?.id).toBe(bruteAgent(agents, q.contact, policy, options)?.id);
            const expected = bruteAgent(updated.values(), q.contact, policy, options)?.id;
            expect(updated.choose(q.contact, { ...options, policy: q.policy })?.id).toBe(expected);
            expect(rebuilt.choose(q.contact, { ...options, policy: q.policy })?.id).toBe(expected);
          }
        },
      ),
      { numRuns: 300, seed: 0x5eed },
    );
  });

  it('chooses what a linear scan chooses among hundreds of agents, whose sets are several nodes deep', () => {
    const manyIds = Array.from({ length: 400 }, (_, i) => `m${i}`);
    const many = fc
      .uniqueArray(fc.constantFrom(...manyIds), { minLength: 150, maxLength: 400 })
      .chain((ids) => fc.tuple(...ids.map(agentArb)));
    const manyUpdates = fc.oneof(
      fc.constantFrom(...manyIds).chain((id) => agentArb(id).map((agent) => ({ upsert: agent }))),
      fc.constantFrom(...manyIds).map((id) => ({ remove: `london/${id}` })),
    );
    fc.assert(
      fc.property(
        many,
        fc.array(manyUpdates, { minLength: 50, maxLength: 150 }),
        fc.array(question, { minLength: 5, maxLength: 10 }),
        (agents, updates, questions) => {
          const updated = updates.reduce(apply, AgentIndex.from(agents, { policies: testAgentPolicies }));
          for (const q of questions) {
            const after = q.after === undefined ? undefined : `london/m${q.after.slice(1)}`;
            const options = {
              now: q.now,
              relaxation: q.relaxation,
              exclude: new Set(q.exclude.map((id) => `london/m${id.slice(1)}`)),
              ...(after === undefined ? {} : { after }),
            };
            const expected = bruteAgent(updated.values(), q.contact, testAgentPolicies[q.policy], options)?.id;
            expect(updated.choose(q.contact, { ...options, policy: q.policy })?.id).toBe(expected);
          }
        },
      ),
      { numRuns: 30, seed: 0x5eed },
    );
  });

  it('leaves an older index exactly as it was after any updates to a newer one', () => {
    fc.assert(
      fc.property(
        agentsArb,
        fc.array(update, { minLength: 1, maxLength: 30 }),
        fc.array(question, { minLength: 1, maxLength: 5 }),
        (agents, updates, questions) => {
          const older = AgentIndex.from(agents, { policies: testAgentPolicies });
          const ask = (index: AgentIndex) =>
            questions.map(
              (q) =>
                index.choose(q.contact, {
                  now: q.now,
                  relaxation: q.relaxation,
                  policy: q.policy,
                  exclude: new Set(q.exclude.map((id) => `london/${id}`)),
                })?.id,
            );
          const before = { values: [...older.values()], size: older.size, answers: ask(older) };
          let newer = older;
          for (const step of updates) newer = apply(newer, step);
          expect({ values: [...older.values()], size: older.size, answers: ask(older) }).toEqual(before);
        },
      ),
      { numRuns: 200, seed: 0x5eed },
    );
  });
});
