import { createCentre, sequentialIds, VirtualClock } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';

describe('a centre’s metrics and expected waits', () => {
  it('counts offered, answered, handled and abandoned contacts, and shows waiting customers an estimate', async () => {
    const clock = new VirtualClock(0);
    const offers: { agent: string; contact: string }[] = [];
    const centre = createCentre({
      id: 'london',
      network: 'acme',
      transport: createMemoryHub({ clock }).transport('london'),
      clock,
      ids: sequentialIds('london.1'),
      policies: { agent: { wrapUpMs: 0 } },
      metrics: { serviceLevelSeconds: 20 },
      adapter: { offer: ({ agent, contact }) => void offers.push({ agent, contact }) },
    });
    await centre.start();
    const settle = () => clock.advance(0);
    for (const id of ['a1', 'a2']) {
      centre.agents.login(id, { displayName: id, skills: { billing: 5 } });
      centre.agents.ready(id);
    }
    // Ten contacts, a minute apart; each is answered 10 s after its offer and handled in 40 s.
    for (let i = 0; i < 10; i++) {
      centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
      settle();
      clock.advance(10_000);
      const answered = offers.splice(0);
      for (const { agent, contact } of answered) centre.agents.answer(agent, contact);
      settle();
      clock.advance(40_000);
      for (const { contact } of answered) {
        centre.contacts.end(contact);
        centre.contacts.wrapped(contact);
      }
      settle();
      clock.advance(10_000);
    }
    // Two calls keep both agents busy; two more customers wait behind them.
    for (let i = 0; i < 2; i++) centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    settle();
    for (const { agent, contact } of offers.splice(0)) centre.agents.answer(agent, contact);
    const waiting = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    const last = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    settle();
    const status = centre.status(last.token);
    expect(status?.position).toBeGreaterThanOrEqual(1);
    expect(status?.expectedWait).toMatchObject({ method: expect.any(String), seconds: expect.any(Number) });
    const { seconds, low, high } = status?.expectedWait ?? { seconds: -1, low: 0, high: 0 };
    expect(low <= seconds && seconds <= high).toBe(true);

    centre.contacts.abandon(waiting.id);
    settle();
    const metrics = centre.metrics();
    const billing = metrics.queues.find((q) => q.queue === 'billing');
    expect(billing?.cumulative).toMatchObject({ offered: 14, answered: 12, handled: 10, abandoned: 1 });
    // Every answered contact waited 10 s or less, within the 20 s threshold; the one abandon came
    // at once, and a short abandon (under 5 s) does not count against service level by default.
    expect(billing?.cumulative.serviceLevel).toBe(1);
    expect(billing?.cumulative.shortAbandoned).toBe(1);
    expect(centre.accuracy().methods.length).toBeGreaterThanOrEqual(0);
    await centre.stop();
  });
});
