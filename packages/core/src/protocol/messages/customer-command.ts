import * as t from 'io-ts';
import { boundedArray, boundedRecord, boundedString, finite, int, oneOf, pattern } from '../codecs.js';
import { Address, Media, MessageId, Rev, SkillName, Text, Timestamp, TokenHash } from '../primitives.js';
import { ContactState } from './snapshots.js';

const PhoneNumber = pattern(/^\+?[0-9 ()-]{3,32}$/, 'a phone number such as "+44 20 7946 0000"');
const EmailAddress = pattern(/^[^\s@]{1,64}@[^\s@]{1,255}$/, 'an e-mail address');
const FieldName = pattern(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'a form field name');

/** The commands a customer can give their own contact (status-page claims 5, 6, 30, 31, 35–38). */
export const CustomerCommand = t.union([
  t.type({ kind: t.literal('switchQueue'), skillset: SkillName }),
  t.intersection([
    t.type({ kind: t.literal('requestCallback'), number: PhoneNumber }),
    t.partial({ window: t.type({ from: Timestamp, to: Timestamp }) }),
  ]),
  t.type({ kind: t.literal('switchToEmail'), address: EmailAddress, text: boundedString(10_000) }),
  t.type({ kind: t.literal('switchToWebForm'), fields: boundedRecord(FieldName, boundedString(2_000), 32) }),
  t.type({ kind: t.literal('cancel') }),
]);
export type CustomerCommand = t.TypeOf<typeof CustomerCommand>;

/** `command.request` — a customer command for the contact whose status token hashes to `tokenHash`. */
export const CommandRequestBody = t.type({ commandId: MessageId, tokenHash: TokenHash, command: CustomerCommand });

/** `command.result` — the owner accepted the command, or rejected it with a reason. Repeats of a command id get the first answer. */
export const CommandResultBody = t.intersection([
  t.type({ commandId: MessageId, accepted: t.boolean }),
  t.partial({ reason: Text, retry: t.literal(true) }),
]);

const CommandKind = oneOf(['switchQueue', 'requestCallback', 'switchToEmail', 'switchToWebForm', 'cancel']);

/** What a customer may see of their own contact (status-page claims 4, 28), as it travels to gateways. */
export const CustomerStatusBody = t.intersection([
  t.type({
    state: ContactState,
    media: Media,
    skillset: SkillName,
    allowedCommands: boundedArray(CommandKind, 5),
    otherQueues: boundedArray(SkillName, 256),
    updatedAt: Timestamp,
  }),
  t.partial({
    position: int(1, 1_000_000),
    expectedWait: t.type({ seconds: finite(0, 1e7), low: finite(0, 1e7), high: finite(0, 1e7), method: boundedString(64) }),
    agent: Text,
    substitute: boundedString(32),
  }),
]);

/**
 * `status.update` — the status of the contact whose token hashes to `tokenHash`, published
 * retained by the contact's owner on `status/{tokenHash}` after every change a customer would see.
 * `contact` is where commands go now (it changes when the contact moves); `rev` orders the updates
 * of one contact across owners: a gateway keeps the newest.
 */
export const StatusUpdateBody = t.type({ tokenHash: TokenHash, contact: Address, rev: Rev, status: CustomerStatusBody });
