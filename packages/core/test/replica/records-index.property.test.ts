import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentSnapshot, AgentState, ContactSnapshot, ContactState } from '../../src/protocol/index.js';
import { AgentRecords } from '../../src/replica/agent-records.js';
import { ContactRecords } from '../../src/replica/contact-records.js';
import { agentIds, centres, contactIds, skills } from './arbitraries.js';
import { agent, contact } from './fixtures.js';

// Queries filter what the indexes hand them, so an index entry left behind would not give a wrong
// answer — only a slower one and a leak. This checks the groups themselves.

const agentStates: readonly AgentState[] = ['idle', 'busy', 'loggedOut'];
const contactStates: readonly ContactState[] = ['queued', 'offered', 'connected'];

const agentStep = fc.oneof(
  fc
    .record({
      id: fc.constantFrom(...agentIds),
      home: fc.constantFrom(...centres),
      state: fc.constantFrom(...agentStates),
      skills: fc.dictionary(fc.constantFrom(...skills), fc.integer({ min: 1, max: 10 }), { maxKeys: 3 }),
    })
    .map(({ id, ...fields }) => ({ put: agent(id, fields) })),
  fc.record({ id: fc.constantFrom(...agentIds), home: fc.constantFrom(...centres) }).map((remove) => ({ remove })),
);

const contactStep = fc.oneof(
  fc
    .record({
      id: fc.constantFrom(...contactIds),
      owner: fc.constantFrom(...centres),
      state: fc.constantFrom(...contactStates),
      skillset: fc.constantFrom(...skills),
    })
    .map(({ id, ...fields }) => ({ put: contact(id, fields) })),
  fc.constantFrom(...contactIds).map((remove) => ({ remove })),
);

const group = (sets: Iterable<Iterable<string>>): string[] => [...sets].flatMap((set) => [...set]).sort();
const keysWhere = <T>(records: Map<string, T>, test: (record: T) => boolean): string[] =>
  [...records]
    .filter(([, record]) => test(record))
    .map(([key]) => key)
    .sort();

describe('replica indexes hold exactly the keys of their group (property)', () => {
  it('files each agent under its home, its state and each of its skills, and nowhere else', () => {
    fc.assert(
      fc.property(fc.array(agentStep, { maxLength: 40 }), (steps) => {
        const records = new AgentRecords();
        const model = new Map<string, AgentSnapshot>();
        for (const step of steps) {
          const key = 'put' in step ? `${step.put.home}/${step.put.id}` : `${step.remove.home}/${step.remove.id}`;
          const before = records.get(key);
          if ('put' in step) {
            records.put(key, before, step.put);
            model.set(key, step.put);
          } else if (before !== undefined) {
            records.remove(key, before);
            model.delete(key);
          }
        }
        const never = () => false;
        expect(records.size).toBe(model.size);
        for (const centre of centres)
          expect(group(records.candidates({ centre }, undefined, never))).toEqual(keysWhere(model, (a) => a.home === centre));
        for (const state of agentStates)
          expect(group(records.candidates({}, [state], never))).toEqual(keysWhere(model, (a) => a.state === state));
        for (const skill of skills)
          expect(group(records.candidates({ skill }, undefined, never))).toEqual(keysWhere(model, (a) => Object.hasOwn(a.skills, skill)));
      }),
      { numRuns: 300, seed: 0x5eed },
    );
  });

  it('files each contact under its owner, its state and its skillset, and nowhere else', () => {
    fc.assert(
      fc.property(fc.array(contactStep, { maxLength: 40 }), (steps) => {
        const records = new ContactRecords();
        const model = new Map<string, ContactSnapshot>();
        for (const step of steps) {
          const key = 'put' in step ? step.put.id : step.remove;
          const before = records.get(key);
          if ('put' in step) {
            records.put(key, before, step.put);
            model.set(key, step.put);
          } else if (before !== undefined) {
            records.remove(key, before);
            model.delete(key);
          }
        }
        expect(records.size).toBe(model.size);
        for (const owner of centres)
          expect(group(records.candidates({ owner }, undefined))).toEqual(keysWhere(model, (c) => c.owner === owner));
        for (const state of contactStates)
          expect(group(records.candidates({}, [state]))).toEqual(keysWhere(model, (c) => c.state === state));
        for (const skillset of skills)
          expect(group(records.candidates({ skillset }, undefined))).toEqual(keysWhere(model, (c) => c.skillset === skillset));
      }),
      { numRuns: 300, seed: 0x5eed },
    );
  });
});
