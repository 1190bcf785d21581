import {
  agentMachine,
  contactMachine,
  createRuntime,
  type RouterPolicy,
  type RuntimeEvent,
  routerMachine,
  sequentialIds,
  VirtualClock,
} from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';

// One centre: the router, agent and contact statecharts in a real runtime on a virtual clock.
const centre = async (policy: Partial<RouterPolicy> = {}) => {
  const clock = new VirtualClock(0);
  const runtime = createRuntime({
    centre: 'london',
    network: 'demo',
    transport: createMemoryHub({ clock }).transport('london'),
    clock,
    ids: sequentialIds('london.1'),
  });
  const events: RuntimeEvent[] = [];
  const offers: { agent: string; contact: string }[] = [];
  runtime.events$.subscribe((e) => events.push(e));
  runtime.adapterCommands$.subscribe((c) => {
    if (c.kind === 'offer') offers.push({ agent: String(c.agent), contact: String(c.contact) });
  });
  await runtime.start();
  const router = runtime.host('router', 'main', routerMachine, { input: { centre: 'london', policy } });
  const agent = (id: string, skills: Record<string, number> = { billing: 5 }) => {
    const address = runtime.host('agent', id, agentMachine, {
      input: { id, home: 'london', router, displayName: id, skills, at: clock.now() },
    });
    runtime.deliver(address, { type: 'login' });
    return address;
  };
  const ready = (address: string) => runtime.deliver(address, { type: 'ready' });
  const contact = (id: string, options: { priority?: number; skillset?: string; minProficiency?: number } = {}) =>
    runtime.host('contact', id, contactMachine, {
      input: {
        id,
        owner: 'london',
        router,
        media: 'voice',
        skillset: options.skillset ?? 'billing',
        requirements: [{ skill: options.skillset ?? 'billing', minProficiency: options.minProficiency ?? 1 }],
        priority: options.priority ?? 0,
        at: clock.now(),
      },
    });
  const settle = () => clock.advance(0);
  const stateOf = (address: string) => (runtime.snapshot(address) as { value: unknown } | undefined)?.value;
  return { clock, runtime, events, offers, router, agent, ready, contact, settle, stateOf };
};

describe('the router of one centre', () => {
  it('gives a contact to the agent idle longest', async () => {
    const c = await centre();
    const [a1, a2, a3] = [c.agent('a1'), c.agent('a2'), c.agent('a3')];
    c.ready(a2);
    c.clock.advance(1_000);
    c.ready(a1);
    c.clock.advance(1_000);
    c.ready(a3);
    c.contact('c1');
    c.settle();
    expect(c.offers).toEqual([{ agent: 'a2', contact: 'c1' }]);
    expect(a1 && a3).toBeTruthy();
  });

  it('gives an agent who becomes free the highest-priority contact, then the one waiting longest', async () => {
    const c = await centre();
    const a1 = c.agent('a1');
    c.contact('low-old', { priority: 1 });
    c.clock.advance(1_000);
    c.contact('high-new', { priority: 9 });
    c.clock.advance(1_000);
    c.contact('high-newer', { priority: 9 });
    c.ready(a1);
    c.settle();
    expect(c.offers).toEqual([{ agent: 'a1', contact: 'high-new' }]);
  });

  it('tries the next agent when the chosen one cannot be had', async () => {
    const c = await centre();
    const a1 = c.agent('a1');
    c.ready(a1);
    c.clock.advance(1_000);
    // A stale replica: the router believes a9 idle longest, but no such agent answers.
    c.runtime.deliver(c.router, {
      type: 'agent.snapshot',
      v: 1,
      id: 'x',
      from: 'london/agent/a9',
      ts: 0,
      body: {
        id: 'a9',
        home: 'london',
        rev: 5,
        state: 'idle',
        displayName: 'a9',
        skills: { billing: 9 },
        capacity: { voice: 1 },
        load: {},
        idleSince: -1,
        updatedAt: 0,
      },
    });
    c.contact('c1');
    c.settle();
    expect(c.offers).toEqual([]);
    c.clock.advance(5_000); // the reservation of a9 goes unanswered
    expect(c.offers).toEqual([{ agent: 'a1', contact: 'c1' }]);
  });

  it('widens a waiting contact’s choice as skill relaxation allows', async () => {
    const c = await centre({ relaxation: [{ afterMs: 60_000, minProficiency: 2 }], recheckMs: 10_000 });
    c.ready(c.agent('junior', { billing: 2 }));
    c.contact('c1', { minProficiency: 4 });
    c.settle();
    expect(c.offers).toEqual([]);
    c.clock.advance(50_000);
    expect(c.offers).toEqual([]);
    c.clock.advance(20_000);
    expect(c.offers).toEqual([{ agent: 'junior', contact: 'c1' }]);
  });

  it('never gives one agent two calls, however many contacts arrive at once', async () => {
    const c = await centre();
    const agents = ['a1', 'a2', 'a3'].map((id) => c.agent(id));
    for (const a of agents) c.ready(a);
    for (let i = 0; i < 10; i++) c.contact(`c${i}`);
    c.settle();
    expect(c.offers.map((o) => o.agent).sort()).toEqual(['a1', 'a2', 'a3']);
    for (const { agent, contact } of c.offers) c.runtime.deliver(`london/agent/${agent}`, { type: 'answered', contact });
    c.settle();
    // Calls end; each freed agent takes the next waiting contact.
    for (const { contact } of [...c.offers]) {
      c.runtime.deliver(`london/contact/${contact}`, { type: 'ended' });
    }
    c.clock.advance(5_000); // wrap-up
    expect(c.offers).toHaveLength(6);
    expect(new Set(c.offers.slice(3).map((o) => o.contact)).size).toBe(3);
    expect(c.events.filter((e) => e.type === 'effect.failed' || e.type === 'actor.failed')).toEqual([]);
  });
});
