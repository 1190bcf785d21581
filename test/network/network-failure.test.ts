import { describe, expect, it } from 'vitest';
import { networkOf } from './network-world.js';

const skills = { billing: 5 };

describe('a network of centres when a centre fails', () => {
  it('stops offering a crashed centre’s agents at once (its will marks it offline)', async () => {
    const net = await networkOf(['london', 'paris', 'new-york']);
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.settle();
    expect(net.centre('london').replicas.isOnline('paris')).toBe(true);

    expect(net.hub.crash('paris')).toBe(true);
    net.settle();
    expect(net.centre('london').replicas.isOnline('paris')).toBe(false);
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.clock.advance(60_000);
    expect(net.log.offers).toEqual([]);
    expect(net.owners('c1')).toEqual(['london']);

    // Another agent anywhere takes the contact: it was never lost.
    net.centre('new-york').agents.login('n1', { displayName: 'Noa', skills });
    net.centre('new-york').agents.ready('n1');
    net.settle();
    expect(net.log.offers).toEqual([{ centre: 'new-york', agent: 'n1', contact: 'c1' }]);
    await net.stop();
  });

  it('keeps every contact through a partition that cuts a handover in half, and settles after healing', async () => {
    const net = await networkOf(['london', 'paris']);
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    // London's reservation request is on its way when the network splits.
    net.hub.partition([['london'], ['paris']]);
    net.clock.advance(30_000);
    // The contact is still London's (it re-queued when its reservation went unanswered).
    expect(net.owners('c1')).toEqual(['london']);
    expect(net.log.outcomes).toEqual([]);

    net.hub.heal();
    for (let i = 0; i < 10; i++) {
      net.clock.advance(5_000);
      net.settle();
    }
    // Exactly one owner, offered to the one agent, nothing ended.
    expect(net.owners('c1')).toHaveLength(1);
    expect(net.log.offers.map((o) => o.contact)).toContain('c1');
    expect(net.log.outcomes.filter((o) => o.outcome !== 'forwarded')).toEqual([]);
    await net.stop();
  });

  it('routes locally on each side of a partition', async () => {
    const net = await networkOf(['london', 'paris']);
    net.hub.partition([['london'], ['paris']]);
    net.centre('london').agents.login('l1', { displayName: 'Lee', skills });
    net.centre('london').agents.ready('l1');
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.centre('paris').contacts.arrive({ id: 'c2', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(net.log.offers).toEqual([
      { centre: 'london', agent: 'l1', contact: 'c1' },
      { centre: 'paris', agent: 'p1', contact: 'c2' },
    ]);
    await net.stop();
  });
});

describe('a restarted centre', () => {
  it('takes back its waiting contacts and its agents from what the network replicated', async () => {
    const net = await networkOf(['london', 'paris']);
    net.centre('london').agents.login('l1', { displayName: 'Lee', skills: { sales: 5 } });
    net.centre('london').agents.ready('l1');
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    net.clock.advance(60_000);

    const london = await net.restart('london');
    expect(net.recovered).toEqual([
      { centre: 'london', kind: 'agent', id: 'l1' },
      { centre: 'london', kind: 'contact', id: 'c1' },
    ]);
    const contact = london.runtime.snapshot('london/contact/c1') as { value: string; context: { seniority: number; rev: number } };
    expect(contact.value).toBe('queued');
    expect(contact.context.seniority).toBe(0); // invariant 6: its place in the queue survives the restart
    // The agent is back logged out, at a newer rev than its previous life: no peer offers it.
    expect(net.centre('paris').replicas.agent('london', 'l1')?.state).toBe('loggedOut');
    expect(net.centre('paris').replicas.isOnline('london')).toBe(true);

    // Routing resumes: an agent freed in Paris takes London's contact.
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.settle();
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'p1', contact: 'c1' }]);
    expect(net.owners('c1')).toEqual(['paris']);
    expect(net.log.failures).toEqual([]);
    await net.stop();
  });

  it('gives a new contact that reuses an id of its previous life a rev every replica takes as newer', async () => {
    const net = await networkOf(['london', 'paris']);
    net.centre('london').contacts.arrive({ id: 'call-1', media: 'voice', skillset: 'billing' });
    net.settle();
    net.centre('london').contacts.abandon('call-1');
    net.settle();
    net.clock.advance(1_000);
    const london = await net.restart('london');
    london.contacts.arrive({ id: 'call-1', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(net.centre('paris').replicas.contact('call-1')?.state).toBe('queued');
    await net.stop();
  });
});

describe('two copies of one contact', () => {
  it('are reconciled by rev: the copy whose handover answer was lost yields to the newer one', async () => {
    const net = await networkOf(['london', 'paris']);
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.settle();
    // Every answer from Paris to London is lost while the contact moves.
    net.hub.setFaults({ links: [{ from: 'paris', to: 'london', drop: 1 }] });
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.clock.advance(500);
    net.settle();
    net.hub.setFaults({});
    net.clock.advance(60_000);
    net.settle();
    // One copy is left, in Paris, offered to the agent; London forwarded the call.
    expect(net.owners('c1')).toEqual(['paris']);
    expect(net.log.forwards.map((f) => f.contact)).toEqual(['c1']);
    expect(net.log.outcomes.filter((o) => o.outcome !== 'forwarded')).toEqual([]);
    await net.stop();
  });
});

describe('a customer who hangs up while the contact moves', () => {
  it('ends the contact once, at the new owner, when the move went through (nothing is forwarded)', async () => {
    const net = await networkOf(['london', 'paris'], { faults: { links: [{ from: 'paris', to: 'london', delayMs: 100 }] } });
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.clock.advance(200);
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.clock.advance(150); // granted (100 ms on the way); Paris has taken the contact and rings Pia; its answer is on the way
    net.settle();
    expect(net.owners('c1')).toEqual(['london', 'paris']);
    net.centre('london').contacts.abandon('c1');
    net.clock.advance(1_000);
    net.settle();

    expect(net.owners('c1')).toEqual([]);
    expect(net.log.outcomes.filter((o) => o.outcome !== 'forwarded')).toEqual([{ centre: 'paris', contact: 'c1', outcome: 'abandoned' }]);
    expect(net.log.forwards).toEqual([]);
    const pia = net.centre('paris').runtime.snapshot('paris/agent/p1') as { context: { offer: unknown; work: unknown[] } };
    expect(pia.context.offer).toBeNull();
    expect(pia.context.work).toEqual([]);
    await net.stop();
  });
});

describe('reporting a contact the centre already holds', () => {
  it('is refused with a coded error that says the contact came back after the restart', async () => {
    const net = await networkOf(['london', 'paris']);
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    const london = await net.restart('london');
    expect(() => london.contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' })).toThrow(
      expect.objectContaining({ code: 'CM_ERR_DUPLICATE_ACTOR', message: expect.stringMatching(/centre\.recovered/) }),
    );
    await net.stop();
  });
});
