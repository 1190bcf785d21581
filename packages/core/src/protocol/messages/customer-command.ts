import * as t from 'io-ts';
import { boundedRecord, boundedString, pattern } from '../codecs.js';
import { MessageId, SkillName, Text, Timestamp, TokenHash } from '../primitives.js';

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
