import { type ConnectionState, ContactmeshError, ErrorCode } from '@contactmesh/core';

/** `CM_ERR_TRANSPORT_CLOSED` for an action tried while not connected, saying what to do instead. */
export function notConnected(id: string, state: ConnectionState, action: string): ContactmeshError {
  const fix =
    state === 'closed'
      ? `it is closed for good; create a new one with hub.transport(${JSON.stringify(id)}) and connect it`
      : 'it is not connected yet; await connect() first';
  return new ContactmeshError(ErrorCode.TRANSPORT_CLOSED, `Cannot ${action} on transport ${JSON.stringify(id)}: ${fix}.`, {
    value: state,
  });
}

/** `CM_ERR_DUPLICATE_PARTICIPANT` for a second live transport with one participant id. */
export function duplicateParticipant(id: string): ContactmeshError {
  return new ContactmeshError(
    ErrorCode.DUPLICATE_PARTICIPANT,
    `Participant ${JSON.stringify(id)} is already connected to this hub; close it (or crash it) first, or use another id.`,
    { value: id },
  );
}

/** `CM_ERR_TOO_MANY_SUBSCRIPTIONS` when a participant is at `limits.maxSubscriptions`. */
export function tooManySubscriptions(id: string, filter: string, limit: number): ContactmeshError {
  return new ContactmeshError(
    ErrorCode.TOO_MANY_SUBSCRIPTIONS,
    `Participant ${JSON.stringify(id)} cannot subscribe to ${JSON.stringify(filter)}: it holds ${limit} subscriptions already; subscribe with a wildcard filter instead, or raise limits.maxSubscriptions.`,
    { value: filter, limit },
  );
}

/** `CM_ERR_INVALID_OPTION` for a subscription QoS other than 0 or 1. */
export function invalidQos(value: unknown): ContactmeshError {
  return new ContactmeshError(ErrorCode.INVALID_OPTION, `QoS must be 0 or 1, got ${String(value)}.`, { path: 'qos', value });
}

/** `CM_ERR_QUEUE_FULL` for a publish while a memory transport is away from its hub with `limit` publications already held. */
export function heldFull(id: string, topic: string, limit: number): ContactmeshError {
  return new ContactmeshError(
    ErrorCode.QUEUE_FULL,
    `Memory transport ${JSON.stringify(id)} has lost its hub and already holds ${limit} publications; retry once state$ is connected again.`,
    { value: topic, limit },
  );
}
