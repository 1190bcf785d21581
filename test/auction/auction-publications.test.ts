import { type Centre, createCentre, sequentialIds, VirtualClock } from '@contactmesh/core';
import { createMemoryHub, type MessageTraceEvent } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';

// What one auction costs on the wire: London auctions a caller it has no agent for, three centres
// bid with one idle agent each. Counted on the hub, from the arrival until quiet (heartbeats left
// out), so a publication added to the auction's path shows here. The floor is 6 (entity, 3 bids,
// award, confirmation).

describe('publications of one auction', () => {
  it('stays at 20 (41 deliveries), and no replica is left showing a lease', async () => {
    const clock = new VirtualClock(0);
    const hub = createMemoryHub({ clock });
    const bidders = ['paris', 'berlin', 'madrid'];
    const make = (id: string, local: boolean): Centre =>
      createCentre({
        id,
        network: 'acme',
        transport: hub.transport(id),
        clock,
        ids: sequentialIds(`${id}.1`),
        mode: { kind: local ? 'local' : 'network' },
        ...(local ? { auctions: { strategy: { kind: 'first-acceptable' }, rule: { kind: 'command', command: 'most-skilled' } } } : {}),
        policies: { agent: { wrapUpMs: 0 } },
        adapter: { offer: () => undefined },
      });
    const london = make('london', true);
    const centres = [london, ...bidders.map((id) => make(id, false))];
    for (const centre of centres) await centre.start();
    for (const [i, centre] of centres.slice(1).entries()) {
      centre.agents.login(`${centre.id}-a`, { displayName: centre.id, skills: { billing: 5 + i } });
      centre.agents.ready(`${centre.id}-a`);
    }
    clock.advance(1_000);
    const from = hub.trace().length;
    london.contacts.arrive({ media: 'voice', skillset: 'billing' });
    clock.advance(3_000);

    const events = hub
      .trace()
      .slice(from)
      .filter((e): e is MessageTraceEvent => 'topic' in e && !e.topic.includes('/presence/'));
    const published = events.filter((e) => e.kind === 'publish');
    const delivered = events.filter((e) => e.kind === 'deliver');
    const where = published.map((e) => `${e.from} ${e.topic.replace('cm/acme/', '').replace(/\/[^/]*$/, '')}`);
    expect(where.filter((w) => w.includes('/agent'))).toEqual(['paris replica/paris/agent']); // the winner's agent, offered
    expect(published).toHaveLength(20);
    expect(delivered).toHaveLength(41);
    for (const centre of centres) expect(centre.replicas.agents({ state: 'reserved' })).toEqual([]);
    for (const centre of centres) await centre.stop();
  });
});
