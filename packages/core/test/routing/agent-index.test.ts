import { describe, expect, it } from 'vitest';
import { AgentIndex, agentPolicies } from '../../src/routing/index.js';
import { agent, contact } from './fixtures.js';

const now = 10_000;
const call = contact('c1');
const chat = contact('c2', { media: 'chat' });
const chosen = (index: AgentIndex, options: Parameters<AgentIndex['choose']>[1], which = call) => index.choose(which, options)?.id;

describe('AgentIndex: longest idle (the default)', () => {
  it('chooses the eligible agent idle the longest', () => {
    const index = AgentIndex.from([agent('a1', { idleSince: 300 }), agent('a2', { idleSince: 100 }), agent('a3', { idleSince: 200 })]);
    expect(chosen(index, { now })).toBe('a2');
  });

  it('breaks a tie on idle time by agent id, whatever the order agents arrived in', () => {
    const agents = [agent('b', { idleSince: 100 }), agent('a', { idleSince: 100 }), agent('c', { idleSince: 100 })];
    expect(chosen(AgentIndex.from(agents), { now })).toBe('a');
    expect(
      chosen(
        agents.reduceRight((index, a) => index.upsert(a), AgentIndex.empty()),
        { now },
      ),
    ).toBe('a');
  });

  it('ranks a busy agent with room (no idle time) after every idle one', () => {
    const index = AgentIndex.from([
      agent('busy', { state: 'busy', load: { chat: 1 }, idleSince: null }),
      agent('idle', { idleSince: 9_000 }),
    ]);
    expect(chosen(index, { now }, chat)).toBe('idle');
    expect(chosen(index.remove('london/idle'), { now }, chat)).toBe('busy');
  });

  it('skips ineligible agents that come first', () => {
    const index = AgentIndex.from([
      agent('a1', { idleSince: 1, skills: { billing: 2 } }),
      agent('a2', { idleSince: 2, state: 'notReady' }),
      agent('a3', { idleSince: 3, languages: ['fr'] }),
      agent('a4', { idleSince: 4 }),
    ]);
    expect(chosen(index, { now }, { ...call, language: 'en' })).toBe('a4');
  });

  it('finds nobody when no available agent has a required skill', () => {
    const index = AgentIndex.from([agent('a1')]);
    expect(chosen(index, { now }, { ...call, requirements: [{ skill: 'tech', minProficiency: 1 }] })).toBeUndefined();
  });

  it('chooses among every available agent when the contact requires no skill', () => {
    const index = AgentIndex.from([agent('a1', { idleSince: 5, skills: {} }), agent('a2', { idleSince: 9 })]);
    expect(chosen(index, { now }, { ...call, requirements: [] })).toBe('a1');
  });
});

describe('AgentIndex: most proficient', () => {
  const index = AgentIndex.from([
    agent('a1', { skills: { billing: 6 }, idleSince: 100 }),
    agent('a2', { skills: { billing: 9 }, idleSince: 500 }),
    agent('a3', { skills: { billing: 9 }, idleSince: 300 }),
  ]);

  it('chooses the highest proficiency in the contact’s skillset, then the longest idle', () => {
    expect(chosen(index, { now, policy: 'mostProficient' })).toBe('a3');
  });

  it('counts an agent without the skillset’s skill as proficiency 0 when the skillset is not required', () => {
    const sales = contact('c3', { skillset: 'sales', requirements: [{ skill: 'billing', minProficiency: 1 }] });
    const withSales = index.upsert(agent('a4', { skills: { billing: 1, sales: 2 }, idleSince: 900 }));
    expect(chosen(withSales, { now, policy: 'mostProficient' }, sales)).toBe('a4');
    expect(chosen(index, { now, policy: 'mostProficient' }, sales)).toBe('a1');
  });
});

describe('AgentIndex: least occupied', () => {
  it('chooses the lowest load over capacity across media, then the longest idle', () => {
    const index = AgentIndex.from([
      agent('half', { state: 'busy', capacity: { chat: 2 }, load: { chat: 1 }, idleSince: null }),
      agent('third', { state: 'busy', capacity: { chat: 3 }, load: { chat: 1 }, idleSince: null }),
      agent('third-too', { state: 'busy', capacity: { chat: 6 }, load: { chat: 2 }, idleSince: null }),
    ]);
    expect(chosen(index, { now, policy: 'leastOccupied' }, chat)).toBe('third');
    expect(chosen(index.upsert(agent('free', { capacity: { chat: 3 }, idleSince: 9_999 })), { now, policy: 'leastOccupied' }, chat)).toBe(
      'free',
    );
  });
});

describe('AgentIndex: round robin', () => {
  const index = AgentIndex.from(['a1', 'a2', 'a3', 'a4'].map((id) => agent(id, { skills: id === 'a3' ? { billing: 1 } : { billing: 5 } })));

  it('takes the next eligible agent id after the last one chosen, wrapping around', () => {
    const order: (string | undefined)[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      after = chosen(index, { now, policy: 'roundRobin', ...(after === undefined ? {} : { after: `london/${after}` }) });
      order.push(after);
    }
    expect(order).toEqual(['a1', 'a2', 'a4', 'a1', 'a2']);
  });

  it('comes back to the last agent when it is the only one left', () => {
    expect(chosen(AgentIndex.from([agent('a1')]), { now, policy: 'roundRobin', after: 'london/a1' })).toBe('a1');
  });
});

describe('AgentIndex: skill relaxation', () => {
  it('offers a contact that has waited long enough to an agent below its original requirement', () => {
    const index = AgentIndex.from([agent('junior', { skills: { billing: 2 } })]);
    const waiting = contact('c1', { arrivedAt: 0, requirements: [{ skill: 'billing', minProficiency: 4 }] });
    const relaxation = [{ afterMs: 60_000, minProficiency: 2 }];
    expect(index.choose(waiting, { now: 60_000, relaxation })).toBeUndefined();
    expect(index.choose(waiting, { now: 60_001, relaxation })?.id).toBe('junior');
  });
});

describe('AgentIndex: exclude', () => {
  it('never chooses an agent that was already tried', () => {
    const index = AgentIndex.from([agent('a1', { idleSince: 1 }), agent('a2', { idleSince: 2 }), agent('a3', { idleSince: 3 })]);
    for (const policy of Object.keys(agentPolicies)) {
      expect(chosen(index, { now, policy, exclude: new Set(['london/a1', 'london/a2']) })).toBe('a3');
      expect(chosen(index, { now, policy, exclude: new Set(['london/a1', 'london/a2', 'london/a3']) })).toBeUndefined();
    }
  });
});

describe('AgentIndex: updates', () => {
  it('follows an agent through busy, wrap-up and back to idle', () => {
    const idle = agent('a1', { capacity: { voice: 1, chat: 2 } });
    let index = AgentIndex.empty().upsert(idle);
    index = index.upsert({ ...idle, rev: 2, state: 'busy', load: { chat: 1 }, idleSince: null });
    expect(chosen(index, { now }, chat)).toBe('a1');
    expect(chosen(index, { now })).toBeUndefined();
    index = index.upsert({ ...idle, rev: 3, state: 'wrapUp', idleSince: null });
    expect(chosen(index, { now }, chat)).toBeUndefined();
    index = index.upsert({ ...idle, rev: 4, idleSince: 9_000 });
    expect(chosen(index, { now })).toBe('a1');
    expect(index.size).toBe(1);
    expect(index.get('london/a1')?.rev).toBe(4);
  });

  it('keeps an unavailable agent for get() without offering it', () => {
    const index = AgentIndex.from([agent('a1', { state: 'loggedOut' })]);
    expect(index.get('london/a1')?.state).toBe('loggedOut');
    expect(chosen(index, { now })).toBeUndefined();
  });

  it('returns the same index for a no-op update', () => {
    const a1 = agent('a1');
    const index = AgentIndex.from([a1]);
    expect(index.upsert(a1)).toBe(index);
    expect(index.remove('london/nobody')).toBe(index);
  });

  it('leaves the older version untouched when a newer one changes', () => {
    const older = AgentIndex.from([agent('a1', { idleSince: 1 }), agent('a2', { idleSince: 2 })]);
    const newer = older.remove('london/a1').upsert(agent('a3', { idleSince: 0 }));
    expect(chosen(older, { now })).toBe('a1');
    expect(chosen(newer, { now })).toBe('a3');
    expect([...older.values()].map((a) => a.id)).toEqual(['a1', 'a2']);
  });
});

describe('AgentIndex: policies', () => {
  it('accepts a custom policy registered when the index is created', () => {
    const index = AgentIndex.from(
      [agent('a1', { skills: { billing: 9 }, idleSince: 5 }), agent('a2', { skills: { billing: 4 }, idleSince: 1 })],
      {
        policies: { ...agentPolicies, sharpest: { kind: 'ranked', by: ['proficiency'] } },
      },
    );
    expect(chosen(index, { now, policy: 'sharpest' })).toBe('a1');
    expect(chosen(index, { now })).toBe('a2');
  });

  it('refuses a policy it was not built with, and says how to register it', () => {
    const index = AgentIndex.from([agent('a1')], { policies: { longestIdle: agentPolicies.longestIdle } });
    expect(() => index.choose(call, { now, policy: 'mostProficient' })).toThrow(RangeError);
    expect(() => index.choose(call, { now, policy: 'mostProficient' })).toThrow(/Unknown agent policy "mostProficient".*Register it/);
  });

  it('uses the first registered policy when a choice names none', () => {
    const index = AgentIndex.from(
      [agent('a1', { skills: { billing: 9 }, idleSince: 5 }), agent('a2', { skills: { billing: 4 }, idleSince: 1 })],
      {
        policies: { mostProficient: agentPolicies.mostProficient, longestIdle: agentPolicies.longestIdle },
      },
    );
    expect(chosen(index, { now })).toBe('a1');
  });

  it('refuses an empty registry', () => {
    expect(() => AgentIndex.empty({ policies: {} })).toThrow(/at least one agent policy/);
  });
});
