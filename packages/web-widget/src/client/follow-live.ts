import { reconnectDelay } from './backoff.js';
import type { CustomerStatus } from './customer-status.js';
import type { ContactUrls } from './endpoints.js';
import type { LiveSocket, LiveSocketConstructor } from './live-socket.js';
import { parseCustomerStatus } from './parse-status.js';
import { parseLiveFrame } from './parse-wire.js';
import { type FetchLike, requestJson } from './request-json.js';
import type { StatusClock } from './status-clock.js';

/** Close codes of the live socket that the contract gives a meaning. */
export const LiveCloseCode = { UNKNOWN_TOKEN: 4404, RATE_LIMITED: 4429, ORIGIN_REFUSED: 1008 } as const;

/** A silent socket is pinged after this long… */
export const pingAfterMs = 25_000;
/** …and given up (then reconnected) when nothing comes back within this. */
export const pongTimeoutMs = 10_000;

/** What following the live socket reports. */
export interface LiveReports {
  /** A status arrived: on the socket (`live`), or by `GET` while reconnecting. */
  status(status: CustomerStatus, live: boolean): void;
  /** The socket is gone; a reconnection is scheduled. */
  dropped(): void;
  /** The token is unknown or expired (`gone`, close 4404, or a `404`): no reconnection. */
  gone(): void;
  /** The gateway refused this page's origin (close 1008): no reconnection. */
  refused(): void;
}

export interface LiveOptions {
  readonly urls: ContactUrls;
  readonly Socket: LiveSocketConstructor;
  readonly fetch: FetchLike;
  readonly clock: StatusClock;
  readonly random: () => number;
}

/**
 * Follows the contact's live socket with the contract's rules: a status frame first and after every
 * change; reconnect after a drop with capped, jittered back-off, fetching the status meanwhile;
 * never reconnect after 4404 or 1008; ping a silent socket and drop it when it stays silent.
 * Returns `stop`.
 */
export function followLive(options: LiveOptions, report: LiveReports): () => void {
  const { urls, Socket, clock } = options;
  let socket: LiveSocket | undefined;
  let attempt = 0;
  let stopped = false;
  const timers = new Map<'reconnect' | 'ping' | 'pong', unknown>();

  const setTimer = (name: 'reconnect' | 'ping' | 'pong', delayMs: number, callback: () => void) => {
    clearTimer(name);
    timers.set(
      name,
      clock.setTimer(delayMs, () => {
        timers.delete(name);
        callback();
      }),
    );
  };
  const clearTimer = (name: 'reconnect' | 'ping' | 'pong') => {
    if (timers.has(name)) clock.clearTimer(timers.get(name));
    timers.delete(name);
  };

  const stop = () => {
    stopped = true;
    for (const name of [...timers.keys()]) clearTimer(name);
    const open = socket;
    socket = undefined;
    open?.close(1000, 'closed by the page');
  };

  const heard = () => {
    clearTimer('pong');
    setTimer('ping', pingAfterMs, () => {
      socket?.send('{"type":"ping"}');
      setTimer('pong', pongTimeoutMs, () => {
        // A socket that cannot answer a ping is dead even if the browser has not noticed yet.
        const silent = socket;
        socket = undefined;
        silent?.close(4000, 'no answer to ping');
        dropped(1006);
      });
    });
  };

  const open = () => {
    let next: LiveSocket;
    try {
      next = new Socket(urls.live);
    } catch {
      dropped(1006);
      return;
    }
    socket = next;
    next.addEventListener('open', () => socket === next && heard());
    next.addEventListener('message', (event) => socket === next && onFrame(event.data));
    next.addEventListener('close', (event) => {
      if (socket !== next) return;
      socket = undefined;
      dropped(event.code ?? 1006);
    });
  };

  const onFrame = (data: unknown) => {
    const frame = parseLiveFrame(data);
    if (frame === undefined) return; // the contract: bad frames are ignored
    heard();
    if (frame.type === 'status') {
      attempt = 0;
      report.status(frame.status, true);
    } else if (frame.type === 'gone') {
      stop();
      report.gone();
    }
  };

  const dropped = (code: number) => {
    clearTimer('ping');
    clearTimer('pong');
    if (stopped) return;
    if (code === LiveCloseCode.UNKNOWN_TOKEN || code === LiveCloseCode.ORIGIN_REFUSED) {
      stop();
      if (code === LiveCloseCode.UNKNOWN_TOKEN) report.gone();
      else report.refused();
      return;
    }
    report.dropped();
    setTimer('reconnect', reconnectDelay(attempt++, options.random), open);
    if (code !== LiveCloseCode.RATE_LIMITED) void refresh();
  };

  const refresh = async () => {
    try {
      const reply = await requestJson(options.fetch, urls.status, { method: 'GET' });
      if (stopped) return;
      if (reply.status === 404) {
        stop();
        report.gone();
        return;
      }
      const status = reply.status === 200 ? parseCustomerStatus(reply.body) : undefined;
      if (status !== undefined) report.status(status, false);
    } catch {
      // Offline: the next reconnection tries again.
    }
  };

  open();
  return stop;
}
