import * as t from 'io-ts';
import { int, oneOf } from '../codecs.js';
import { CentreId, Text, Timestamp } from '../primitives.js';

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
  t.partial({ name: Text }),
]);
export type PresenceBody = t.TypeOf<typeof PresenceBody>;
