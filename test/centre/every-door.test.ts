import { type CentreEvent, type CentreOptions, createCentre, isContactmeshError, sequentialIds, VirtualClock } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';

// Regressions of the issue "Every door checked", reports 2–8: each call of the embedding API
// with a value a real ACD integration will sooner or later send.

const setup = async (options: Partial<CentreOptions> = {}) => {
  const clock = new VirtualClock(0);
  const hub = createMemoryHub({ clock });
  const offers: { agent: string; contact: string }[] = [];
  const ends: unknown[] = [];
  const events: CentreEvent[] = [];
  const centre = createCentre({
    id: 'london',
    network: 'acme',
    transport: hub.transport('london'),
    clock,
    ids: sequentialIds('london.1'),
    adapter: { offer: ({ agent, contact }) => void offers.push({ agent, contact }), end: (command) => void ends.push(command) },
    ...options,
  });
  centre.events$.subscribe((e) => events.push(e));
  await centre.start();
  const settle = () => clock.advance(0);
  centre.agents.login('a1', { displayName: 'Ada', skills: { billing: 5 } });
  return { clock, hub, centre, offers, ends, events, settle };
};

/** The error a call throws (or undefined). */
const thrown = (call: () => unknown): unknown => {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('every door of the embedding API is checked', () => {
  it('report 2: an unknown or malformed command is refused with a coded error and the contact lives on', async () => {
    const { centre, settle, offers } = await setup();
    const { id, token } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    for (const command of [{ kind: 'explode' }, { kind: 'switchQueue' }, { kind: 'switchQueue', skillset: 'BAD SKILL!' }, null, 'cancel']) {
      await expect(centre.command(token, command as never)).rejects.toMatchObject({ code: 'CM_ERR_INVALID_ARGUMENT' });
    }
    expect(centre.status(token)).toMatchObject({ state: 'queued' });
    centre.agents.ready('a1');
    settle();
    expect(offers).toEqual([{ agent: 'a1', contact: id }]);
  });

  it.each([
    ['priority −5', { priority: -5 }, 'priority'],
    ['priority 101', { priority: 101 }, 'priority'],
    ['priority 2.5', { priority: 2.5 }, 'priority'],
    ['media fax', { media: 'fax' }, 'media'],
    ['an empty skillset', { skillset: '' }, 'skillset'],
    ['a 1 MB skillset', { skillset: 'x'.repeat(1_000_000) }, 'skillset'],
    ['minProficiency 50', { requirements: [{ skill: 'billing', minProficiency: 50 }] }, 'requirements.0.minProficiency'],
    ['an unknown field', { prio: 3 }, '(root)'],
  ])('report 3: arrive with %s throws CM_ERR_INVALID_ARGUMENT naming the field, and creates nothing', async (_, change, path) => {
    const { centre, settle, offers } = await setup();
    centre.agents.ready('a1');
    const error = thrown(() => centre.contacts.arrive({ media: 'voice', skillset: 'billing', ...change } as never));
    expect(error).toMatchObject({ code: 'CM_ERR_INVALID_ARGUMENT', details: { path } });
    expect((error as Error).message.length).toBeLessThan(400);
    settle();
    expect(centre.runtime.addresses().filter((a) => a.includes('/contact/'))).toEqual([]);
    expect(offers).toEqual([]);
  });

  it('report 3: a login with a skill of 11 is refused, and a valid agent stays routable', async () => {
    const { centre } = await setup();
    expect(thrown(() => centre.agents.login('a2', { displayName: 'Bo', skills: { billing: 11 } }))).toMatchObject({
      code: 'CM_ERR_INVALID_ARGUMENT',
      details: { path: 'skills.billing' },
    });
    expect(thrown(() => centre.agents.login('a2', { displayName: 'Bo', skills: { 'BAD SKILL': 3 } }))).toMatchObject({
      code: 'CM_ERR_INVALID_ARGUMENT',
    });
    expect(centre.runtime.snapshot('london/agent/a2')).toBeUndefined();
  });

  it('report 4: every call after stop() throws CM_ERR_STOPPED at once, and stop() again is harmless', async () => {
    const { centre, clock } = await setup();
    const { token } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    await centre.stop();
    expect(thrown(() => centre.contacts.arrive({ media: 'voice', skillset: 'billing' }))).toMatchObject({ code: 'CM_ERR_STOPPED' });
    expect(thrown(() => centre.agents.ready('a1'))).toMatchObject({ code: 'CM_ERR_STOPPED' });
    expect(thrown(() => centre.status(token))).toMatchObject({ code: 'CM_ERR_STOPPED' });
    await expect(centre.command(token, { kind: 'cancel' })).rejects.toMatchObject({ code: 'CM_ERR_STOPPED' });
    await expect(centre.start()).rejects.toMatchObject({ code: 'CM_ERR_STOPPED' });
    await centre.stop();
    // Nothing after stop waits on the clock (a pending timer would keep a real process alive).
    expect(clock.pending).toBe(0);
  });

  it('takes a clock that gives fractions of a millisecond: the incarnation and every rev stay whole', async () => {
    const inner = new VirtualClock(1_000.25);
    const fractional = { now: () => inner.now() + 0.5, setTimer: inner.setTimer.bind(inner), clearTimer: inner.clearTimer.bind(inner) };
    const hub = createMemoryHub({ clock: inner });
    const offers: string[] = [];
    const centre = createCentre({
      id: 'paris',
      network: 'acme',
      transport: hub.transport('paris'),
      clock: fractional,
      adapter: { offer: ({ contact }) => void offers.push(contact) },
    });
    const events: CentreEvent[] = [];
    centre.events$.subscribe((e) => events.push(e));
    await centre.start();
    centre.agents.login('p1', { displayName: 'Pia', skills: { billing: 5 } });
    centre.agents.ready('p1');
    const { id } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    inner.advance(0);
    expect(offers).toEqual([id]);
    expect(events.filter((e) => e.type === 'message.rejected')).toEqual([]);
    expect(centre.replicas.agent('paris', 'p1')?.rev).toSatisfy(Number.isSafeInteger);
  });

  it('report 5: an adapter method may return anything; only a promise is awaited', async () => {
    const ring = () => 42;
    const { centre, settle, events } = await setup({
      adapter: { offer: () => ring(), end: () => 'done', stopRinging: () => null } as never,
    });
    centre.agents.ready('a1');
    centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    settle();
    expect(events.filter((e) => e.type === 'adapter.failed')).toEqual([]);
  });

  it.each([
    ['a bogus mode', { mode: { kind: 'bogus' } }, 'mode.kind'],
    ['a negative offer timeout', { policies: { agent: { offerTimeoutMs: -5 } } }, 'policies.agent.offerTimeoutMs'],
    ['a bogus agent policy', { policies: { router: { agentPolicy: 'bogus' } } }, 'policies.router.agentPolicy'],
    ['an adapter without offer', { adapter: {} }, 'adapter'],
    ['an unknown option', { polices: {} }, '(root)'],
    ['a bad centre id', { id: 'London!' }, 'id'],
  ])('report 6: createCentre refuses %s before it starts, naming the field', (_, change, path) => {
    const clock = new VirtualClock(0);
    const hub = createMemoryHub({ clock });
    const error = thrown(() =>
      createCentre({
        id: 'london',
        network: 'acme',
        transport: hub.transport('london'),
        clock,
        adapter: { offer: () => {} },
        ...change,
      } as never),
    );
    expect(error).toMatchObject({ code: 'CM_ERR_INVALID_OPTION', details: { path } });
  });

  it('report 6: setMode and setQueueMode refuse a bogus mode', async () => {
    const { centre } = await setup();
    expect(thrown(() => centre.setMode({ kind: 'bogus' } as never))).toMatchObject({ code: 'CM_ERR_INVALID_ARGUMENT' });
    expect(thrown(() => centre.setQueueMode('billing', { kind: 'overflow', afterWaitMs: -1 }))).toMatchObject({
      code: 'CM_ERR_INVALID_ARGUMENT',
    });
    expect(centre.mode()).toEqual({ kind: 'network' });
  });

  it('report 7: unknown agents and contacts get a coded error; a contact that ended here too', async () => {
    const { centre, settle } = await setup();
    for (const call of [
      () => centre.agents.ready('nobody'),
      () => centre.agents.notReady('nobody', 'lunch'),
      () => centre.agents.logout('nobody'),
    ]) {
      expect(thrown(call)).toMatchObject({ code: 'CM_ERR_UNKNOWN_AGENT' });
    }
    expect(thrown(() => centre.contacts.end('nothing'))).toMatchObject({ code: 'CM_ERR_UNKNOWN_CONTACT' });
    const { id, token } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    settle();
    const cancelled = centre.command(token, { kind: 'cancel' });
    settle();
    await expect(cancelled).resolves.toMatchObject({ accepted: true });
    const error = thrown(() => centre.contacts.abandon(id));
    expect(isContactmeshError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'CM_ERR_UNKNOWN_CONTACT', message: expect.stringMatching(/has ended/) });
  });

  it('report 2: a contact whose actor fails is hosted again from its last snapshot; a second failure ends it with adapter.end', async () => {
    const { centre, settle, events, ends, offers } = await setup();
    const { id } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    settle();
    const address = `london/contact/${id}`;
    // An event no contact machine expects in that shape: made to throw inside a transition.
    const poison = { type: 'command.request', body: null };
    centre.runtime.deliver(address, poison);
    settle();
    expect(events).toContainEqual(expect.objectContaining({ type: 'actor.failed', code: 'CM_ERR_ACTOR_FAILED', address }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'centre.recovered', kind: 'contact', id, state: 'queued' }));
    centre.agents.ready('a1');
    settle();
    expect(offers).toEqual([{ agent: 'a1', contact: id }]);

    centre.runtime.deliver(address, poison);
    settle();
    expect(ends).toEqual([{ contact: id, outcome: 'failed', reason: expect.stringMatching(/failed twice/) }]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'contact.outcome', contact: id, outcome: 'failed' }));
  });
});
