import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Clock, hashToken, isStatusToken, type TimerHandle } from '@contactmesh/core';
import { type WebSocket, WebSocketServer } from 'ws';
import type { RateLimiter } from './rate-limiter.js';
import type { StatusWatcher } from './status-watcher.js';

/** What {@link LiveSockets} needs from its gateway. */
export interface LiveSocketOptions {
  readonly watcher: StatusWatcher;
  readonly lookupTimeoutMs: number;
  readonly maxWatchers: number;
  readonly clock: Clock;
  readonly addresses: RateLimiter;
  /** May a page of this origin watch? (same-origin, or allowed) */
  readonly originAllowed: (origin: string | undefined, host: string | undefined) => boolean;
}

const livePath = /^\/api\/contacts\/([^/]{1,100})\/live$/;
const heartbeatMs = 30_000;

/**
 * `GET /api/contacts/{token}/live`: one WebSocket per watching page, pushed every status change.
 * Frames are `{"type":"status","status":…}`; `{"type":"gone"}` and close 4404 for an unknown or
 * expired token; 1008 for an origin not allowed; 4429 when too many watch (or one address too often).
 */
export class LiveSockets {
  readonly #server = new WebSocketServer({ noServer: true, maxPayload: 1_024 });
  readonly #alive = new Map<WebSocket, boolean>();
  #heartbeat: TimerHandle | undefined;

  constructor(private readonly options: LiveSocketOptions) {
    this.#beat();
  }

  /** Takes an upgrade request if it is for a live path; false otherwise (the caller answers it). */
  handle(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const match = livePath.exec(path);
    if (match === null) return false;
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#session(ws, request, match[1] ?? ''));
    return true;
  }

  get watchers(): number {
    return this.#alive.size;
  }

  close(): void {
    if (this.#heartbeat !== undefined) this.options.clock.clearTimer(this.#heartbeat);
    for (const ws of this.#alive.keys()) ws.terminate();
    this.#alive.clear();
    this.#server.close();
  }

  #session(ws: WebSocket, request: IncomingMessage, token: string): void {
    const { options } = this;
    const send = (frame: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    if (!options.originAllowed(request.headers.origin, request.headers.host)) {
      ws.close(1008, 'origin not allowed');
      return;
    }
    if (this.#alive.size >= options.maxWatchers || options.addresses.take(request.socket.remoteAddress ?? '?') > 0) {
      ws.close(4429, 'too many watchers; try again later');
      return;
    }
    this.#alive.set(ws, true);
    let unwatch: (() => void) | undefined;
    ws.on('pong', () => this.#alive.set(ws, true));
    ws.on('close', () => {
      this.#alive.delete(ws);
      unwatch?.();
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, binary) => {
      if (binary) return;
      let frame: unknown;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      if ((frame as { type?: unknown } | null)?.type === 'ping') send({ type: 'pong' });
    });
    const gone = () => {
      send({ type: 'gone' });
      ws.close(4404, 'unknown or expired');
    };
    if (!isStatusToken(token)) {
      gone();
      return;
    }
    const tokenHash = hashToken(token);
    void options.watcher.lookup(tokenHash, options.lookupTimeoutMs).then((found) => {
      if (ws.readyState !== ws.OPEN) return;
      if (found === undefined) {
        gone();
        return;
      }
      unwatch = options.watcher.watch(tokenHash, (sighting) => send({ type: 'status', status: sighting.status }));
    });
  }

  /** Pings every socket; one that did not answer the last ping is dropped (a page gone without closing). */
  #beat(): void {
    this.#heartbeat = this.options.clock.setTimer(heartbeatMs, () => {
      for (const [ws, alive] of this.#alive) {
        if (!alive) {
          ws.terminate();
          continue;
        }
        this.#alive.set(ws, false);
        ws.ping();
      }
      this.#beat();
    });
  }
}
