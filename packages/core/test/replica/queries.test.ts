import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/index.js';
import { AgentRecords } from '../../src/replica/agent-records.js';
import { agent, agentSnapshot, contact, contactSnapshot, ids, setup } from './fixtures.js';

const population = () => {
  const { store, ...rest } = setup();
  const agents = [
    agent('a1', { skills: { billing: 5, sales: 2 } }),
    agent('a2', { state: 'busy', skills: { billing: 2 } }),
    agent('a3', { home: 'paris', skills: { sales: 9 } }),
    agent('a4', { home: 'paris', state: 'loggedOut', skills: { billing: 8 } }),
    agent('a5', { state: 'notReady', skills: { support: 4 } }),
  ];
  for (const a of agents) store.apply(agentSnapshot(a));
  const contacts = [
    contact('c1'),
    contact('c2', { state: 'connected', agent: 'london/agent/a2' }),
    contact('c3', { owner: 'paris', skillset: 'sales' }),
    contact('c4', { owner: 'paris', state: 'offered', skillset: 'billing' }),
  ];
  for (const c of contacts) store.apply(contactSnapshot(c));
  return { store, ...rest };
};

describe('ReplicaStore: agent queries', () => {
  it('returns every agent not logged out when asked for all', () => {
    expect(ids(population().store.agents())).toEqual(['a1', 'a2', 'a3', 'a5']);
  });

  it('filters by home centre, by one state or several, and by skill and proficiency', () => {
    const { store } = population();
    expect(ids(store.agents({ centre: 'paris' }))).toEqual(['a3']);
    expect(ids(store.agents({ state: 'idle' }))).toEqual(['a1', 'a3']);
    expect(ids(store.agents({ state: ['busy', 'notReady'] }))).toEqual(['a2', 'a5']);
    expect(ids(store.agents({ state: ['idle', 'idle'] }))).toEqual(['a1', 'a3']);
    expect(ids(store.agents({ state: [] }))).toEqual([]);
    expect(ids(store.agents({ skill: 'billing' }))).toEqual(['a1', 'a2']);
    expect(ids(store.agents({ skill: 'billing', minProficiency: 3 }))).toEqual(['a1']);
    expect(ids(store.agents({ skill: 'sales', state: 'idle', centre: 'london' }))).toEqual(['a1']);
    expect(ids(store.agents({ skill: 'nobody-has-it' }))).toEqual([]);
    expect(ids(store.agents({ centre: 'london', skill: 'constructor' }))).toEqual([]);
  });

  it('includes logged-out agents when asked to, or when the state filter names loggedOut', () => {
    const { store } = population();
    expect(ids(store.agents({ includeLoggedOut: true }))).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(ids(store.agents({ state: 'loggedOut' }))).toEqual(['a4']);
    expect(ids(store.agents({ skill: 'billing', minProficiency: 6, includeLoggedOut: true }))).toEqual(['a4']);
  });

  it('refiles an agent whose state or skills changed', () => {
    const { store } = population();
    store.apply(agentSnapshot(agent('a1', { rev: 2, state: 'busy', skills: { support: 7 } })));
    expect(ids(store.agents({ state: 'idle' }))).toEqual(['a3']);
    expect(ids(store.agents({ state: 'busy' }))).toEqual(['a1', 'a2']);
    expect(ids(store.agents({ skill: 'sales' }))).toEqual(['a3']);
    expect(ids(store.agents({ skill: 'support', minProficiency: 5 }))).toEqual(['a1']);
  });

  it('refuses minProficiency without a skill, and says how to ask', () => {
    const { store } = population();
    expect(() => store.agents({ minProficiency: 3 })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION, message: expect.stringMatching(/needs a skill; use agents\(\{ skill:/) }),
    );
  });
});

describe('ReplicaStore: contact queries', () => {
  it('returns every live contact, and filters by owner, state and skillset', () => {
    const { store } = population();
    expect(ids(store.contacts())).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(ids(store.contacts({ owner: 'paris' }))).toEqual(['c3', 'c4']);
    expect(ids(store.contacts({ state: 'queued' }))).toEqual(['c1', 'c3']);
    expect(ids(store.contacts({ state: ['offered', 'connected'] }))).toEqual(['c2', 'c4']);
    expect(ids(store.contacts({ skillset: 'billing', owner: 'paris' }))).toEqual(['c4']);
    expect(ids(store.contacts({ owner: 'madrid' }))).toEqual([]);
  });

  it('refiles a contact that changed owner, state or skillset, and forgets one that ended', () => {
    const { store } = population();
    store.apply(contactSnapshot(contact('c1', { rev: 2, owner: 'paris', skillset: 'sales' })));
    store.apply(contactSnapshot(contact('c3', { rev: 2, owner: 'paris', skillset: 'sales', state: 'abandoned' })));
    expect(ids(store.contacts({ owner: 'paris' }))).toEqual(['c1', 'c4']);
    expect(ids(store.contacts({ skillset: 'sales' }))).toEqual(['c1']);
    expect(ids(store.contacts({ state: 'queued' }))).toEqual(['c1']);
    expect(store.counts()).toEqual({ agents: 5, contacts: 3, tombstones: 1 });
  });
});

describe('ReplicaStore: queries look at one index group, the smallest', () => {
  const records = new AgentRecords();
  for (let i = 0; i < 50; i++) records.put(`london/a${i}`, undefined, agent(`a${i}`, { skills: { billing: 5 } }));
  records.put('paris/rare', undefined, agent('rare', { home: 'paris', skills: { billing: 5, welsh: 3 } }));
  const sizes = (sets: ReadonlySet<string>[]) => sets.map((set) => set.size);
  const online = () => false;

  it('takes the rarest of the groups a query names', () => {
    expect(sizes(records.candidates({ centre: 'london', skill: 'welsh' }, undefined, online))).toEqual([1]);
    expect(sizes(records.candidates({ centre: 'paris', skill: 'billing' }, undefined, online))).toEqual([1]);
    expect(sizes(records.candidates({ skill: 'billing' }, ['busy'], online))).toEqual([0]);
  });

  it('skips the agents of offline centres without looking at them when the query names no group', () => {
    expect(sizes(records.candidates({}, undefined, (centre) => centre === 'london'))).toEqual([1]);
    expect(sizes(records.candidates({ includeOffline: true }, undefined, (centre) => centre === 'london'))).toEqual([50, 1]);
  });
});
