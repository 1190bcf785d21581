import type { Runtime } from '../runtime/runtime.js';
import type { ReplicaStore } from './replica-store.js';

/** Options of {@link attachReplicaStore}. */
export interface AttachReplicaStoreOptions {
  /** The endpoint id: the store listens at `{centre}/replicas/{id}`. Default `main`. */
  readonly id?: string;
}

/**
 * Feeds a replica store from a runtime: hosts an endpoint that applies every message it gets, and
 * listens on `replica/#` and `presence/+`. Retained snapshots and presences arrive first, so a
 * centre that starts late has the whole picture without asking anyone. Returns the endpoint's
 * address; `runtime.remove(address)` detaches the store (its listens end with it).
 *
 * @example
 * ```ts
 * const store = new ReplicaStore({ clock: runtime.clock });
 * const address = attachReplicaStore(runtime, store); // 'london/replicas/main'
 * await runtime.start();
 * ```
 */
export function attachReplicaStore(runtime: Runtime, store: ReplicaStore, options: AttachReplicaStoreOptions = {}): string {
  // The runtime has decoded and checked every message against its registry: the store takes the
  // replica broadcasts, the presences and word of a cleared retained topic, and nothing else.
  const address = runtime.endpoint('replicas', options.id ?? 'main', (message) => {
    if (
      message.type === 'agent.snapshot' ||
      message.type === 'contact.snapshot' ||
      message.type === 'tombstone' ||
      message.type === 'presence' ||
      message.type === 'retained.cleared'
    )
      store.apply(message);
  });
  runtime.listen('replica/#', address);
  runtime.listen('presence/+', address);
  return address;
}
