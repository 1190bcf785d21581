import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import type { CentreChange } from './centre-table.js';

/**
 * One applied change of a replica store. For a record: `before` is what it held (undefined when the
 * object is new), `after` what it holds now (undefined when the object is gone), and `cause` the
 * kind of message that made the change (a terminal contact snapshot is a `snapshot`).
 */
export type ReplicaChange =
  | {
      readonly kind: 'agent';
      /** `{home}/{id}` */
      readonly key: string;
      readonly before: AgentSnapshot | undefined;
      readonly after: AgentSnapshot | undefined;
      readonly cause: 'snapshot' | 'tombstone';
    }
  | {
      readonly kind: 'contact';
      /** The contact id. */
      readonly key: string;
      readonly before: ContactSnapshot | undefined;
      readonly after: ContactSnapshot | undefined;
      readonly cause: 'snapshot' | 'tombstone';
    }
  | CentreChange;
