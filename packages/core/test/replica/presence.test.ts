import { describe, expect, it } from 'vitest';
import { agent, agentSnapshot, cleared, contact, contactSnapshot, ids, presence, setup, tombstone } from './fixtures.js';

describe('ReplicaStore: presence and staleness', () => {
  it('records a centre’s presence, and when it last heard from or about it', () => {
    const { store, clock } = setup();
    store.apply(presence('london', 'online', 2, 900));
    expect(store.centre('london')).toEqual({ centre: 'london', status: 'online', incarnation: 2, since: 900, lastHeard: 1_000 });
    expect(store.isOnline('london')).toBe(true);
    clock.advance(4_000);
    expect(store.staleness('london')).toBe(4_000);
    store.apply(agentSnapshot(agent('a1')));
    expect(store.staleness('london')).toBe(0);
    clock.advance(10);
    store.apply(contactSnapshot(contact('c1', { owner: 'london' })));
    expect(store.lastHeard('london')).toBe(5_010);
    clock.advance(10);
    store.apply(tombstone({ kind: 'contact', id: 'c9', owner: 'london', rev: 1 }));
    expect(store.lastHeard('london')).toBe(5_020);
  });

  it('counts even an ignored repeat as hearing from its owner', () => {
    const { store, clock } = setup();
    store.apply(agentSnapshot(agent('a1')));
    clock.advance(700);
    expect(store.apply(agentSnapshot(agent('a1')))).toBe(false);
    expect(store.staleness('london')).toBe(0);
  });

  it('knows nothing of a centre it never heard of', () => {
    const { store } = setup();
    expect(store.centre('nowhere')).toBeUndefined();
    expect(store.staleness('nowhere')).toBeUndefined();
    expect(store.lastHeard('nowhere')).toBeUndefined();
    expect(store.isOnline('nowhere')).toBe(false);
  });

  it('lists a centre known only through its objects as unknown, and keeps its agents as candidates', () => {
    const { store } = setup();
    store.apply(agentSnapshot(agent('a1', { home: 'paris' })));
    expect(store.centre('paris')).toMatchObject({ status: 'unknown', incarnation: 0 });
    expect(store.isOnline('paris')).toBe(false);
    expect(ids(store.agents())).toEqual(['a1']);
  });

  it('stops offering the agents of a centre that announces offline at once, but keeps their records', () => {
    const { store } = setup();
    store.apply(presence('paris', 'online', 1));
    store.apply(agentSnapshot(agent('a1', { home: 'paris' })));
    store.apply(agentSnapshot(agent('a2')));
    expect(store.apply(presence('paris', 'offline', 1))).toBe(true);
    expect(ids(store.agents())).toEqual(['a2']);
    expect(ids(store.agents({ centre: 'paris' }))).toEqual([]);
    expect(ids(store.agents({ skill: 'billing' }))).toEqual(['a2']);
    expect(ids(store.agents({ includeOffline: true }))).toEqual(['a1', 'a2']);
    expect(store.agent('paris', 'a1')).toBeDefined();
    expect(store.counts().agents).toBe(2);
  });

  it('takes a cleared presence topic (a last will) as offline', () => {
    const { store, clock } = setup();
    store.apply(presence('paris', 'online', 1));
    store.apply(agentSnapshot(agent('a1', { home: 'paris' })));
    clock.advance(50);
    expect(store.apply(cleared('presence/paris'))).toBe(true);
    expect(store.centre('paris')).toMatchObject({ status: 'offline', incarnation: 1, since: 1_050, lastHeard: 1_050 });
    expect(store.agents()).toEqual([]);
    expect(store.apply(cleared('presence/paris'))).toBe(false);
  });

  it('brings a centre back online with a presence of the same or a later incarnation', () => {
    const { store } = setup();
    store.apply(agentSnapshot(agent('a1', { home: 'paris' })));
    store.apply(presence('paris', 'offline', 3));
    expect(store.apply(presence('paris', 'online', 3))).toBe(true);
    expect(ids(store.agents())).toEqual(['a1']);
    store.apply(cleared('presence/paris'));
    expect(store.apply(presence('paris', 'online', 4))).toBe(true);
    expect(store.centre('paris')).toMatchObject({ status: 'online', incarnation: 4 });
  });

  it('ignores a presence from an earlier incarnation, such as the late will of a previous life', () => {
    const { store } = setup();
    store.apply(presence('paris', 'online', 5));
    expect(store.apply(presence('paris', 'offline', 4))).toBe(false);
    expect(store.isOnline('paris')).toBe(true);
    expect(store.apply(presence('paris', 'online', 5))).toBe(false);
  });

  it('takes an offline presence (a will, written when the centre connected) as offline since it arrived, not since the life it ends began', () => {
    const { store, clock } = setup();
    store.apply(presence('paris', 'online', 1, 1_000));
    clock.advance(60_000);
    expect(store.apply(presence('paris', 'offline', 1, 1_000))).toBe(true);
    expect(store.centre('paris')).toMatchObject({ status: 'offline', incarnation: 1, since: 61_000, lastHeard: 61_000 });
  });

  it('reports presence changes on changes$ with the centre before and after', () => {
    const { store, changes, clock } = setup();
    store.apply(agentSnapshot(agent('a1', { home: 'paris' })));
    store.apply(presence('paris', 'online', 1, 1_000));
    clock.advance(5);
    store.apply(cleared('presence/paris'));
    store.apply(presence('madrid', 'online', 0, 1_000));
    const unknown = { centre: 'paris', status: 'unknown', incarnation: 0, since: 1_000, lastHeard: 1_000 };
    const online = { centre: 'paris', status: 'online', incarnation: 1, since: 1_000, lastHeard: 1_000 };
    expect(changes.filter((c) => c.kind === 'centre')).toEqual([
      { kind: 'centre', centre: 'paris', after: unknown },
      { kind: 'centre', centre: 'paris', before: unknown, after: online },
      { kind: 'centre', centre: 'paris', before: online, after: { ...online, status: 'offline', since: 1_005, lastHeard: 1_005 } },
      { kind: 'centre', centre: 'madrid', after: { centre: 'madrid', status: 'online', incarnation: 0, since: 1_000, lastHeard: 1_005 } },
    ]);
  });

  it('lists every centre it has heard of', () => {
    const { store } = setup();
    store.apply(presence('london', 'online', 1));
    store.apply(contactSnapshot(contact('c1', { owner: 'paris' })));
    store.apply(cleared('presence/madrid'));
    expect(store.centres().map((c) => [c.centre, c.status])).toEqual([
      ['london', 'online'],
      ['paris', 'unknown'],
      ['madrid', 'offline'],
    ]);
  });

  it('ignores a cleared topic that names no centre', () => {
    const { store } = setup();
    expect(store.apply(cleared('auction/c1'))).toBe(false);
    expect(store.apply(cleared('presence'))).toBe(false);
    expect(store.centres()).toEqual([]);
  });
});
