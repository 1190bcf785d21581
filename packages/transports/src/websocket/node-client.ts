import WebSocket from 'ws';
import { checkTls, type TlsOptions } from '../shared/tls-options.js';
import { resolveClientOptions, type WebSocketClientOptions } from './client-options.js';
import { WebSocketClientTransport, type WebSocketTransport } from './client-transport.js';
import { pooledBytes } from './pooled-bytes.js';
import type { OpenSocket } from './relay-socket.js';

/** Options of the Node client: the shared ones, plus what only `ws` can do. */
export interface NodeWebSocketOptions extends WebSocketClientOptions {
  /** Extra HTTP headers of the upgrade request, e.g. `{ authorization: 'Bearer …' }` for the relay's `authenticate`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** TLS material for a `wss://` relay: a private CA to trust, a client certificate for mutual TLS. */
  readonly tls?: TlsOptions;
  /** Called with each `ws` socket the transport opens (one per connection attempt): for TLS settings, metrics or tests. */
  readonly onSocket?: (socket: WebSocket) => void;
}

/**
 * A {@link WebSocketTransport} for Node, over `ws`: connects to a relay as participant `id`,
 * reconnects with capped, jittered back-off and resubscribes; publications made while
 * reconnecting wait in a bounded queue.
 *
 * @example
 * ```ts
 * const paris = createWebSocketTransport({ url: 'ws://127.0.0.1:7070/', id: 'paris' });
 * await paris.connect({ will: { topic: 'cm/demo/presence/paris', payload: '', retain: true, qos: 1 } });
 * paris.subscribe('cm/demo/inbox/paris').subscribe((m) => handle(m.topic, m.payload));
 * ```
 */
export function createWebSocketTransport(options: NodeWebSocketOptions): WebSocketTransport {
  const resolved = resolveClientOptions(options, ['headers', 'tls', 'onSocket']);
  const tls = checkTls(options.tls, resolved.url.startsWith('wss://'), 'wss://');
  const open: OpenSocket = (url, on) => {
    const ws = new WebSocket(url, {
      maxPayload: resolved.maxFrameBytes,
      perMessageDeflate: false,
      headers: { ...options.headers },
      ...tls,
    });
    ws.on('upgrade', (response) => response.socket.setNoDelay(true));
    ws.on('open', () => on.open());
    ws.on('message', (data) =>
      on.message(Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data),
    );
    ws.on('close', (code, reason) => on.close(code, reason.toString()));
    // Failures to connect and broken frames end in 'close', which is where they are handled.
    ws.on('error', () => undefined);
    options.onSocket?.(ws);
    return { send: (frame) => ws.send(frame), close: (code) => ws.close(code), terminate: () => ws.terminate() };
  };
  return new WebSocketClientTransport(resolved, open, pooledBytes);
}
