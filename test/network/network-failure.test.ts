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
