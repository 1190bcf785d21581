import { type ConnectionState, ContactmeshError, ErrorCode, errorCodes } from '@contactmesh/core';

/** `CM_ERR_TRANSPORT_CLOSED` for an action tried while the transport cannot do it, saying what to do instead. */
export function notConnected(id: string, state: ConnectionState, action: string): ContactmeshError {
  const fix =
    state === 'closed'
      ? 'it is closed for good; create a new transport with createWebSocketTransport() and connect it'
      : 'it is not connected yet; await connect() first';
  return new ContactmeshError(ErrorCode.TRANSPORT_CLOSED, `Cannot ${action} on transport ${JSON.stringify(id)}: ${fix}.`, {
    value: state,
  });
}

/** `CM_ERR_QUEUE_FULL` for a publish while disconnected with `maxQueuedPublishes` already waiting. */
export function queueFull(id: string, topic: string, limit: number): ContactmeshError {
  return new ContactmeshError(
    ErrorCode.QUEUE_FULL,
    `Transport ${JSON.stringify(id)} is reconnecting and already holds ${limit} publications; retry once state$ is connected, or raise maxQueuedPublishes.`,
    { value: topic, limit },
  );
}

/** `CM_ERR_TRANSPORT_CLOSED` when the relay cannot be reached or goes away before welcoming us. */
export function unreachable(id: string, url: string, code: number, reason: string): ContactmeshError {
  return new ContactmeshError(
    ErrorCode.TRANSPORT_CLOSED,
    `Transport ${JSON.stringify(id)} could not connect to the relay at ${url} (close code ${code}${reason === '' ? '' : `: ${reason}`}); check the URL, the relay and its authenticate/allowedOrigins settings.`,
    { value: url },
  );
}

/** The relay's coded refusal, as a `ContactmeshError` (an unknown code becomes `CM_ERR_INVALID_MESSAGE`). */
export function relayError(code: string, message: string): ContactmeshError {
  const known = errorCodes.find((c) => c === code) ?? ErrorCode.INVALID_MESSAGE;
  return new ContactmeshError(known, `The relay refused: ${message}`, { value: code });
}
