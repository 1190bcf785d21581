/**
 * A relay (a `ws` server acting as the broker) and its Node client. Browsers import
 * `@contactmesh/transports/websocket/browser` instead.
 *
 * @module @contactmesh/transports/websocket
 */

// The relay
export { createRelay, handshakeRoom } from './relay.js';
export type { Relay } from './relay.js';
export type { Authenticate, RateLimitOptions, RelayOptions, SlowConsumerPolicy } from './relay-options.js';
export { defaultRateLimit } from './relay-options.js';
export type { RelayIdentity } from './relay-identity.js';
export type { RelayEvent, RelayStats } from './relay-events.js';
export { CloseCode } from './close-codes.js';

// The Node client
export { createWebSocketTransport } from './node-client.js';
export type { NodeWebSocketOptions } from './node-client.js';
export type { TlsOptions } from '../shared/tls-options.js';
export type { WebSocketTransport } from './client-transport.js';
export type { WebSocketClientOptions } from './client-options.js';
export { defaultBackoff } from './backoff.js';
export type { BackoffOptions } from './backoff.js';

// The frame protocol, for relays and clients written elsewhere
export { RELAY_PROTOCOL_VERSION } from './frames.js';
