import { type ConnectionState, ContactmeshError, ErrorCode, preview } from '@contactmesh/core';

/**
 * `CM_ERR_TRANSPORT_CLOSED` for an action tried while not connected, saying what to do instead;
 * `closeError` (the transport's own, when it closed on its own) is kept as `cause`.
 */
export function notConnected(id: string, state: ConnectionState, action: string, closeError?: ContactmeshError): ContactmeshError {
  const fix =
    state !== 'closed'
      ? 'it is not connected yet; await connect() first'
      : closeError?.code === ErrorCode.DUPLICATE_PARTICIPANT
        ? 'another connection took its client id over (see closeError); give each participant its own id, or each deployment its own clientIdPrefix'
        : `it is closed for good; create a new one with createMqttTransport({ participantId: ${JSON.stringify(id)}, … }) and connect it`;
  return new ContactmeshError(
    ErrorCode.TRANSPORT_CLOSED,
    `Cannot ${action} on MQTT transport ${JSON.stringify(id)}: ${fix}.`,
    { value: state },
    closeError === undefined ? undefined : { cause: closeError },
  );
}

/**
 * `CM_ERR_DUPLICATE_PARTICIPANT` for a connection the broker ended because another one took its
 * client id over (MQTT 5 DISCONNECT, reason code 142 "session taken over").
 */
export function takenOver(id: string, clientId: string): ContactmeshError {
  return new ContactmeshError(
    ErrorCode.DUPLICATE_PARTICIPANT,
    `MQTT transport ${JSON.stringify(id)} was taken over: another connection with client id ${JSON.stringify(clientId)} connected, and the broker ended this one (reason code 142, session taken over); give each participant its own id, or each deployment its own clientIdPrefix.`,
    { value: clientId },
  );
}

/** `CM_ERR_QUEUE_FULL` for a publish while reconnecting with `maxQueuedPublishes` publications already held. */
export function queueFull(id: string, topic: string, limit: number): ContactmeshError {
  return new ContactmeshError(
    ErrorCode.QUEUE_FULL,
    `MQTT transport ${JSON.stringify(id)} is reconnecting and already holds ${limit} publications; retry once state$ is connected, or raise maxQueuedPublishes.`,
    { value: topic, limit },
  );
}

/** `CM_ERR_TRANSPORT_CLOSED` for a connection the broker refused or that could not be opened. */
export function connectFailed(id: string, url: string, cause: unknown): ContactmeshError {
  const why = cause instanceof Error ? cause.message : preview(cause);
  return new ContactmeshError(
    ErrorCode.TRANSPORT_CLOSED,
    `MQTT transport ${JSON.stringify(id)} could not connect to ${url}: ${why}; check that the broker runs there and accepts these credentials.`,
    { value: url },
    { cause },
  );
}

/** `CM_ERR_TRANSPORT_CLOSED` for a publish or subscription the connection ended under. */
export function lostWhile(id: string, action: string, cause: unknown): ContactmeshError {
  const why = cause instanceof Error ? cause.message : preview(cause);
  return new ContactmeshError(
    ErrorCode.TRANSPORT_CLOSED,
    `Could not ${action} on MQTT transport ${JSON.stringify(id)}: ${why}.`,
    {},
    { cause },
  );
}

/** MQTT 5 reason codes a broker gives when it refuses a publication on authority. */
const refusedOnAuthority = new Set([0x87, 0x90]);

/**
 * `CM_ERR_NOT_AUTHORIZED` when the broker refused the publication by its ACL (MQTT 5 reason code
 * 135 "not authorized", 144 "topic name invalid"), else undefined.
 */
export function refusedPublication(id: string, topic: string, cause: unknown): ContactmeshError | undefined {
  const reason = (cause as { code?: unknown } | undefined)?.code;
  if (typeof reason !== 'number' || !refusedOnAuthority.has(reason)) return undefined;
  return new ContactmeshError(
    ErrorCode.NOT_AUTHORIZED,
    `The broker refused the publication to ${JSON.stringify(topic)} by MQTT transport ${JSON.stringify(id)} (reason code ${reason}): check the broker's ACLs for this participant (docs/transports.md).`,
    { value: topic },
    { cause },
  );
}
