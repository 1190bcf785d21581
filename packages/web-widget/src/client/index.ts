/**
 * The headless status client: the live status of one contact and its customer's commands, with no DOM.
 *
 * @module @contactmesh/web-widget/client
 */

// Client
export { commandRetries, createStatusClient } from './create-status-client.js';
export type { ConnectionState, StatusClient, StatusClientOptions, StatusSnapshot } from './create-status-client.js';
export { reconnectBackoff, reconnectDelay } from './backoff.js';
export { LiveCloseCode, pingAfterMs, pongTimeoutMs } from './follow-live.js';

// Wire types and guards
export { commandKinds, contactStates, isTerminalState, mediaTypes } from './customer-status.js';
export type { CommandKind, ContactState, CustomerStatus, ExpectedWait, Media } from './customer-status.js';
export type { CommandAnswer, CustomerCommand } from './customer-command.js';
export { parseCustomerStatus } from './parse-status.js';
export { maxWireChars, parseCommandAnswer, parseLiveFrame } from './parse-wire.js';
export type { LiveFrame } from './parse-wire.js';
export { isStatusToken } from './endpoints.js';

// Errors
export { StatusClientError, StatusClientErrorCode } from './status-client-error.js';

// What can be swapped
export { browserClock } from './status-clock.js';
export type { StatusClock } from './status-clock.js';
export type { LiveSocket, LiveSocketConstructor, LiveSocketEvent } from './live-socket.js';
export type { FetchLike } from './request-json.js';
