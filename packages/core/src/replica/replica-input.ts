import type { PresenceBody } from '../protocol/messages/presence.js';
import type { AgentSnapshot, ContactSnapshot, TombstoneBody } from '../protocol/messages/snapshots.js';

/**
 * What a replica store takes: the decoded broadcasts a runtime hands an endpoint listening on
 * `replica/#` and `presence/+`. Extra fields of the envelope (`id`, `from`, `ts`, `at`, …) are
 * welcome and ignored. `retained.cleared` carries the network-relative topic that was cleared.
 */
export type ReplicaInput =
  | { readonly type: 'agent.snapshot'; readonly body: AgentSnapshot }
  | { readonly type: 'contact.snapshot'; readonly body: ContactSnapshot }
  | { readonly type: 'tombstone'; readonly body: TombstoneBody }
  | { readonly type: 'presence'; readonly body: PresenceBody }
  | { readonly type: 'retained.cleared'; readonly topic: string };
