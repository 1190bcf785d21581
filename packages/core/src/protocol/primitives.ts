import * as t from 'io-ts';
import { boundedString, finite, int, oneOf, pattern } from './codecs.js';

/** The protocol version this build speaks, and every version it can decode. */
export const PROTOCOL_VERSION = 1;
export const SUPPORTED_VERSIONS: readonly number[] = [1];

/** A centre (or network) id: lower-case letters, digits and `-`, 1–63 characters, e.g. `new-york`. */
export const CentreId = pattern(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a centre id (a-z, 0-9, -; at most 63 characters)');

/** An actor kind in an address: `contact`, `agent`, `auction`, `bidder`, `router`, `session`, … */
export const ActorKind = pattern(/^[a-z][a-z-]{0,31}$/, 'an actor kind (a-z and -; at most 32 characters)');

/** An object id (contact, agent, lease, …): letters, digits and `._:-`, 1–128 characters; never `/`, `+` or `#`. */
export const ObjectId = pattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'an id (letters, digits, ._:-; at most 128 characters)');

/** An actor address, `{centre}/{kind}/{id}`, e.g. `london/contact/c-17`. */
export const Address = pattern(
  /^[a-z0-9][a-z0-9-]{0,62}\/[a-z][a-z-]{0,31}\/[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
  'an address {centre}/{kind}/{id}',
);

/** A message id: unique per sender, used to drop duplicates. */
export const MessageId = pattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'a message id (letters, digits, ._:-; at most 128 characters)');

/** A message type, e.g. `agent.snapshot`. */
export const MessageType = pattern(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/, 'a message type such as "agent.snapshot"');

/** Milliseconds since the Unix epoch (virtual clocks may start at 0). */
export const Timestamp = finite(0, 8.64e15);

/** A version number of a replicated object; increases by one per change. */
export const Rev = int(0, Number.MAX_SAFE_INTEGER);

/** A fencing token: increases with every lease an agent's owner grants. */
export const Fence = int(0, Number.MAX_SAFE_INTEGER);

/** A skill or skillset name, e.g. `billing`. */
export const SkillName = pattern(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a skill name (a-z, 0-9, _ -; at most 64 characters)');

/** Skill proficiency, 1 (lowest) to 10 (highest). */
export const Proficiency = int(1, 10);

/** A language tag, e.g. `en`, `fr-CA`. */
export const Language = pattern(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a language tag such as "en" or "fr-CA"');

/** The kinds of contact a centre handles. */
export const Media = oneOf(['voice', 'chat', 'email', 'video', 'sms', 'webform']);

/** A value per media type, any subset of them, e.g. capacity `{ voice: 1, chat: 3 }`. */
export const perMedia = <C extends t.Mixed>(value: C) =>
  t.partial({ voice: value, chat: value, email: value, video: value, sms: value, webform: value }, 'an object keyed by media type');

/** A short human-readable text: display names, reasons. */
export const Text = boundedString(256);

/** Hex SHA-256 of a status token: what status topics and messages carry instead of the token. */
export const TokenHash = pattern(/^[0-9a-f]{64}$/, 'a 64-character lower-case hex SHA-256');

/** An Ed25519 signature of a message (the envelope's optional `sig`): 64 bytes as 86 base64url characters. */
export const Signature = pattern(/^[A-Za-z0-9_-]{85}[AQgw]$/, 'an Ed25519 signature: 64 bytes as 86 base64url characters');

export type CentreId = t.TypeOf<typeof CentreId>;
export type Address = t.TypeOf<typeof Address>;
export type MessageId = t.TypeOf<typeof MessageId>;
export type Media = t.TypeOf<typeof Media>;
