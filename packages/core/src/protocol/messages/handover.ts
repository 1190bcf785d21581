import * as t from 'io-ts';
import { boundedRecord, int, oneOf } from '../codecs.js';
import { Fence, MessageId, ObjectId, Rev, Text } from '../primitives.js';
import { ContactSnapshot } from './snapshots.js';

/**
 * `handover.request` — the owner offers a contact to a new owner. The old owner keeps it until the
 * new owner acknowledges; the new owner treats a repeated request (same contact id and rev) as one.
 */
export const HandoverRequestBody = t.intersection([
  t.type({ handoverId: ObjectId, contact: ContactSnapshot }),
  t.partial({
    agent: ObjectId,
    leaseId: ObjectId,
    fence: Fence,
    /** Reservations tried so far, so request ids stay unique at the new owner. */
    attempts: int(0, 1_000_000),
    /** The old owner's incarnation: a request from an earlier life of it (delivered late) is refused. */
    incarnation: int(0, Number.MAX_SAFE_INTEGER),
    /** Answers the contact gave to customer commands: a repeat at the new owner gets the same answer. */
    commands: boundedRecord(MessageId, t.intersection([t.type({ accepted: t.boolean }), t.partial({ reason: Text })]), 256),
  }),
]);

/** `handover.ack` — the new owner took the contact (`accepted`) or would not (`refused`, with a reason). */
export const HandoverAckBody = t.intersection([
  t.type({ handoverId: ObjectId, contact: ObjectId, rev: Rev, result: oneOf(['accepted', 'refused']) }),
  t.partial({ reason: Text }),
]);

/**
 * `contact.abandoned` — the customer hung up at the old owner while the contact was being handed
 * over; the new owner's copy ends as abandoned (the call never reached its ACD).
 */
export const ContactAbandonedBody = t.type({ contact: ObjectId });
