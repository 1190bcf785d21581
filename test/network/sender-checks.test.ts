import { type CentreEvent, encode } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { networkOf } from './network-world.js';

// Identity comes from the channel, never from the body (DESIGN.md §7, invariant 9; issue "Only a
// centre speaks for itself"). A participant that can publish anywhere on the broker, here "evil"
// on the memory hub with no ACL, sends messages whose bodies claim to be someone else's.

async function withForger() {
  const net = await networkOf(['a', 'b', 'c']);
  const events: CentreEvent[] = [];
  for (const id of ['a', 'b', 'c']) net.centre(id).events$.subscribe((e) => events.push(e));
  const evil = net.hub.transport('evil');
  await evil.connect();
  let n = 0;
  const publish = async (topic: string, type: string, from: string, body: unknown, retain = false) => {
    const bytes = encode({ v: 1, id: `forged-${++n}`, type, from, ts: net.clock.now(), body });
    if (!bytes.ok) throw bytes.error;
    await evil.publish(`cm/acme/${topic}`, bytes.value, { retain, qos: 1 });
    net.settle();
  };
  const impersonations = () => events.filter((e) => e.type === 'message.rejected' && e.code === 'CM_ERR_IMPERSONATION').length;
  return { net, publish, impersonations };
}

describe('a message must come from the publisher its topic names', () => {
  it('a presence naming another centre, or claiming an incarnation far in the future, does not shut that centre out', async () => {
    const { net, publish, impersonations } = await withForger();
    expect(net.centre('a').replicas.isOnline('c')).toBe(true);
    // The report's attack: on its own topic, naming centre c, offline, with the largest incarnation.
    await publish('presence/evil', 'presence', 'evil/runtime/main', {
      centre: 'c',
      status: 'offline',
      incarnation: Number.MAX_SAFE_INTEGER,
      since: 0,
    });
    // On c's own topic, as c, but from a life far in the future.
    await publish('presence/c', 'presence', 'c/runtime/main', {
      centre: 'c',
      status: 'offline',
      incarnation: Number.MAX_SAFE_INTEGER,
      since: 0,
    });
    for (const centre of ['a', 'b']) expect(net.centre(centre).replicas.isOnline('c')).toBe(true);
    // Two forgeries, three centres, each listening to presence twice (its replicas and its network desk).
    expect(impersonations()).toBe(2 * 3 * 2);
    // c is still routed to.
    net.centre('c').agents.login('c1', { displayName: 'Cy', skills: { billing: 5 } });
    net.centre('c').agents.ready('c1');
    net.settle();
    net.centre('a').contacts.arrive({ id: 'x1', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(net.log.offers).toEqual([{ centre: 'c', agent: 'c1', contact: 'x1' }]);
    await net.stop();
  });

  it('a replica whose body or sender names another owner is dropped by every centre', async () => {
    const { net, publish, impersonations } = await withForger();
    net.centre('b').agents.login('b1', { displayName: 'Bo', skills: { billing: 5 } });
    net.centre('b').agents.ready('b1');
    net.settle();
    const real = net.centre('a').replicas.agent('b', 'b1');
    expect(real?.state).toBe('idle');
    // On b's replica topic, claiming b's agent is busy: the sender is not b.
    await publish('replica/b/agent/b1', 'agent.snapshot', 'evil/agent/b1', { ...real, rev: (real?.rev ?? 0) + 100, state: 'busy' });
    // On evil's own topic, with a body that says the agent's home is b.
    await publish('replica/evil/agent/b1', 'agent.snapshot', 'evil/agent/b1', { ...real, rev: (real?.rev ?? 0) + 100, state: 'busy' });
    for (const centre of ['a', 'c']) expect(net.centre(centre).replicas.agent('b', 'b1')?.state).toBe('idle');
    expect(impersonations()).toBe(2 * 3);
    await net.stop();
  });

  it('a contact cannot be stolen by a newer copy published in another participant’s own name', async () => {
    const { net, publish } = await withForger();
    const { id } = net.centre('a').contacts.arrive({ id: 'rare1', media: 'voice', skillset: 'rare' });
    net.settle();
    const real = net.centre('b').replicas.contact(id);
    expect(real?.owner).toBe('a');
    // The report's attack: on evil's own topic, with owner evil and a higher rev (consistent, so
    // the sender check lets it pass; only a centre the contact was moving to may hold it).
    await publish(`replica/evil/contact/${id}`, 'contact.snapshot', `evil/contact/${id}`, {
      ...real,
      owner: 'evil',
      rev: (real?.rev ?? 0) + 50,
    });
    net.clock.advance(1_000);
    net.settle();
    expect(net.owners(id)).toEqual(['a']);
    expect(net.log.forwards).toEqual([]);
    expect((net.centre('a').runtime.snapshot(`a/contact/${id}`) as { value?: unknown } | undefined)?.value).toBe('queued');
    await net.stop();
  });

  it('the centres’ own traffic passes the check: a day of routing rejects nothing as an impersonation', async () => {
    const { net, impersonations } = await withForger();
    for (const [centre, agent] of [
      ['a', 'a1'],
      ['b', 'b1'],
    ] as const) {
      net.centre(centre).agents.login(agent, { displayName: agent, skills: { billing: 5 } });
      net.centre(centre).agents.ready(agent);
    }
    for (let i = 0; i < 6; i++) net.centre(i % 2 === 0 ? 'c' : 'a').contacts.arrive({ id: `k${i}`, media: 'voice', skillset: 'billing' });
    net.settle();
    net.clock.advance(60_000);
    net.settle();
    expect(net.log.offers.length).toBeGreaterThan(0);
    expect(impersonations()).toBe(0);
    await net.stop();
  });
});
