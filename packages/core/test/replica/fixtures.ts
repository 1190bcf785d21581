import { VirtualClock } from '../../src/clock/index.js';
import type { AgentSnapshot, ContactSnapshot, TombstoneBody } from '../../src/protocol/index.js';
import { type ReplicaChange, type ReplicaInput, ReplicaStore } from '../../src/replica/index.js';

/** An idle London agent with billing 5, at rev 1; override what a test is about. */
export const agent = (id: string, overrides: Partial<AgentSnapshot> = {}): AgentSnapshot => ({
  id,
  home: 'london',
  rev: 1,
  state: 'idle',
  displayName: id,
  skills: { billing: 5 },
  capacity: { voice: 1, chat: 3 },
  load: {},
  idleSince: 100,
  updatedAt: 100,
  ...overrides,
});

/** A queued billing voice call owned by London, at rev 1; override what a test is about. */
export const contact = (id: string, overrides: Partial<ContactSnapshot> = {}): ContactSnapshot => ({
  id,
  owner: 'london',
  rev: 1,
  state: 'queued',
  media: 'voice',
  skillset: 'billing',
  requirements: [{ skill: 'billing', minProficiency: 3 }],
  priority: 0,
  arrivedAt: 1_000,
  seniority: 1_000,
  updatedAt: 1_000,
  ...overrides,
});

export const agentSnapshot = (body: AgentSnapshot): ReplicaInput => ({ type: 'agent.snapshot', body });
export const contactSnapshot = (body: ContactSnapshot): ReplicaInput => ({ type: 'contact.snapshot', body });
export const tombstone = (body: TombstoneBody): ReplicaInput => ({ type: 'tombstone', body });
export const presence = (centre: string, status: 'online' | 'offline', incarnation: number, since = 0): ReplicaInput => ({
  type: 'presence',
  body: { centre, status, incarnation, since },
});
export const cleared = (topic: string): ReplicaInput => ({ type: 'retained.cleared', topic });

/** A store on a virtual clock at 1,000, with every change it reports. */
export function setup(maxTombstones?: number) {
  const clock = new VirtualClock(1_000);
  const store = new ReplicaStore({ clock, ...(maxTombstones === undefined ? {} : { maxTombstones }) });
  const changes: ReplicaChange[] = [];
  store.changes$.subscribe((change) => changes.push(change));
  return { clock, store, changes };
}

/** Ids of snapshots, sorted, for comparing query answers as sets. */
export const ids = (records: readonly { readonly id: string }[]): string[] => records.map((r) => r.id).sort();
