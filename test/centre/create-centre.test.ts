import { type CentreEvent, createCentre, sequentialIds, VirtualClock } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';

const setup = async (adapterOverrides: Partial<{ offer: () => void }> = {}) => {
  const clock = new VirtualClock(0);
  const hub = createMemoryHub({ clock });
  const offers: { agent: string; contact: string }[] = [];
  const substitutes: unknown[] = [];
  const events: CentreEvent[] = [];
  const centre = createCentre({
    id: 'london',
    network: 'acme',
    transport: hub.transport('london'),
    clock,
    ids: sequentialIds('london.1'),
    policies: { contact: { skillsets: ['billing', 'sales'] } },
    adapter: {
      offer: adapterOverrides.offer ?? (({ agent, contact }) => void offers.push({ agent, contact })),
      substitute: (command) => void substitutes.push(command),
    },
  });
  centre.events$.subscribe((e) => events.push(e));
  await centre.start();
  const settle = () => clock.advance(0);
  const published: string[] = [];
  hub.trace$.subscribe(() => {});
  const watcher = hub.transport('watcher');
  await watcher.connect();
  watcher.subscribe('cm/acme/#').subscribe((m) => published.push(new TextDecoder().decode(m.payload)));
  return { clock, hub, centre, offers, substitutes, events, settle, published };
};

describe('createCentre: the embedding API', () => {
  it('routes an arriving contact to a ready agent and reports it from offer to outcome', async () => {
    const { centre, offers, events, settle, clock } = await setup();
    centre.agents.login('a1', { displayName: 'Ada Lovelace', skills: { billing: 5 } });
    centre.agents.ready('a1');
    const { id, token } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    settle();
    expect(offers).toEqual([{ agent: 'a1', contact: id }]);
    centre.agents.answer('a1', id);
    settle();
    expect(centre.status(token)).toMatchObject({ state: 'connected', agent: 'Ada Lovelace', allowedCommands: [] });
    centre.contacts.end(id);
    centre.contacts.wrapped(id);
    clock.advance(5_000);
    expect(events).toContainEqual({ type: 'contact.outcome', contact: id, outcome: 'handled', media: 'voice', skillset: 'billing' });
    expect(centre.status(token)).toMatchObject({ state: 'ended', media: 'voice', skillset: 'billing' });
  });

  it('keeps its own last word on each live agent and contact (runtime.lastReplicas), and nothing of those that ended', async () => {
    const { centre, settle, clock } = await setup();
    centre.agents.login('a1', { displayName: 'Ada Lovelace', skills: { billing: 5 } });
    centre.agents.ready('a1');
    const waiting = centre.contacts.arrive({ media: 'voice', skillset: 'sales' });
    for (let i = 0; i < 50; i++) {
      const gone = centre.contacts.arrive({ media: 'voice', skillset: 'sales' });
      settle();
      centre.contacts.abandon(gone.id);
    }
    clock.advance(1_000);
    const kept = centre.runtime.lastReplicas();
    // One entry per live actor with a replica, however many contacts came and went.
    expect(kept.map((r) => r.topic).sort()).toEqual(['replica/london/agent/a1', `replica/london/contact/${waiting.id}`]);
    const agent = kept.find((r) => r.topic === 'replica/london/agent/a1')?.message.body as { rev: number; state: string };
    expect(agent).toMatchObject({ state: 'idle' });
    expect(agent.rev).toBe(centre.replicas.agent('london', 'a1')?.rev);
  });

  it('shows a waiting customer their place, the commands they may give and the queues they may switch to', async () => {
    const { centre, settle } = await setup();
    const first = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    const second = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    settle();
    expect(centre.status(first.token)).toMatchObject({ state: 'queued', position: 1 });
    expect(centre.status(second.token)).toEqual({
      state: 'queued',
      media: 'voice',
      skillset: 'billing',
      position: 2,
      allowedCommands: ['switchQueue', 'requestCallback', 'switchToEmail', 'switchToWebForm', 'cancel'],
      otherQueues: ['sales'],
      updatedAt: 0,
    });
  });

  it('runs customer commands once per command id, and answers for unknown and ended contacts', async () => {
    const { centre, settle } = await setup();
    const { token } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    settle();
    // Accepted, with the status the command left: the customer's page shows the new queue at once.
    expect(await centre.command(token, { kind: 'switchQueue', skillset: 'sales' }, 'k1')).toMatchObject({
      accepted: true,
      status: { state: 'queued', skillset: 'sales' },
    });
    expect(await centre.command(token, { kind: 'switchQueue', skillset: 'billing' }, 'k1')).toMatchObject({ accepted: true });
    expect(centre.status(token)).toMatchObject({ skillset: 'sales', otherQueues: ['billing'] });
    expect(await centre.command(token, { kind: 'switchQueue', skillset: 'sales' })).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/already/),
    });
    expect(await centre.command('A'.repeat(22), { kind: 'cancel' })).toEqual({ accepted: false, reason: 'unknown status token' });
    expect(await centre.command('not a token', { kind: 'cancel' })).toEqual({ accepted: false, reason: 'unknown status token' });
    expect(centre.status('A'.repeat(22))).toBeUndefined();
    expect(await centre.command(token, { kind: 'cancel' })).toMatchObject({ accepted: true });
    expect(await centre.command(token, { kind: 'cancel' })).toEqual({ accepted: false, reason: 'the contact has ended' });
    expect(centre.status(token)).toMatchObject({ state: 'abandoned' });
  });

  it('hands a call-back to the ACD with the original seniority and priority', async () => {
    const { centre, substitutes, events, settle, clock } = await setup();
    clock.advance(1_234);
    const { id, token } = centre.contacts.arrive({ media: 'voice', skillset: 'billing', priority: 7 });
    settle();
    expect(await centre.command(token, { kind: 'requestCallback', number: '+44 20 7946 0000' })).toMatchObject({ accepted: true });
    // Exactly the Adapter's documented argument: no `kind` field of the machine's command leaks into it.
    expect(substitutes).toEqual([
      {
        contact: id,
        substitute: { kind: 'callback', id: `${id}.callback`, number: '+44 20 7946 0000' },
        skillset: 'billing',
        seniority: 1_234,
        priority: 7,
      },
    ]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'contact.outcome', contact: id, outcome: 'substituted', substitute: `${id}.callback` }),
    );
    expect(centre.status(token)).toMatchObject({ state: 'substituted', substitute: 'callback' });
  });

  it('turns a failing adapter into an event and keeps routing', async () => {
    const { centre, events, settle } = await setup({
      offer: () => {
        throw new Error('switch offline');
      },
    });
    centre.agents.login('a1', { displayName: 'Ada', skills: { billing: 5 } });
    centre.agents.ready('a1');
    centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    settle();
    expect(events).toContainEqual(expect.objectContaining({ type: 'adapter.failed', reason: 'switch offline' }));
  });

  it('gives customers 128-bit tokens that never travel: only their hashes do', async () => {
    const { centre, settle, published } = await setup();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => centre.contacts.arrive({ media: 'chat', skillset: 'billing' })));
    settle();
    for (const { token } of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(published.some((payload) => payload.includes(token))).toBe(false);
    }
    expect(new Set(tokens.map((t) => t.token)).size).toBe(20);
    expect(published.some((payload) => payload.includes('"tokenHash"'))).toBe(true);
  });

  it('passes the inspect option to every actor, so a tool can watch the statecharts', async () => {
    const clock = new VirtualClock(0);
    const seen = new Set<string>();
    const centre = createCentre({
      id: 'london',
      network: 'acme',
      transport: createMemoryHub({ clock }).transport('london'),
      clock,
      adapter: { offer: () => {} },
      inspect: (event) => {
        if (event.type === '@xstate.snapshot') seen.add((event.actorRef as { id?: string }).id ?? '');
      },
    });
    await centre.start();
    centre.agents.login('a1', { displayName: 'Ada', skills: { billing: 5 } });
    centre.contacts.arrive({ media: 'voice', skillset: 'billing', id: 'c1' });
    clock.advance(0);
    expect([...seen].sort()).toEqual(['london/agent/a1', 'london/contact/c1', 'london/heartbeat/main', 'london/router/main']);
    await centre.stop();
  });

  it('a clean stop says offline over a live connection, and reports nothing failed where there is none', async () => {
    const { centre, events, settle, published } = await setup();
    settle();
    await centre.stop();
    settle();
    expect(published.some((text) => text.includes('"status":"offline"'))).toBe(true);
    expect(events.filter((e) => e.type === 'effect.failed')).toEqual([]);

    // A centre whose transport never connected (its broker was unreachable) has nothing to take back.
    const clock = new VirtualClock(0);
    const lonely = createCentre({
      id: 'paris',
      network: 'acme',
      transport: createMemoryHub({ clock }).transport('paris'),
      clock,
      adapter: { offer: () => {} },
    });
    const failed: CentreEvent[] = [];
    lonely.events$.subscribe((e) => e.type === 'effect.failed' && failed.push(e));
    await lonely.stop();
    clock.advance(0);
    expect(failed).toEqual([]);
  });
});
