import * as t from 'io-ts';
import { boundedArray } from '../codecs.js';
import { Address, ObjectId, Rev, Text } from '../primitives.js';
import { DenialReason } from './reservation.js';
import { Requirement } from './snapshots.js';

/**
 * `route.assign` — the router chose an agent for a contact; the contact reserves it and offers
 * itself. `requirements` are the ones the router applied (after skill relaxation), so the agent's
 * owner checks the agent against the same rule; `rev` is the contact's version the router chose for
 * (a contact that changed since, say by switching queue, refuses with `route.failed` reason `stale`).
 */
export const RouteAssignBody = t.intersection([
  t.type({ contact: ObjectId, agent: Address }),
  t.partial({ requirements: boundedArray(Requirement, 16), rev: Rev }),
]);

/**
 * `route.failed` — the chosen agent could not be had (denied, missed, lost), or the contact could
 * not take the assignment (`stale`, `busy`); `rev` is the contact's version when it said so. The
 * router that made the assignment tries the next candidate.
 */
export const RouteFailedBody = t.intersection([
  t.type({ contact: ObjectId, agent: Address }),
  t.partial({ reason: t.union([DenialReason, Text]), rev: Rev }),
]);
