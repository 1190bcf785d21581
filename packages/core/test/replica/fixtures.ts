import { VirtualClock } from '../../src/clock/index.js';
import type { AgentSnapshot, ContactSnapshot, TombstoneBody } from '../../src/protocol/index.js';
import { type ReplicaChange, type ReplicaInput, ReplicaStore } from '../../src/replica/index.js';

// The same snapshots as the routing tests use: an idle London agent with billing 5 and a queued
// billing voice call, both at rev 1.
export { agent, contact } from '../routing/fixtures.js';

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
