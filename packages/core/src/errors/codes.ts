/**
 * Every error contactmesh reports carries one of these stable codes. Each code has a heading of its
 * own in `docs/errors.md`; a test keeps the two in step.
 */
export const ErrorCode = {
  /** A payload is larger than the configured limit; it was refused before parsing. */
  PAYLOAD_TOO_LARGE: 'CM_ERR_PAYLOAD_TOO_LARGE',
  /** A payload is not UTF-8 JSON. */
  MALFORMED_JSON: 'CM_ERR_MALFORMED_JSON',
  /** A payload is JSON but not a valid message: a field is missing, has the wrong type or is out of range. */
  INVALID_MESSAGE: 'CM_ERR_INVALID_MESSAGE',
  /** A message names a protocol version this node does not speak. */
  UNSUPPORTED_VERSION: 'CM_ERR_UNSUPPORTED_VERSION',
  /** A message type is not in the registry this node decodes with. */
  UNKNOWN_MESSAGE_TYPE: 'CM_ERR_UNKNOWN_MESSAGE_TYPE',
  /** A topic or topic filter breaks the topic rules (empty level rules, wildcards in a publish topic, …). */
  INVALID_TOPIC: 'CM_ERR_INVALID_TOPIC',
  /** An address is not of the form `{centre}/{kind}/{id}`. */
  INVALID_ADDRESS: 'CM_ERR_INVALID_ADDRESS',
  /** The transport is not connected (never connected, or closed). */
  TRANSPORT_CLOSED: 'CM_ERR_TRANSPORT_CLOSED',
  /** A transport with this participant id is already connected to the same hub or relay. */
  DUPLICATE_PARTICIPANT: 'CM_ERR_DUPLICATE_PARTICIPANT',
  /** A message was addressed to an actor this runtime does not host. */
  UNKNOWN_ACTOR: 'CM_ERR_UNKNOWN_ACTOR',
  /** An actor with this address is already hosted by the runtime. */
  DUPLICATE_ACTOR: 'CM_ERR_DUPLICATE_ACTOR',
  /** A runtime's delivery queue is full (a message storm); the delivery was refused and reported. */
  QUEUE_FULL: 'CM_ERR_QUEUE_FULL',
  /** An effect emitted by an actor could not be carried out (for example, a publish failed). */
  EFFECT_FAILED: 'CM_ERR_EFFECT_FAILED',
  /** An actor threw or entered its error state. */
  ACTOR_FAILED: 'CM_ERR_ACTOR_FAILED',
  /** An option passed by the programmer is out of range or of the wrong type. */
  INVALID_OPTION: 'CM_ERR_INVALID_OPTION',
  /** An argument of a public call is out of range, of the wrong type or has a field the call does not know. */
  INVALID_ARGUMENT: 'CM_ERR_INVALID_ARGUMENT',
  /** A call was made on a centre after `stop()`. */
  STOPPED: 'CM_ERR_STOPPED',
  /** A call names an agent this centre does not host (never logged in here). */
  UNKNOWN_AGENT: 'CM_ERR_UNKNOWN_AGENT',
  /** A call names a contact this centre does not hold (never arrived, already ended, or handed over). */
  UNKNOWN_CONTACT: 'CM_ERR_UNKNOWN_CONTACT',
  /** A status token names no contact: unknown, expired or malformed, alike (a gateway's answer). */
  UNKNOWN_TOKEN: 'CM_ERR_UNKNOWN_TOKEN',
  /** Too many requests from one address, or commands for one token; try again after `Retry-After`. */
  RATE_LIMITED: 'CM_ERR_RATE_LIMITED',
  /** The browser status client could not reach the gateway (network down, or 5xx three times). */
  GATEWAY_UNREACHABLE: 'CM_ERR_GATEWAY_UNREACHABLE',
  /** No such route on a gateway. */
  NOT_FOUND: 'CM_ERR_NOT_FOUND',
  /** An operation was asked of an object that is not in a state where it can happen (re-syncing a contact that is not queued, say). */
  INVALID_STATE: 'CM_ERR_INVALID_STATE',
  /** A participant already holds as many subscriptions as `limits.maxSubscriptions` allows. */
  TOO_MANY_SUBSCRIPTIONS: 'CM_ERR_TOO_MANY_SUBSCRIPTIONS',
  /** An auction's scoring rule names a scoring command this node has not registered. */
  UNKNOWN_SCORING_COMMAND: 'CM_ERR_UNKNOWN_SCORING_COMMAND',
  /** A message names a sender, owner, home, centre or bidder other than the publisher its topic belongs to (or claims an incarnation far in the future); dropped. */
  IMPERSONATION: 'CM_ERR_IMPERSONATION',
  /** Signatures are on, and a message carries no signature, one that does not hold for its topic and bytes, or comes from a participant with no pinned key; dropped. */
  BAD_SIGNATURE: 'CM_ERR_BAD_SIGNATURE',
  /** The broker refused a publication: this participant may not write that topic (its ACL). */
  NOT_AUTHORIZED: 'CM_ERR_NOT_AUTHORIZED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** All codes, in declaration order. */
export const errorCodes: readonly ErrorCode[] = Object.values(ErrorCode);
