import * as t from 'io-ts';
import { Address, ObjectId, Text } from '../primitives.js';
import { DenialReason } from './reservation.js';

/** `route.assign` — the router chose an agent for a contact; the contact reserves it and offers itself. */
export const RouteAssignBody = t.type({ contact: ObjectId, agent: Address });

/** `route.failed` — the chosen agent could not be had (denied, missed, lost); the router tries the next one. */
export const RouteFailedBody = t.intersection([
  t.type({ contact: ObjectId, agent: Address }),
  t.partial({ reason: t.union([DenialReason, Text]) }),
]);
