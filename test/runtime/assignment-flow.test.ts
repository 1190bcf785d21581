import {
  agentMachine,
  contactMachine,
  createRuntime,
  type Effect,
  effects,
  type RuntimeEvent,
  sequentialIds,
  VirtualClock,
} from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';
import { puppet, received } from './puppet.js';

// The agent and contact statecharts together in a real runtime, with a puppet standing in for
// the router: every message between them is checked against the wire codecs on the way.
const setupCentre = async () => {
  const clock = new VirtualClock(10_000);
  const hub = createMemoryHub({ clock });
  const events: RuntimeEvent[] = [];
  const commands: unknown[] = [];
  const runtime = createRuntime({
    centre: 'london',
    network: 'demo',
    transport: hub.transport('london'),
    clock,
    ids: sequentialIds('london.1'),
    adapter: (c) => void commands.push(c),
  });
  runtime.events$.subscribe((e) => events.push(e));
  await runtime.start();
  const router = runtime.host('router', 'main', puppet);
  const agent = runtime.host('agent', 'a1', agentMachine, {
    input: { id: 'a1', home: 'london', router, displayName: 'Ada', skills: { billing: 4 }, at: clock.now(), policy: { wrapUpMs: 5_000 } },
  });
  const contact = runtime.host('contact', 'c1', contactMachine, {
    input: { id: 'c1', owner: 'london', router, media: 'voice', skillset: 'billing', at: clock.now(), tokenHash: 'ab'.repeat(32) },
  });
  const tellRouter = (effect: Effect) => runtime.deliver(router, { type: 'do', effect } as never);
  return { clock, runtime, events, commands, router, agent, contact, tellRouter };
};

describe('assigning a contact to an agent through the runtime', () => {
  it('reserves, offers, connects, wraps up and frees the agent, with every message valid on the wire', async () => {
    const { clock, runtime, events, commands, router, agent, contact, tellRouter } = await setupCentre();
    runtime.deliver(agent, { type: 'login' });
    runtime.deliver(agent, { type: 'ready' });
    tellRouter(effects.send(contact, 'route.assign', { contact: 'c1', agent }));
    clock.advance(0); // deliveries due now, not the offer's ring timeout
    expect(commands).toEqual([{ kind: 'offer', agent: 'a1', contact: 'c1', media: 'voice' }]);
    expect((runtime.snapshot(contact) as { value: string }).value).toBe('offered');

    runtime.deliver(agent, { type: 'answered', contact: 'c1' });
    clock.advance(0); // deliveries due now, not the offer's ring timeout
    expect((runtime.snapshot(contact) as { value: string }).value).toBe('connected');

    runtime.deliver(contact, { type: 'ended' });
    runtime.deliver(contact, { type: 'wrapped' });
    clock.advance(5_000);
    expect(events.filter((e) => e.type === 'effect.failed' || e.type === 'message.rejected')).toEqual([]);
    expect(events).toContainEqual({
      type: 'actor.done',
      address: contact,
      output: { outcome: 'handled', media: 'voice', skillset: 'billing', commands: {}, at: 10_000, rev: expect.any(Number) },
    });
    const states = received(runtime.snapshot(router)).flatMap((e) =>
      e.type === 'agent.snapshot' ? [(e as unknown as { body: { state: string } }).body.state] : [],
    );
    expect(states).toEqual(['loggedOut', 'notReady', 'idle', 'reserved', 'offered', 'busy', 'wrapUp', 'idle']);
  });

  it('tells the router to try again when the agent is not ready, and the contact waits in the queue', async () => {
    const { clock, runtime, router, agent, contact, tellRouter } = await setupCentre();
    tellRouter(effects.send(contact, 'route.assign', { contact: 'c1', agent }));
    clock.advance(0); // deliveries due now, not the offer's ring timeout
    const failed = received(runtime.snapshot(router)).filter((e) => e.type === 'route.failed');
    expect(failed).toMatchObject([{ body: { contact: 'c1', agent, reason: 'notIdle' } }]);
    expect((runtime.snapshot(contact) as { value: string }).value).toBe('queued');
  });
});
