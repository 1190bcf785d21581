/**
 * The wire format: envelope, message codecs, decode/encode, topics.
 *
 * @module @contactmesh/core/protocol
 */

// Envelope, registry, messages
export { coreMessages, defineMessages } from './registry.js';
export type { BodyCodecs, BodyOf, CoreBodies, CoreMessage, Envelope, MessageOf, MessageRegistry } from './registry.js';
export { EnvelopeCodec } from './envelope.js';

// Decoding untrusted input, encoding our own
export { decode } from './decode.js';
export type { DecodeOptions } from './decode.js';
export { encode } from './encode.js';
export { checkJsonDepth, jsonDepth } from './json-depth.js';

// Addresses, ids, topics
export { address, parseAddress } from './address.js';
export type { AddressParts } from './address.js';
export { randomIds, sequentialIds } from './message-ids.js';
export type { IdSource } from './message-ids.js';
export { networkTopics } from './topics.js';
export type { NetworkTopics } from './topics.js';
export { filterWithin, ParticipantRole, roleName, topicGrants } from './participant-roles.js';
export type { TopicGrants } from './participant-roles.js';
export { topicChannel } from './channels.js';
export type { Channel, TopicChannel } from './channels.js';
export { messageSenders, roleRefusal } from './message-senders.js';
export type { Senders } from './message-senders.js';

// Codecs, for embedders who define messages of their own
export { boundedArray, boundedRecord, boundedString, closedType, finite, int, oneOf, pattern, refine } from './codecs.js';
export { invalidMessage } from './validation-error.js';
export {
  ActorKind,
  Address,
  CentreId,
  Fence,
  Language,
  Media,
  MessageId,
  MessageType,
  ObjectId,
  PROTOCOL_VERSION,
  Proficiency,
  Rev,
  Signature,
  SkillName,
  SUPPORTED_VERSIONS,
  Text,
  Timestamp,
  TokenHash,
} from './primitives.js';
export { PresenceBody } from './messages/presence.js';
export { AgentSnapshot, AgentState, ContactSnapshot, ContactState, Requirement, TombstoneBody } from './messages/snapshots.js';
export { DenialReason, ReserveDeniedBody, ReserveGrantedBody, ReserveReleaseBody, ReserveRequestBody } from './messages/reservation.js';
export { RouteAssignBody, RouteFailedBody } from './messages/routing.js';
export { OfferOutcome, OfferRequestBody, OfferResultBody, WorkEndedBody } from './messages/offer.js';
export { HandoverAckBody, HandoverRequestBody } from './messages/handover.js';
export {
  CommandRequestBody,
  CommandResultBody,
  CustomerCommand,
  CustomerStatusBody,
  StatusUpdateBody,
} from './messages/customer-command.js';
