import * as t from 'io-ts';
import { boundedArray, int, oneOf } from '../codecs.js';
import { Fence, Language, Media, ObjectId, Rev, Timestamp } from '../primitives.js';
import { Requirement } from './snapshots.js';

/**
 * `reserve.request` — ask an agent's owner for a lease on the agent for one contact (DESIGN.md §4).
 * The chooser's replica may be stale, so it says what the contact needs and the owner checks it
 * against the agent as it is now.
 */
export const ReserveRequestBody = t.intersection([
  t.type({ requestId: ObjectId, agent: ObjectId, contact: ObjectId, leaseMs: int(1, 600_000) }),
  t.partial({ media: Media, requirements: boundedArray(Requirement, 16), language: Language }),
]);

/**
 * `reserve.granted` — the lease is yours until `expiresAt`; only an assignment carrying `fence` is
 * honoured. `rev` is the agent's change number as the lease starts: a lease the network is not
 * shown moves no rev, so a snapshot of the agent newer than `rev` that does not show it reserved
 * means the lease is used or gone.
 */
export const ReserveGrantedBody = t.intersection([
  t.type({
    requestId: ObjectId,
    agent: ObjectId,
    leaseId: ObjectId,
    fence: Fence,
    expiresAt: Timestamp,
  }),
  t.partial({ rev: Rev }),
]);

/** Why the owner refused a reservation. */
export const DenialReason = oneOf(['notIdle', 'leased', 'unknownAgent', 'noCapacity', 'notEligible', 'offline', 'alreadyAssigned']);

/** `reserve.denied` — no lease; try the next candidate. */
export const ReserveDeniedBody = t.type({ requestId: ObjectId, agent: ObjectId, reason: DenialReason });

/** `reserve.release` — give a lease back before it expires (an unused lease also expires by itself). */
export const ReserveReleaseBody = t.type({ agent: ObjectId, leaseId: ObjectId, fence: Fence });
