import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Authenticate } from './relay-options.js';

/** How the relay decides on an HTTP upgrade. */
export interface UpgradePolicy {
  readonly path: string | undefined;
  readonly allowedOrigins: readonly string[] | undefined;
  readonly authenticate: Authenticate | undefined;
  readonly refused: (status: 401 | 403, reason: string) => void;
}

/**
 * Handles one HTTP upgrade: path, then `Origin` against the allow-list (403), then `authenticate`
 * (401; a throwing hook refuses too), then hands the socket to `ws`. Refusals are plain HTTP answers.
 */
export async function upgrade(
  wss: WebSocketServer,
  policy: UpgradePolicy,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  accept: (ws: WebSocket) => void,
): Promise<void> {
  if (policy.path !== undefined && new URL(request.url ?? '/', 'http://relay').pathname !== policy.path) return;
  socket.on('error', () => socket.destroy());
  const origin = request.headers.origin;
  if (policy.allowedOrigins !== undefined && origin !== undefined && !policy.allowedOrigins.includes(origin)) {
    return refuse(socket, policy, 403, `origin ${origin} is not in allowedOrigins`);
  }
  let allowed = true;
  try {
    allowed = policy.authenticate === undefined ? true : (await policy.authenticate(request)) === true;
  } catch {
    allowed = false;
  }
  if (!allowed) return refuse(socket, policy, 401, 'authenticate refused the request');
  if (socket.destroyed) return;
  wss.handleUpgrade(request, socket, head, accept);
}

function refuse(socket: Duplex, policy: UpgradePolicy, status: 401 | 403, reason: string): void {
  policy.refused(status, reason);
  const text = status === 401 ? 'Unauthorized' : 'Forbidden';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}
