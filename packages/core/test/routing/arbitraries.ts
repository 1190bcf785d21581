import fc from 'fast-check';
import type { AgentSnapshot, ContactSnapshot } from '../../src/protocol/index.js';
import type { AgentPolicy, Relaxation } from '../../src/routing/index.js';

// Small domains on purpose: few skills, proficiencies, times and ids make ties, shared skills and
// exhausted capacity common, which is where an index and a linear scan would part ways.
const skillName = fc.constantFrom('billing', 'sales', 'tech', 'constructor');
const media = fc.constantFrom('voice' as const, 'chat' as const, 'email' as const, 'video' as const);
const language = fc.constantFrom('en', 'en-GB', 'fr', 'fr-CA');
const time = fc.integer({ min: 0, max: 6 });

export const agentIds = Array.from({ length: 24 }, (_, i) => `a${i}`);

export const agentArb = (id: string): fc.Arbitrary<AgentSnapshot> =>
  fc
    .record(
      {
        state: fc.constantFrom('idle', 'idle', 'busy', 'busy', 'reserved', 'offered', 'notReady', 'loggedOut', 'wrapUp') as fc.Arbitrary<
          AgentSnapshot['state']
        >,
        skills: fc.dictionary(skillName, fc.integer({ min: 1, max: 5 }), { minKeys: 1, maxKeys: 3 }),
        capacity: fc.record(
          {
            voice: fc.integer({ min: 0, max: 1 }),
            chat: fc.integer({ min: 0, max: 3 }),
            email: fc.integer({ min: 0, max: 2 }),
            video: fc.integer({ min: 0, max: 1 }),
          },
          { requiredKeys: ['voice', 'chat'] },
        ),
        load: fc.oneof(
          fc.constant({}),
          fc.record(
            { voice: fc.integer({ min: 0, max: 1 }), chat: fc.integer({ min: 0, max: 3 }), email: fc.integer({ min: 0, max: 2 }) },
            { requiredKeys: [] },
          ),
        ),
        idleSince: fc.option(time, { nil: null }),
        languages: fc.uniqueArray(language, { maxLength: 2 }),
        rev: fc.nat(5),
      },
      { requiredKeys: ['state', 'skills', 'capacity', 'load', 'idleSince', 'rev'] },
    )
    .map((fields) => ({ id, home: 'london', displayName: id, updatedAt: 0, ...fields }));

export const agentsArb: fc.Arbitrary<AgentSnapshot[]> = fc
  .subarray(agentIds)
  .chain((ids) => (ids.length === 0 ? fc.constant([]) : fc.tuple(...ids.map(agentArb))));

export const contactIds = Array.from({ length: 24 }, (_, i) => `c${i}`);

export const contactArb = (id: string): fc.Arbitrary<ContactSnapshot> =>
  fc
    .record(
      {
        state: fc.constantFrom('queued', 'queued', 'queued', 'reserving', 'connected') as fc.Arbitrary<ContactSnapshot['state']>,
        media,
        skillset: skillName,
        requirements: fc.uniqueArray(fc.record({ skill: skillName, minProficiency: fc.integer({ min: 1, max: 4 }) }), {
          maxLength: 2,
          selector: (r) => r.skill,
        }),
        priority: fc.integer({ min: 0, max: 2 }),
        arrivedAt: time,
        seniority: time,
        language,
      },
      { requiredKeys: ['state', 'media', 'skillset', 'requirements', 'priority', 'arrivedAt', 'seniority'] },
    )
    .map((fields) => ({ id, owner: 'london', rev: 0, updatedAt: 0, ...fields }));

export const contactsArb: fc.Arbitrary<ContactSnapshot[]> = fc
  .subarray(contactIds)
  .chain((ids) => (ids.length === 0 ? fc.constant([]) : fc.tuple(...ids.map(contactArb))));

export const relaxationArb: fc.Arbitrary<Relaxation> = fc.array(
  fc.record({ afterMs: fc.integer({ min: 0, max: 10 }), minProficiency: fc.integer({ min: 0, max: 4 }) }),
  { maxLength: 2 },
);

/** The built-in policies plus custom ones where proficiency is not the first key, to exercise the general merge. */
export const testAgentPolicies = {
  longestIdle: { kind: 'ranked', by: ['idleSince'] },
  mostProficient: { kind: 'ranked', by: ['proficiency', 'idleSince'] },
  leastOccupied: { kind: 'ranked', by: ['occupancy', 'idleSince'] },
  roundRobin: { kind: 'rotating' },
  idleThenProficient: { kind: 'ranked', by: ['idleSince', 'proficiency'] },
  occupancyThenProficiency: { kind: 'ranked', by: ['occupancy', 'proficiency'] },
  byIdOnly: { kind: 'ranked', by: [] },
} as const satisfies Record<string, AgentPolicy>;

export const testContactPolicies = {
  priorityFirst: { by: ['priority', 'seniority'] },
  oldestFirst: { by: ['seniority'] },
  arrival: { by: ['arrivedAt', 'priority'] },
} as const;
