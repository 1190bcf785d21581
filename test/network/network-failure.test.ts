import type { CentreEvent } from '@contactmesh/core';
import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { networkOf } from './network-world.js';

const skills = { billing: 5 };

/** What a centre says of its peers' sign of life, as it says it: `peer.silent paris`, … */
function livenessAt(centre: { readonly events$: Observable<CentreEvent> }): string[] {
  const said: string[] = [];
  centre.events$.subscribe((event) => {
    if (event.type === 'peer.silent' || event.type === 'peer.speaking') said.push(`${event.type} ${event.centre}`);
  });
  return said;
}

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

  it('stops choosing a hung centre’s agents within three of its heartbeats, before any will, and chooses them again once it speaks', async () => {
    const net = await networkOf(['london', 'paris']);
    const liveness = livenessAt(net.centre('london'));
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.settle();
    // Paris hangs, as far as London can tell: nothing of it arrives (held, as a broker holds QoS 1
    // for a frozen subscriber), and no will fires.
    net.hub.partition([['london'], ['paris']]);
    net.clock.advance(9_000);
    net.settle();
    expect(liveness).toEqual([]);
    net.clock.advance(7_000);
    net.settle();
    // Its last beat came at most 5 s before the cut: silent 15 s after it, whatever the keepalive.
    expect(liveness).toEqual(['peer.silent paris']);
    expect(net.centre('london').replicas.isOnline('paris')).toBe(true);
    const contact = () =>
      net.centre('london').runtime.snapshot('london/contact/c1') as { value: string; context: { attempts: number } } | undefined;
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.clock.advance(20_000);
    net.settle();
    // Paris's agent is not asked for: it waits, no reservation ever tried.
    expect(contact()?.value).toBe('queued');
    expect(contact()?.context.attempts).toBe(0);
    expect(net.log.offers).toEqual([]);

    net.hub.heal();
    for (let i = 0; i < 4; i += 1) {
      net.clock.advance(5_000);
      net.settle();
    }
    expect(liveness).toEqual(['peer.silent paris', 'peer.speaking paris']);
    // (Nobody answers here: the offer rings out and comes again.)
    expect(net.log.offers[0]).toEqual({ centre: 'paris', agent: 'p1', contact: 'c1' });
    await net.stop();
  });

  it('a silent centre whose will comes then is offline, and is never said to speak again', async () => {
    const net = await networkOf(['london', 'paris']);
    const liveness = livenessAt(net.centre('london'));
    net.settle();
    // Paris's heartbeat stops (everything else of it goes on): silent within three beats.
    net.centre('paris').runtime.remove('paris/heartbeat/main');
    net.clock.advance(16_000);
    net.settle();
    expect(liveness).toEqual(['peer.silent paris']);
    expect(net.hub.crash('paris')).toBe(true);
    net.settle();
    expect(net.centre('london').replicas.isOnline('paris')).toBe(false);
    expect(net.centre('london').runtime.snapshot('london/peer/paris')).toBeUndefined();
    net.clock.advance(60_000);
    net.settle();
    expect(liveness).toEqual(['peer.silent paris']);
    await net.stop();
  });

  it('never judges silent a centre without a heartbeat (`heartbeatMs: null`): its will alone takes it out', async () => {
    const net = await networkOf(['london', 'paris'], { presence: { heartbeatMs: null } });
    const liveness = livenessAt(net.centre('london'));
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.clock.advance(120_000);
    net.settle();
    expect(liveness).toEqual([]);
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'p1', contact: 'c1' }]);
    await net.stop();
  });

  it('a centre that loses its connection and runs on is offline to the others, then online again with its agents once it is back', async () => {
    const net = await networkOf(['london', 'paris']);
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.settle();
    expect(net.hub.disconnect('paris')).toBe(true);
    net.settle();
    expect(net.centre('london').replicas.isOnline('paris')).toBe(false);
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.clock.advance(10_000);
    expect(net.log.offers).toEqual([]);

    expect(net.hub.reconnect('paris')).toBe(true);
    // (An offer nobody answers rings again after 15 s: look before then.)
    for (let i = 0; i < 2; i++) {
      net.clock.advance(5_000);
      net.settle();
    }
    // Back: the others hear it is online again and what its agents are, and the waiting caller goes to Pia.
    expect(net.centre('london').replicas.isOnline('paris')).toBe(true);
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'p1', contact: 'c1' }]);
    expect(net.owners('c1')).toEqual(['paris']);
    await net.stop();
  });

  it('with a will delay, a centre back within it is never offline to the others; one away longer is, once the delay is up', async () => {
    const net = await networkOf(['london', 'paris'], { presence: { willDelaySeconds: 5 } });
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.settle();
    const heard: string[] = [];
    net.centre('london').replicas.changes$.subscribe((change) => {
      if (change.kind === 'centre' && change.centre === 'paris') heard.push(change.after.status);
    });
    // Away 4 s, within the delay: the broker never publishes its will.
    expect(net.hub.disconnect('paris')).toBe(true);
    net.clock.advance(4_000);
    expect(net.centre('london').replicas.isOnline('paris')).toBe(true);
    expect(net.hub.reconnect('paris')).toBe(true);
    net.clock.advance(10_000);
    net.settle();
    expect(heard).not.toContain('offline');
    // Away for good: offline once the 5 s are up, not before.
    expect(net.hub.disconnect('paris')).toBe(true);
    net.clock.advance(4_900);
    expect(net.centre('london').replicas.isOnline('paris')).toBe(true);
    net.clock.advance(200);
    net.settle();
    expect(net.centre('london').replicas.isOnline('paris')).toBe(false);
    expect(heard).toContain('offline');
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

  it('re-syncs a call that was with an agent when the centre crashed: connected again, no ring, agent busy', async () => {
    const net = await networkOf(['london', 'paris']);
    const before = net.centre('london');
    before.agents.login('l1', { displayName: 'Lee', skills });
    before.agents.ready('l1');
    before.contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    before.agents.answer('l1', 'c1');
    net.settle();
    net.clock.advance(1_000);

    const london = await net.restart('london');
    const events: CentreEvent[] = [];
    london.events$.subscribe((event) => events.push(event));
    // Held for the ACD's re-sync: not routed to anyone else meanwhile, still in the call for the customer.
    expect(london.runtime.snapshot('london/contact/c1')?.value).toBe('resyncing');
    expect(net.centre('paris').replicas.contact('c1')?.state).toBe('connected');
    // The centre says whom the contact was with.
    expect(net.recovered).toContainEqual({ centre: 'london', kind: 'contact', id: 'c1', agent: 'l1' });
    // The ACD's re-sync: the agent is still on the call.
    london.agents.login('l1', { displayName: 'Lee', skills });
    london.contacts.resync('c1', 'l1');
    net.settle();
    expect((london.runtime.snapshot('london/contact/c1') as { value: string; context: { agent: string } }).value).toBe('connected');
    expect(net.centre('paris').replicas.agent('london', 'l1')?.state).toBe('notReady');
    expect(net.centre('paris').replicas.contact('c1')?.state).toBe('connected');
    // Ready again, the agent is busy: another contact waits rather than ring a second time.
    london.agents.ready('l1');
    london.contacts.arrive({ id: 'c2', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(net.centre('paris').replicas.agent('london', 'l1')?.state).toBe('busy');
    expect(net.log.offers).toEqual([{ centre: 'london', agent: 'l1', contact: 'c1' }]);
    // The call ends as usual and the agent takes the next one.
    london.contacts.end('c1');
    net.settle();
    expect(net.log.offers.at(-1)).toEqual({ centre: 'london', agent: 'l1', contact: 'c2' });
    expect(events.filter((e) => e.type === 'adapter.failed' || e.type === 'actor.failed')).toEqual([]);
    await net.stop();
  });

  it('queues a call nobody re-synced within resyncMs, and ends one that was wrapping up', async () => {
    const net = await networkOf(['london', 'paris']);
    const before = net.centre('london');
    for (const agent of ['l1', 'l2']) {
      before.agents.login(agent, { displayName: agent, skills });
      before.agents.ready(agent);
    }
    before.contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    before.contacts.arrive({ id: 'c2', media: 'voice', skillset: 'billing' });
    net.settle();
    before.agents.answer('l1', 'c1');
    before.agents.answer('l2', 'c2');
    net.settle();
    before.contacts.end('c2'); // c2 is wrapping up (the world's agents have no wrap-up time, the contact has)
    net.settle();
    expect(before.runtime.snapshot('london/contact/c2')?.value).toBe('wrapUp');

    const london = await net.restart('london');
    expect(london.runtime.snapshot('london/contact/c2')?.value).toBe('wrapUp');
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.settle();
    net.clock.advance(59_000);
    // Not routed while the ACD may still re-sync it.
    expect(net.log.offers.filter((o) => o.contact === 'c1')).toHaveLength(1);
    net.clock.advance(1_000);
    net.settle();
    // Nobody re-synced it: it queued again and Paris took it; c2 finished its wrap-up as handled.
    expect(net.log.offers.at(-1)).toEqual({ centre: 'paris', agent: 'p1', contact: 'c1' });
    expect(net.log.outcomes).toContainEqual({ centre: 'london', contact: 'c2', outcome: 'handled' });
    await net.stop();
  });

  it('refuses a re-sync that cannot happen, with a clear error, and changes nothing', async () => {
    const net = await networkOf(['london']);
    const london = net.centre('london');
    london.contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(() => london.contacts.resync('c1', 'l1')).toThrow(
      expect.objectContaining({ code: 'CM_ERR_INVALID_STATE', message: expect.stringMatching(/agent l1 is not here: log them in first/) }),
    );
    london.agents.login('l1', { displayName: 'Lee', skills });
    london.agents.logout('l1');
    expect(() => london.contacts.resync('c1', 'l1')).toThrow(/logged out/);
    expect(() => london.contacts.resync('nope', 'l1')).toThrow(/contact nope is not here/);
    london.agents.login('l1', { displayName: 'Lee', skills });
    london.agents.ready('l1');
    net.settle();
    // Now ringing: not a re-sync any more.
    expect(() => london.contacts.resync('c1', 'l1')).toThrow(/is offered, not queued/);
    expect(london.runtime.snapshot('london/contact/c1')?.value).toBe('offered');
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

describe('a centre that stops cleanly', () => {
  /** London's caller holds a lease on Paris's Pia: Paris's grant takes 2 s to reach London, so the move waits there. */
  const piaReservedForLondon = async () => {
    const net = await networkOf(['london', 'paris']);
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills });
    net.centre('paris').agents.ready('p1');
    net.settle();
    net.hub.setFaults({ links: [{ from: 'paris', to: 'london', delayMs: 2_000 }] });
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.clock.advance(100);
    net.settle();
    const pia = () => net.centre('paris').runtime.snapshot('paris/agent/p1')?.value;
    expect(pia()).toEqual({ ready: 'reserved' });
    return { net, pia };
  };

  it('hands back the leases its contacts held: the other centre frees the agent at once, not when the lease runs out', async () => {
    const { net, pia } = await piaReservedForLondon();
    // London stops: its offline presence says so, and Pia is free before her 5 s lease is up.
    await net.centre('london').stop();
    net.settle();
    expect(net.centre('paris').replicas.isOnline('london')).toBe(false);
    expect(pia()).toEqual({ ready: 'free' });
    expect(net.centre('paris').replicas.agent('paris', 'p1')?.state).toBe('idle');
    await net.stop();
  });

  it('a centre whose will comes (it did not stop) keeps its leases until they run out', async () => {
    const { net, pia } = await piaReservedForLondon();
    // Cut off, London runs on: its will reaches Paris, but its caller may still be moving to Pia.
    expect(net.hub.disconnect('london')).toBe(true);
    net.settle();
    expect(net.centre('paris').replicas.isOnline('london')).toBe(false);
    expect(pia()).toEqual({ ready: 'reserved' });
    net.clock.advance(5_000);
    expect(pia()).toEqual({ ready: 'free' });
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
