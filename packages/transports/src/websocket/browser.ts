/**
 * The relay client over the browser's own WebSocket. It imports neither `ws` nor anything from Node
 * (dependency-cruiser checks it).
 *
 * @module @contactmesh/transports/websocket/browser
 */
import { invalidOption } from '../shared/option-checks.js';
import { resolveClientOptions, type WebSocketClientOptions } from './client-options.js';
import { WebSocketClientTransport, type WebSocketTransport } from './client-transport.js';
import type { OpenSocket } from './relay-socket.js';

/** The part of the WHATWG `WebSocket` the client uses. */
export interface BrowserWebSocket {
  binaryType: string;
  send(data: string | Uint8Array): void;
  close(code?: number): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
}

/** A `WebSocket` constructor: the global one, or one given for tests and other runtimes. */
export type BrowserWebSocketConstructor = new (url: string) => BrowserWebSocket;

/** Options of the browser client. Browsers cannot set headers: authenticate with a cookie or a token in the URL. */
export interface BrowserWebSocketOptions extends WebSocketClientOptions {
  /** Default: `globalThis.WebSocket`. */
  readonly WebSocket?: BrowserWebSocketConstructor;
}

/**
 * A {@link WebSocketTransport} over the browser's `WebSocket`, with the same behaviour as the Node
 * client: reconnect with jittered back-off, resubscription, a bounded queue while reconnecting.
 *
 * @example
 * ```ts
 * import { createWebSocketTransport } from '@contactmesh/transports/websocket/browser';
 * const widget = createWebSocketTransport({ url: 'wss://relay.example.com/cm', id: `widget-${crypto.randomUUID()}` });
 * await widget.connect();
 * ```
 */
export function createWebSocketTransport(options: BrowserWebSocketOptions): WebSocketTransport {
  const resolved = resolveClientOptions(options, ['WebSocket']);
  const Socket = options.WebSocket ?? globalWebSocket();
  const open: OpenSocket = (url, on) => {
    const ws = new Socket(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => on.open();
    ws.onmessage = (event) => {
      const { data } = event;
      if (typeof data === 'string') on.message(data);
      else if (data instanceof ArrayBuffer) on.message(new Uint8Array(data));
    };
    // A browser reports a failure as 'error' and then 'close'; the close is where it is handled.
    ws.onclose = (event) => on.close(event.code, event.reason);
    return { send: (frame) => ws.send(frame), close: (code) => ws.close(code) };
  };
  return new WebSocketClientTransport(resolved, open);
}

function globalWebSocket(): BrowserWebSocketConstructor {
  const candidate: unknown = Reflect.get(globalThis, 'WebSocket');
  if (typeof candidate !== 'function') {
    throw invalidOption(
      'WebSocket',
      candidate,
      'a WebSocket constructor: this runtime has no global WebSocket; in Node import @contactmesh/transports/websocket instead',
    );
  }
  return candidate as BrowserWebSocketConstructor;
}

export type { BackoffOptions } from './backoff.js';
export { defaultBackoff } from './backoff.js';
export type { WebSocketClientOptions } from './client-options.js';
export type { WebSocketTransport } from './client-transport.js';
