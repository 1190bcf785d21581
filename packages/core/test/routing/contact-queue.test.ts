import { describe, expect, it } from 'vitest';
import { ContactQueue } from '../../src/routing/index.js';
import { agent, contact } from './fixtures.js';

const now = 10_000;
const free = agent('a1', { skills: { billing: 5, sales: 5 } });

describe('ContactQueue: choosing a contact for an agent', () => {
  it('serves the highest priority first, then the oldest seniority', () => {
    const queue = ContactQueue.from([
      contact('old', { seniority: 100 }),
      contact('urgent', { priority: 5, seniority: 900 }),
      contact('older', { seniority: 50, skillset: 'sales', requirements: [{ skill: 'sales', minProficiency: 1 }] }),
    ]);
    expect(queue.choose(free, { now })?.id).toBe('urgent');
    expect(queue.remove('urgent').choose(free, { now })?.id).toBe('older');
  });

  it('breaks a tie on priority and seniority by contact id', () => {
    const queue = ContactQueue.from([contact('c2'), contact('c3'), contact('c1')]);
    expect(queue.choose(free, { now })?.id).toBe('c1');
  });

  it('serves strictly by seniority under oldestFirst', () => {
    const queue = ContactQueue.from([contact('old', { seniority: 100 }), contact('urgent', { priority: 5, seniority: 900 })]);
    expect(queue.choose(free, { now, policy: 'oldestFirst' })?.id).toBe('old');
  });

  it('passes over contacts the agent is not eligible for', () => {
    const queue = ContactQueue.from([
      contact('expert', { seniority: 1, requirements: [{ skill: 'billing', minProficiency: 9 }] }),
      contact('french', { seniority: 2, language: 'fr' }),
      contact('chat', { seniority: 3, media: 'chat' }),
      contact('connected', { seniority: 4, state: 'connected' }),
      contact('fits', { seniority: 5 }),
    ]);
    const onlyVoice = agent('a1', { capacity: { voice: 1 }, languages: ['en'] });
    expect(queue.choose(onlyVoice, { now })?.id).toBe('fits');
  });

  it('finds a contact filed under a skill other than its skillset', () => {
    const spanishBilling = contact('c1', { requirements: [{ skill: 'spanish', minProficiency: 2 }] });
    const queue = ContactQueue.from([spanishBilling]);
    expect(queue.choose(agent('a1', { skills: { spanish: 3 } }), { now })?.id).toBe('c1');
    expect(queue.choose(agent('a2', { skills: { billing: 9 } }), { now })).toBeUndefined();
  });

  it('offers an agent on a call nothing, and a chatting agent only what fits beside the chats', () => {
    const queue = ContactQueue.from([contact('call', { seniority: 1 }), contact('chat', { seniority: 2, media: 'chat' })]);
    expect(queue.choose(agent('a1', { state: 'busy', load: { voice: 1 } }), { now })).toBeUndefined();
    expect(queue.choose(agent('a1', { state: 'busy', load: { chat: 1 } }), { now })?.id).toBe('chat');
    expect(queue.choose(agent('a1', { state: 'wrapUp' }), { now })).toBeUndefined();
  });

  it('relaxes each skillset queue on its own terms', () => {
    const queue = ContactQueue.from([
      contact('billing', { arrivedAt: 0, seniority: 0, requirements: [{ skill: 'billing', minProficiency: 4 }] }),
      contact('sales', { arrivedAt: 0, seniority: 1, skillset: 'sales', requirements: [{ skill: 'sales', minProficiency: 4 }] }),
    ]);
    const junior = agent('a1', { skills: { billing: 2, sales: 2 } });
    const relaxation = { sales: [{ afterMs: 5_000, minProficiency: 2 }] };
    expect(queue.choose(junior, { now: 5_000, relaxation })).toBeUndefined();
    expect(queue.choose(junior, { now: 5_001, relaxation })?.id).toBe('sales');
    expect(queue.choose(junior, { now: 5_001, relaxation: [{ afterMs: 5_000, minProficiency: 2 }] })?.id).toBe('billing');
  });
});

describe('ContactQueue: positions', () => {
  const queue = ContactQueue.from([
    contact('c1', { seniority: 300 }),
    contact('c2', { seniority: 100 }),
    contact('vip', { seniority: 900, priority: 9 }),
    contact('s1', { skillset: 'sales', requirements: [] }),
    contact('gone', { state: 'abandoned' }),
  ]);

  it('gives each waiting contact its 1-based place in its skillset queue', () => {
    expect(['vip', 'c2', 'c1', 's1'].map((id) => queue.position(id))).toEqual([1, 2, 3, 1]);
    expect([...queue.queue('billing')].map((c) => c.id)).toEqual(['vip', 'c2', 'c1']);
    expect(queue.position('c1', 'oldestFirst')).toBe(2);
  });

  it('gives no place to a contact that is not waiting or not known', () => {
    expect(queue.position('gone')).toBeUndefined();
    expect(queue.position('nobody')).toBeUndefined();
  });

  it('counts who waits in each skillset queue', () => {
    expect(queue.waiting('billing')).toBe(3);
    expect(queue.waiting('sales')).toBe(1);
    expect(queue.waiting('tech')).toBe(0);
    expect(queue.waiting()).toBe(4);
    expect(queue.size).toBe(5);
  });

  it('lists every waiting contact across queues, first served first', () => {
    expect([...queue.queue()].map((c) => c.id)).toEqual(['vip', 'c2', 'c1', 's1']);
    expect([...queue.queue(undefined, 'oldestFirst')].map((c) => c.id)).toEqual(['c2', 'c1', 'vip', 's1']);
  });

  it('keeps seniority across a queue switch', () => {
    const c2 = queue.get('c2');
    if (c2 === undefined) throw new Error('c2 is in the fixture');
    const switched = queue.upsert({ ...c2, rev: 2, skillset: 'sales', requirements: [] });
    expect(switched.position('c2')).toBe(1);
    expect(switched.position('c1')).toBe(2);
    expect(switched.waiting('billing')).toBe(2);
  });

  it('moves everyone behind up a place when a contact leaves, in the new version only', () => {
    const after = queue.remove('vip');
    expect(after.position('c1')).toBe(2);
    expect(queue.position('c1')).toBe(3);
  });

  it('refuses a policy it was not built with', () => {
    expect(() => queue.position('c1', 'fifo')).toThrow(/Unknown contact policy "fifo"/);
  });
});
