import { type ConnectionState, ContactmeshError, ErrorCode, preview } from '@contactmesh/core';

/** `CM_ERR_TRANSPORT_CLOSED` for an action tried while not connected, saying what to do instead. */
export function notConnected(id: string, state: ConnectionState, action: string): ContactmeshError {
  const fix =
    state === 'closed'
      ? `it is closed for good; create a new one with createMqttTransport({ participantId: ${JSON.stringify(id)}, … }) and connect it`
      : 'it is not connected yet; await connect() first';
  return new ContactmeshError(ErrorCode.TRANSPORT_CLOSED, `Cannot ${action} on MQTT transport ${JSON.stringify(id)}: ${fix}.`, {
    value: state,
  });
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
