import {
  type AgentSnapshot,
  attachReplicaStore,
  createRuntime,
  encode,
  ReplicaStore,
  type Runtime,
  sequentialIds,
  VirtualClock,
} from '@contactmesh/core';
import { createMemoryHub, type MemoryHub } from '@contactmesh/transports/memory';
import { afterEach, describe, expect, it } from 'vitest';

let clock: VirtualClock;
let hub: MemoryHub;
const started: Runtime[] = [];

const settle = () => clock.runUntilIdle();

const agent = (id: string, rev: number, overrides: Partial<AgentSnapshot> = {}): AgentSnapshot => ({
  id,
  home: 'london',
  rev,
  state: 'idle',
  displayName: `Agent ${id}`,
  skills: { billing: 5, sales: 3 },
  capacity: { voice: 1, chat: 3 },
  load: {},
  idleSince: 0,
  updatedAt: clock.now(),
  ...overrides,
});

// The last will: an offline presence, retained, so even a centre that joins later learns of it.
const offlineWill = (centre: string, incarnation: number) => {
  const envelope = {
    v: 1,
    id: `${centre}.${incarnation}.will`,
    type: 'presence',
    from: `${centre}/runtime/main`,
    ts: clock.now(),
    body: { centre, status: 'offline', incarnation, since: clock.now() },
  };
  const payload = encode(envelope);
  if (!payload.ok) throw payload.error;
  return { topic: `cm/acme/presence/${centre}`, payload: payload.value, retain: true, qos: 1 as const };
};

/** A centre's runtime on the shared hub; `will` is what the hub publishes if it crashes (default: clear its presence). */
const centre = async (id: string, incarnation = 1, will: 'clear' | 'offline' = 'clear') => {
  const transport = hub.transport(id);
  const topic = `cm/acme/presence/${id}`;
  await transport.connect({ will: will === 'clear' ? { topic, payload: '', retain: true, qos: 1 } : offlineWill(id, incarnation) });
  const runtime = createRuntime({ centre: id, network: 'acme', transport, clock, ids: sequentialIds(`${id}.${incarnation}`) });
  await runtime.start();
  started.push(runtime);
  const announce = (status: 'online' | 'offline') =>
    runtime.publish(
      `presence/${id}`,
      { type: 'presence', body: { centre: id, status, incarnation, since: clock.now() } },
      { retain: true, qos: 1 },
    );
  const publishAgent = (snapshot: AgentSnapshot) =>
    runtime.publish(`replica/${id}/agent/${snapshot.id}`, { type: 'agent.snapshot', body: snapshot }, { retain: true, qos: 1 });
  return { runtime, announce, publishAgent };
};

/** A centre that only watches, with a replica store attached. */
const watcher = async (id: string) => {
  const runtime = createRuntime({ centre: id, network: 'acme', transport: hub.transport(id), clock, ids: sequentialIds(`${id}.1`) });
  const store = new ReplicaStore({ clock });
  const address = attachReplicaStore(runtime, store);
  await runtime.start();
  started.push(runtime);
  return { runtime, store, address };
};

const ids = (agents: readonly AgentSnapshot[]) => agents.map((a) => a.id).sort();

afterEach(async () => {
  for (const runtime of started.splice(0)) await runtime.stop();
});

describe('a replica store attached to a runtime', () => {
  it('gets the whole picture from retained messages when it starts late, without asking anyone', async () => {
    clock = new VirtualClock(0);
    hub = createMemoryHub({ clock });
    const london = await centre('london');
    london.announce('online');
    for (const id of ['a1', 'a2', 'a3']) london.publishAgent(agent(id, 1));
    london.publishAgent(agent('a2', 2, { state: 'busy', load: { voice: 1 }, idleSince: null }));
    london.runtime.publish(
      'replica/london/contact/c1',
      {
        type: 'contact.snapshot',
        body: {
          id: 'c1',
          owner: 'london',
          rev: 3,
          state: 'queued',
          media: 'chat',
          skillset: 'billing',
          requirements: [{ skill: 'billing', minProficiency: 2 }],
          priority: 0,
          arrivedAt: 0,
          seniority: 0,
          updatedAt: 0,
        },
      },
      { retain: true, qos: 1 },
    );
    settle();

    clock.advance(60_000);
    const published = hub.stats().published;
    const paris = await watcher('paris');
    expect(paris.address).toBe('paris/replicas/main');
    settle();

    expect(paris.store.counts()).toEqual({ agents: 3, contacts: 1, tombstones: 0 });
    expect(ids(paris.store.agents({ state: 'idle', skill: 'billing' }))).toEqual(['a1', 'a3']);
    expect(paris.store.agent('london', 'a2')).toMatchObject({ rev: 2, state: 'busy' });
    expect(paris.store.contact('c1')).toMatchObject({ owner: 'london', state: 'queued' });
    expect(paris.store.centre('london')).toMatchObject({ status: 'online', incarnation: 1, lastHeard: 60_000 });
    expect(hub.stats().published).toBe(published);
    expect(paris.runtime.stats()).toMatchObject({ published: 0, sentRemote: 0 });
    expect(paris.runtime.stats().rejected).toEqual({});
  });

  it('follows live updates, tells how stale each centre is, and drops a crashed centre’s agents from the candidates at once', async () => {
    clock = new VirtualClock(0);
    hub = createMemoryHub({ clock });
    const paris = await watcher('paris');
    const london = await centre('london');
    london.announce('online');
    london.publishAgent(agent('a1', 1));
    settle();
    expect(ids(paris.store.agents())).toEqual(['a1']);

    clock.advance(5_000);
    london.publishAgent(agent('a1', 2, { state: 'notReady', idleSince: null }));
    settle();
    expect(paris.store.agent('london', 'a1')?.state).toBe('notReady');
    clock.advance(30_000);
    expect(paris.store.staleness('london')).toBe(30_000);

    const centres: string[] = [];
    paris.store.changes$.subscribe((change) => change.kind === 'centre' && centres.push(`${change.centre} ${change.after.status}`));
    london.publishAgent(agent('a1', 3));
    settle();
    expect(ids(paris.store.agents({ state: 'idle' }))).toEqual(['a1']);
    hub.crash('london');
    settle();
    expect(centres).toEqual(['london offline']);
    expect(paris.store.agents()).toEqual([]);
    expect(ids(paris.store.agents({ includeOffline: true }))).toEqual(['a1']);
    expect(paris.store.staleness('london')).toBe(0);

    // London restarts: a new incarnation announces itself and its agents are candidates again.
    const restarted = await centre('london', 2);
    restarted.announce('online');
    settle();
    expect(paris.store.centre('london')).toMatchObject({ status: 'online', incarnation: 2 });
    expect(ids(paris.store.agents())).toEqual(['a1']);
  });

  it('shows a late joiner a crashed centre as offline when its will is an offline presence', async () => {
    clock = new VirtualClock(0);
    hub = createMemoryHub({ clock });
    const london = await centre('london', 4, 'offline');
    london.announce('online');
    london.publishAgent(agent('a1', 1));
    settle();
    hub.crash('london');
    settle();

    const madrid = await watcher('madrid');
    settle();
    expect(madrid.store.centre('london')).toMatchObject({ status: 'offline', incarnation: 4 });
    expect(madrid.store.agents()).toEqual([]);
    expect(madrid.store.counts().agents).toBe(1);
  });

  it('stops feeding the store once its endpoint is removed', async () => {
    clock = new VirtualClock(0);
    hub = createMemoryHub({ clock });
    const paris = await watcher('paris');
    const london = await centre('london');
    london.publishAgent(agent('a1', 1));
    settle();
    paris.runtime.remove(paris.address);
    london.publishAgent(agent('a1', 2, { state: 'busy' }));
    settle();
    expect(paris.store.agent('london', 'a1')?.rev).toBe(1);
  });
});
