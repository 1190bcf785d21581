import * as t from 'io-ts';
import { boundedRecord, int, oneOf } from '../codecs.js';
import { CentreId, SkillName, Text, Timestamp } from '../primitives.js';

/**
 * `presence` — a centre announces itself, retained, on `presence/{centre}`; its last will is the
 * same message with `status: 'offline'`. `incarnation` grows with every restart, so a peer can
 * tell a restarted centre from a late message of its previous life.
 */
export const PresenceBody = t.intersection([
  t.type({
    centre: CentreId,
    status: oneOf(['online', 'offline']),
    incarnation: int(0, Number.MAX_SAFE_INTEGER),
    since: Timestamp,
  }),
  t.partial({
    name: Text,
    /** The centre's routing mode: `local` centres lend no agents and take no contacts from the network. */
    mode: oneOf(['local', 'network', 'overflow']),
    /** Queues (skillsets) whose mode differs from the centre's. */
    queues: boundedRecord(SkillName, oneOf(['local', 'network', 'overflow']), 256),
    /** How often the centre publishes its presence again, ms (its sign of life); absent: it does not. */
    heartbeatMs: int(100, 3_600_000),
    /** How many times this life's connection came back: a peer that hears it grow asks the centre about its contacts again (`replicas.check`). */
    reconnects: int(0, Number.MAX_SAFE_INTEGER),
    /** Offline because the centre stopped cleanly (`stop()`), not its will: the leases its contacts held on other centres' agents end now. */
    stopped: t.literal(true),
  }),
]);
export type PresenceBody = t.TypeOf<typeof PresenceBody>;
