import { type CentreOptions, createCentre, sequentialIds, VirtualClock } from '@contactmesh/core';
import { createMemoryHub, type MessageTraceEvent } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';

// What a centre carries, and what it makes its actors read: the work every message costs is paid
// by every centre it reaches, so a centre takes no copy it does not need.

type Snapshot = { readonly type: string; readonly body?: { readonly home?: string; readonly owner?: string } };

async function network(modes: Readonly<Record<string, NonNullable<CentreOptions['mode']>>>) {
  const clock = new VirtualClock(0);
  const hub = createMemoryHub({ clock });
  // The snapshots each centre's router was given, by the centre that owns them.
  const read = new Map<string, string[]>();
  const centres = Object.entries(modes).map(([id, mode]) =>
    createCentre({
      id,
      network: 'acme',
      mode,
      transport: hub.transport(id),
      clock,
      ids: sequentialIds(`${id}.1`),
      policies: { agent: { wrapUpMs: 0 } },
      adapter: { offer: () => undefined },
      inspect: (event: InspectionEvent) => {
        if (event.type !== '@xstate.event' || (event.actorRef as { id?: string }).id !== `${id}/router/main`) return;
        const { type, body } = event.event as Snapshot;
        const from = type === 'agent.snapshot' ? body?.home : type === 'contact.snapshot' ? body?.owner : undefined;
        if (from !== undefined) read.set(id, [...(read.get(id) ?? []), from]);
      },
    }),
  );
  for (const centre of centres) await centre.start();
  clock.advance(0);
  return { clock, hub, centres, read, settle: () => clock.advance(0) };
}

describe('what a centre carries and reads', () => {
  it('hears each snapshot of its own agents and contacts once, and its metrics still count every step', async () => {
    const { hub, centres, settle, clock } = await network({ london: { kind: 'network' } });
    const [london] = centres;
    if (london === undefined) throw new Error('no centre');
    london.agents.login('a1', { displayName: 'Ada', skills: { billing: 5 } });
    london.agents.ready('a1');
    const { id } = london.contacts.arrive({ media: 'voice', skillset: 'billing' });
    settle();
    london.agents.answer('a1', id);
    settle();
    clock.advance(30_000);
    london.contacts.end(id);
    london.contacts.wrapped(id);
    settle();

    const trace = hub.trace().filter((e): e is MessageTraceEvent => e.kind !== 'crash');
    const own = trace.filter((e) => e.kind === 'publish' && e.from === 'london' && e.topic.startsWith('cm/acme/replica/london/'));
    expect(own.length).toBeGreaterThan(6);
    for (const publication of own) {
      const copies = trace.filter((e) => e.kind === 'deliver' && e.seq === publication.seq && e.to === 'london');
      expect(copies).toHaveLength(1);
    }
    const billing = london.metrics().queues.find((q) => q.queue === 'billing');
    expect(billing?.cumulative).toMatchObject({ offered: 1, answered: 1, handled: 1, abandoned: 0 });
  });

  it('gives a router no snapshot of another centre it could not route with', async () => {
    const { centres, settle, read } = await network({
      london: { kind: 'local' },
      paris: { kind: 'network' },
      berlin: { kind: 'network' },
    });
    for (const centre of centres) {
      centre.agents.login(`${centre.id}-a`, { displayName: centre.id, skills: { billing: 5 } });
      centre.agents.ready(`${centre.id}-a`);
    }
    settle();
    const [london, paris] = centres;
    london?.contacts.arrive({ media: 'voice', skillset: 'billing' });
    paris?.contacts.arrive({ media: 'chat', skillset: 'billing' });
    settle();
    // London routes only its own: it lends no agents and takes no contacts, so its router reads
    // none of the others'. Paris and Berlin read each other's, and none of London's.
    expect(read.get('london')?.every((from) => from === 'london')).toBe(true);
    expect(read.get('paris')).toContain('berlin');
    expect(read.get('paris')).not.toContain('london');
    expect(read.get('berlin')).toContain('paris');
    expect(read.get('berlin')).not.toContain('london');
  });
});
