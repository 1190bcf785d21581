import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/index.js';
import { ReplicaStore } from '../../src/replica/index.js';
import { agent, agentSnapshot, cleared, contact, contactSnapshot, setup, tombstone } from './fixtures.js';

const recordChanges = (changes: readonly { kind: string }[]) => changes.filter((c) => c.kind !== 'centre');

describe('ReplicaStore: agents, one writer each', () => {
  it('keys agents by home and id, so two centres may both have an agent a1', () => {
    const { store } = setup();
    expect(store.apply(agentSnapshot(agent('a1')))).toBe(true);
    expect(store.apply(agentSnapshot(agent('a1', { home: 'paris' })))).toBe(true);
    expect(store.agent('london', 'a1')?.home).toBe('london');
    expect(store.agent('paris', 'a1')?.home).toBe('paris');
    expect(store.counts()).toEqual({ agents: 2, contacts: 0, tombstones: 0 });
  });

  it('applies a snapshot only when its rev is higher than the one held, so repeats and late ones change nothing', () => {
    const { store } = setup();
    store.apply(agentSnapshot(agent('a1', { rev: 2, state: 'busy' })));
    expect(store.apply(agentSnapshot(agent('a1', { rev: 2, state: 'idle' })))).toBe(false);
    expect(store.apply(agentSnapshot(agent('a1', { rev: 1, state: 'notReady' })))).toBe(false);
    expect(store.agent('london', 'a1')?.state).toBe('busy');
    expect(store.apply(agentSnapshot(agent('a1', { rev: 3, state: 'wrapUp' })))).toBe(true);
    expect(store.agent('london', 'a1')?.state).toBe('wrapUp');
  });

  it('keeps the snapshot it was given (compacted: equal fields and values), not the message around it', () => {
    const { store } = setup();
    const snapshot = agent('a1');
    store.apply({ ...agentSnapshot(snapshot), id: 'm1', from: 'london/agent/a1', at: 5 } as never);
    expect(store.agent('london', 'a1')).toStrictEqual(snapshot);
  });

  it('keeps logged-out agents as records', () => {
    const { store } = setup();
    store.apply(agentSnapshot(agent('a1', { state: 'loggedOut' })));
    expect(store.agent('london', 'a1')?.state).toBe('loggedOut');
    expect(store.counts().agents).toBe(1);
  });

  it('removes an agent for a tombstone whose rev is at least the one held, and refuses older snapshots after it', () => {
    const { store } = setup();
    store.apply(agentSnapshot(agent('a1', { rev: 4 })));
    expect(store.apply(tombstone({ kind: 'agent', id: 'a1', owner: 'london', rev: 3 }))).toBe(false);
    expect(store.agent('london', 'a1')).toBeDefined();
    expect(store.apply(tombstone({ kind: 'agent', id: 'a1', owner: 'london', rev: 4 }))).toBe(true);
    expect(store.agent('london', 'a1')).toBeUndefined();
    expect(store.tombstone('agent', 'london/a1')).toEqual({ kind: 'agent', id: 'a1', owner: 'london', rev: 4 });
    expect(store.apply(agentSnapshot(agent('a1', { rev: 4 })))).toBe(false);
    expect(store.apply(agentSnapshot(agent('a1', { rev: 5 })))).toBe(true);
    expect(store.tombstone('agent', 'london/a1')).toBeUndefined();
  });

  it('remembers a tombstone for an object it never held, so its late snapshot stays out', () => {
    const { store } = setup();
    expect(store.apply(tombstone({ kind: 'agent', id: 'a1', owner: 'london', rev: 7 }))).toBe(true);
    expect(store.apply(agentSnapshot(agent('a1', { rev: 6 })))).toBe(false);
    expect(store.apply(tombstone({ kind: 'agent', id: 'a1', owner: 'london', rev: 7 }))).toBe(false);
    expect(store.apply(tombstone({ kind: 'agent', id: 'a1', owner: 'london', rev: 5 }))).toBe(false);
    expect(store.counts()).toEqual({ agents: 0, contacts: 0, tombstones: 1 });
  });
});

describe('ReplicaStore: contacts, which keep their id across owners', () => {
  it('keys a contact by its id alone, so the new owner’s snapshot replaces the old owner’s', () => {
    const { store } = setup();
    store.apply(contactSnapshot(contact('c1', { rev: 3 })));
    expect(store.apply(contactSnapshot(contact('c1', { rev: 5, owner: 'paris' })))).toBe(true);
    expect(store.contact('c1')?.owner).toBe('paris');
    expect(store.contacts({ owner: 'london' })).toEqual([]);
    expect(store.counts().contacts).toBe(1);
  });

  it.each(['ended', 'abandoned', 'expired', 'substituted'] as const)(
    'removes a contact whose snapshot says %s, and leaves a tombstone',
    (state) => {
      const { store } = setup();
      store.apply(contactSnapshot(contact('c1', { rev: 2 })));
      expect(store.apply(contactSnapshot(contact('c1', { rev: 3, state })))).toBe(true);
      expect(store.contact('c1')).toBeUndefined();
      expect(store.tombstone('contact', 'c1')).toEqual({ kind: 'contact', id: 'c1', owner: 'london', rev: 3, state });
      expect(store.apply(contactSnapshot(contact('c1', { rev: 2 })))).toBe(false);
      expect(store.contact('c1')).toBeUndefined();
    },
  );

  it('follows a forwarded contact to its new owner when the forwarded snapshot comes first', () => {
    const { store } = setup();
    store.apply(contactSnapshot(contact('c1', { rev: 4 })));
    store.apply(contactSnapshot(contact('c1', { rev: 5, state: 'forwarded' })));
    expect(store.contact('c1')).toBeUndefined();
    expect(store.tombstone('contact', 'c1')).toMatchObject({ owner: 'london', rev: 5, state: 'forwarded' });
    expect(store.apply(contactSnapshot(contact('c1', { rev: 6, owner: 'paris' })))).toBe(true);
    expect(store.contact('c1')?.owner).toBe('paris');
    expect(store.tombstone('contact', 'c1')).toBeUndefined();
  });

  it('follows a forwarded contact to its new owner when the new owner’s snapshot comes first', () => {
    const { store } = setup();
    store.apply(contactSnapshot(contact('c1', { rev: 4 })));
    store.apply(contactSnapshot(contact('c1', { rev: 6, owner: 'paris' })));
    expect(store.apply(contactSnapshot(contact('c1', { rev: 5, state: 'forwarded' })))).toBe(false);
    expect(store.contact('c1')?.owner).toBe('paris');
  });

  it('keeps the winner of two copies when the copy that gave way ended at the same rev, in either order', () => {
    // London's copy yielded to Paris's (reconciled by rev) and published its forwarded end at Paris's rev.
    const first = setup().store;
    first.apply(contactSnapshot(contact('c1', { rev: 7, state: 'forwarded' })));
    first.apply(contactSnapshot(contact('c1', { rev: 7, owner: 'paris', state: 'offered' })));
    expect(first.contact('c1')?.owner).toBe('paris');
    const second = setup().store;
    second.apply(contactSnapshot(contact('c1', { rev: 7, owner: 'paris', state: 'offered' })));
    second.apply(contactSnapshot(contact('c1', { rev: 7, state: 'forwarded' })));
    expect(second.contact('c1')?.owner).toBe('paris');
    // Not for a copy of the same owner, nor for an end that was not a move.
    const third = setup().store;
    third.apply(contactSnapshot(contact('c1', { rev: 7, state: 'abandoned' })));
    third.apply(contactSnapshot(contact('c1', { rev: 7, owner: 'paris' })));
    expect(third.contact('c1')).toBeUndefined();
  });

  it('tells where a handed-over contact went from its tombstone, until the new owner’s snapshot arrives', () => {
    const { store } = setup();
    store.apply(contactSnapshot(contact('c1', { rev: 4 })));
    store.apply(tombstone({ kind: 'contact', id: 'c1', owner: 'london', rev: 5, movedTo: 'paris' }));
    expect(store.tombstone('contact', 'c1')).toEqual({ kind: 'contact', id: 'c1', owner: 'london', rev: 5, movedTo: 'paris' });
    store.apply(contactSnapshot(contact('c1', { rev: 6, owner: 'paris' })));
    expect(store.contact('c1')?.owner).toBe('paris');
  });

  it('adds the new owner to a tombstone of the same rev left by a forwarded snapshot', () => {
    const { store } = setup();
    store.apply(contactSnapshot(contact('c1', { rev: 5, state: 'forwarded' })));
    expect(store.apply(tombstone({ kind: 'contact', id: 'c1', owner: 'london', rev: 5, movedTo: 'paris' }))).toBe(true);
    expect(store.tombstone('contact', 'c1')).toEqual({
      kind: 'contact',
      id: 'c1',
      owner: 'london',
      rev: 5,
      movedTo: 'paris',
      state: 'forwarded',
    });
    expect(store.apply(tombstone({ kind: 'contact', id: 'c1', owner: 'london', rev: 5, movedTo: 'paris' }))).toBe(false);
  });

  it('lets a tombstone win over a snapshot of the same rev, in either order', () => {
    for (const order of [0, 1]) {
      const { store } = setup();
      const messages = [contactSnapshot(contact('c1', { rev: 3 })), tombstone({ kind: 'contact', id: 'c1', owner: 'london', rev: 3 })];
      for (const message of order === 0 ? messages : messages.reverse()) store.apply(message);
      expect(store.contact('c1')).toBeUndefined();
    }
  });

  it('treats a cleared replica topic as word from its owner, and nothing more', () => {
    const { store, clock } = setup();
    store.apply(contactSnapshot(contact('c1')));
    clock.advance(500);
    expect(store.apply(cleared('replica/london/contact/c1'))).toBe(false);
    expect(store.contact('c1')).toBeDefined();
    expect(store.lastHeard('london')).toBe(1_500);
  });
});

describe('ReplicaStore: tombstones are bounded', () => {
  it('forgets the oldest tombstone first once maxTombstones are held', () => {
    const { store } = setup(2);
    for (const id of ['c1', 'c2', 'c3']) store.apply(contactSnapshot(contact(id, { state: 'ended' })));
    expect(store.counts().tombstones).toBe(2);
    expect(store.tombstone('contact', 'c1')).toBeUndefined();
    expect(store.tombstone('contact', 'c3')).toBeDefined();
  });

  it('counts a replaced tombstone as young again', () => {
    const { store } = setup(2);
    store.apply(tombstone({ kind: 'contact', id: 'c1', owner: 'london', rev: 1 }));
    store.apply(tombstone({ kind: 'contact', id: 'c2', owner: 'london', rev: 1 }));
    store.apply(tombstone({ kind: 'contact', id: 'c1', owner: 'london', rev: 2 }));
    store.apply(tombstone({ kind: 'agent', id: 'a1', owner: 'london', rev: 1 }));
    expect(store.tombstone('contact', 'c2')).toBeUndefined();
    expect(store.tombstone('contact', 'c1')?.rev).toBe(2);
    expect(store.tombstone('agent', 'london/a1')).toBeDefined();
  });

  it('refuses a maxTombstones that is not a non-negative integer', () => {
    for (const maxTombstones of [-1, 1.5, Number.NaN]) {
      expect(() => setup(maxTombstones)).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_OPTION }));
    }
    expect(() => setup(0)).not.toThrow();
  });

  it('keeps no tombstone at all with maxTombstones 0', () => {
    const { store } = setup(0);
    store.apply(contactSnapshot(contact('c1', { state: 'ended' })));
    expect(store.counts().tombstones).toBe(0);
  });
});

describe('ReplicaStore: changes$', () => {
  it('reports each applied record change with before, after and cause, and nothing for ignored messages', () => {
    const { store, changes } = setup();
    const first = agent('a1');
    const second = agent('a1', { rev: 2, state: 'busy' });
    store.apply(agentSnapshot(first));
    store.apply(agentSnapshot(first));
    store.apply(agentSnapshot(second));
    store.apply(tombstone({ kind: 'agent', id: 'a1', owner: 'london', rev: 2 }));
    const live = contact('c1');
    store.apply(contactSnapshot(live));
    store.apply(contactSnapshot(contact('c1', { rev: 2, state: 'ended' })));
    expect(recordChanges(changes)).toEqual([
      { kind: 'agent', key: 'london/a1', before: undefined, after: first, cause: 'snapshot' },
      { kind: 'agent', key: 'london/a1', before: first, after: second, cause: 'snapshot' },
      { kind: 'agent', key: 'london/a1', before: second, after: undefined, cause: 'tombstone' },
      { kind: 'contact', key: 'c1', before: undefined, after: live, cause: 'snapshot' },
      { kind: 'contact', key: 'c1', before: live, after: undefined, cause: 'snapshot' },
    ]);
  });

  it('ends the stream on complete() and still applies messages afterwards', () => {
    const { store } = setup();
    let completed = false;
    store.changes$.subscribe({ complete: () => (completed = true) });
    store.complete();
    expect(completed).toBe(true);
    expect(store.apply(agentSnapshot(agent('a1')))).toBe(true);
    expect(store.agent('london', 'a1')).toBeDefined();
  });

  it('ignores message types that are not its own', () => {
    const store = new ReplicaStore({ clock: { now: () => 0, setTimer: () => ({}) as never, clearTimer: () => {} } });
    expect(store.apply({ type: 'reserve.request', body: {} } as never)).toBe(false);
    expect(store.counts()).toEqual({ agents: 0, contacts: 0, tombstones: 0 });
  });
});
