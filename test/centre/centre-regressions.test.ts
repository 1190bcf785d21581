import { createCentre, sequentialIds, VirtualClock } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';

// Each test here once failed: a scenario a reviewer found that lost an agent or a contact.
const setup = async (limits: { maxDeliveriesPerDrain?: number } = {}) => {
  const clock = new VirtualClock(0);
  const offers: { agent: string; contact: string }[] = [];
  const centre = createCentre({
    id: 'london',
    network: 'acme',
    transport: createMemoryHub({ clock }).transport('london'),
    clock,
    ids: sequentialIds('london.1'),
    limits,
    policies: { agent: { wrapUpMs: 0 } },
    adapter: { offer: (o) => void offers.push(o) },
  });
  await centre.start();
  centre.agents.login('a1', { displayName: 'Ada', skills: { billing: 5 } });
  centre.agents.ready('a1');
  const settle = () => clock.advance(0);
  const call = () => centre.contacts.arrive({ media: 'voice', skillset: 'billing' }).id;
  return { clock, centre, offers, settle, call };
};

describe('single-centre regressions', () => {
  it('frees the agent when the customer hangs up in the middle of the call', async () => {
    const { centre, offers, settle, call } = await setup();
    const first = call();
    settle();
    centre.agents.answer('a1', first);
    settle();
    centre.contacts.abandon(first); // the ACD reports the hang-up to the contact only
    centre.contacts.wrapped(first);
    const second = call();
    settle();
    expect(offers.map((o) => o.contact)).toEqual([first, second]);
  });

  it('frees an agent whose call ends while they are logged out', async () => {
    const { centre, offers, settle, call } = await setup();
    const first = call();
    settle();
    centre.agents.answer('a1', first);
    centre.agents.logout('a1');
    settle();
    centre.contacts.end(first);
    centre.contacts.wrapped(first);
    centre.agents.login('a1', { displayName: 'Ada', skills: { billing: 5 } });
    centre.agents.ready('a1');
    const second = call();
    settle();
    expect(offers.map((o) => o.contact)).toEqual([first, second]);
  });

  it('offers a declined contact again when that agent is the only one', async () => {
    const { centre, offers, settle, call } = await setup();
    const contact = call();
    settle();
    centre.agents.decline('a1', contact);
    settle();
    expect(offers.map((o) => o.contact)).toEqual([contact, contact]);
  });

  it('offers a missed contact again after the ring times out', async () => {
    const { centre, offers, settle, call, clock } = await setup();
    const contact = call();
    settle();
    clock.advance(20_000); // the offer rings out
    settle();
    expect(offers.map((o) => o.contact)).toEqual([contact, contact]);
    expect(centre.metrics().centre.cumulative.offered).toBe(1);
  });

  it('gives back the agent the router marked for a contact that ended before it saw its assignment', async () => {
    const { centre, offers, settle, call, clock } = await setup({ maxDeliveriesPerDrain: 1 });
    centre.agents.notReady('a1', 'break');
    settle();
    const first = call();
    for (let i = 0; i < 10; i++) settle();
    centre.agents.ready('a1'); // the router assigns a1 to the first contact …
    centre.contacts.abandon(first); // … which hangs up before the assignment reaches it
    for (let i = 0; i < 20; i++) settle();
    const second = call();
    clock.advance(60_000);
    expect(offers.map((o) => o.contact)).toContain(second);
  });

  it('shows the queue the customer switched to once the contact has ended', async () => {
    const { centre, settle, clock } = await setup();
    centre.agents.notReady('a1', 'break');
    const { id, token } = centre.contacts.arrive({ media: 'chat', skillset: 'billing' });
    settle();
    const answer = centre.command(token, { kind: 'switchQueue', skillset: 'sales' }, 'k1');
    clock.advance(0);
    expect(await answer).toMatchObject({ accepted: true });
    centre.contacts.abandon(id);
    settle();
    expect(centre.status(token)).toMatchObject({ state: 'abandoned', skillset: 'sales', media: 'chat' });
  });
});
