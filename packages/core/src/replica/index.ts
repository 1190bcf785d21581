// Replicas of every agent and contact of the network, kept by each centre (DESIGN.md §4).

export { attachReplicaStore } from './attach.js';
export type { AttachReplicaStoreOptions } from './attach.js';
export type { CentreChange, CentreInfo } from './centre-table.js';
export type { AgentQuery, ContactQuery } from './queries.js';
export type { ReplicaChange } from './replica-change.js';
export type { ReplicaInput } from './replica-input.js';
export { ReplicaStore } from './replica-store.js';
export type { ReplicaStoreOptions } from './replica-store.js';
export type { Tombstone } from './tombstones.js';
