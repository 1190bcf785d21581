import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { type RelayIdentity, readVerdict, type Verdict } from './relay-identity.js';
import type { Authenticate } from './relay-options.js';

/** How the relay decides on an HTTP upgrade. */
export interface UpgradePolicy {
  readonly path: string | undefined;
  readonly allowedOrigins: readonly string[] | undefined;
  readonly authenticate: Authenticate | undefined;
  /** Why the relay takes no more connections now, if it does not (503). */
  readonly full: () => string | undefined;
  readonly refused: (status: 401 | 403 | 503, reason: string) => void;
}

/**
 * Handles one HTTP upgrade: path, then room for one more connection (503), then `Origin` against the allow-list (403), then `authenticate`
 * (401; a throwing hook, or one that returns neither a boolean nor an identity, refuses too), then
 * hands the socket to `ws`, with the identity `authenticate` bound it to. Refusals are plain HTTP answers.
 */
export async function upgrade(
  wss: WebSocketServer,
  policy: UpgradePolicy,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  accept: (ws: WebSocket, identity: RelayIdentity | undefined) => void,
): Promise<void> {
  if (policy.path !== undefined && new URL(request.url ?? '/', 'http://relay').pathname !== policy.path) return;
  socket.on('error', () => socket.destroy());
  const full = policy.full();
  if (full !== undefined) return refuse(socket, policy, 503, full);
  const origin = request.headers.origin;
  if (policy.allowedOrigins !== undefined && origin !== undefined && !policy.allowedOrigins.includes(origin)) {
    return refuse(socket, policy, 403, `origin ${origin} is not in allowedOrigins`);
  }
  let verdict: Verdict;
  try {
    verdict = policy.authenticate === undefined ? { allowed: true } : readVerdict(await policy.authenticate(request));
  } catch {
    verdict = { allowed: false, reason: 'authenticate refused the request' };
  }
  if (!verdict.allowed) return refuse(socket, policy, 401, verdict.reason);
  if (socket.destroyed) return;
  const { identity } = verdict;
  wss.handleUpgrade(request, socket, head, (ws) => accept(ws, identity));
}

function refuse(socket: Duplex, policy: UpgradePolicy, status: 401 | 403 | 503, reason: string): void {
  policy.refused(status, reason);
  const text = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Service Unavailable';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}
