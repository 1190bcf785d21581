import { reconnectDelay } from './backoff.js';
import { checkCommand } from './check-command.js';
import { commandAnswer } from './command-answer.js';
import { newCommandId } from './command-id.js';
import type { CommandAnswer, CustomerCommand } from './customer-command.js';
import { type CustomerStatus, isTerminalState } from './customer-status.js';
import { contactUrls, isStatusToken } from './endpoints.js';
import { followLive } from './follow-live.js';
import type { LiveSocketConstructor } from './live-socket.js';
import { type FetchLike, requestJson } from './request-json.js';
import { StatusClientError, StatusClientErrorCode } from './status-client-error.js';
import { browserClock, type StatusClock } from './status-clock.js';

/** How the client is connected: what the widget shows as connecting, live, stale, expired or ended. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'expired' | 'ended';

/** What a listener of {@link StatusClient.subscribe} gets. */
export interface StatusSnapshot {
  readonly connection: ConnectionState;
  /** The last status known; while `reconnecting` it may be stale. */
  readonly status?: CustomerStatus;
  /** Set when the gateway refused this page's origin (close code 1008): `ended`, and no reconnection. */
  readonly reason?: 'originRefused';
}

export interface StatusClientOptions {
  /** The gateway's base URL, e.g. `https://status.example.com`. */
  readonly endpoint: string;
  /** The customer's status token. A token of the wrong shape is `expired` without asking the gateway. */
  readonly token: string;
  /** Defaults to the global `fetch`. */
  readonly fetch?: FetchLike;
  /** Defaults to the global `WebSocket`. */
  readonly WebSocket?: LiveSocketConstructor;
  /** Defaults to the browser's timers; tests pass a virtual clock. */
  readonly clock?: StatusClock;
  /** The jitter of the back-off, in [0, 1); defaults to `Math.random`. */
  readonly random?: () => number;
}

/** A headless view of one contact: its status, live, and the commands its customer may give. */
export interface StatusClient {
  /** Calls `listener` now with the current snapshot and after every change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: StatusSnapshot) => void): () => void;
  /**
   * Sends a command with a fresh id (retried with the same id after a network failure or a 5xx).
   * Resolves with the owner's answer, accepted or refused; rejects with a {@link StatusClientError}
   * for 400, 404, 413, 429, an unreachable gateway, or after `close()`.
   */
  command(command: CustomerCommand): Promise<CommandAnswer>;
  /** Closes the live socket and cancels timers; listeners hear nothing more. */
  close(): void;
}

/** How often a command is sent again after a network failure or a 5xx, before it fails. */
export const commandRetries = 2;

/**
 * Creates a headless status client and starts following the contact.
 *
 * @example
 * ```ts
 * const client = createStatusClient({ endpoint: 'https://status.example.com', token });
 * client.subscribe(({ connection, status }) => render(connection, status?.position));
 * const answer = await client.command({ kind: 'switchQueue', skillset: 'sales' });
 * if (!answer.accepted) show(answer.reason);
 * ```
 */
export function createStatusClient(options: StatusClientOptions): StatusClient {
  const urls = contactUrls(options.endpoint, options.token);
  const fetchFn: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const clock = options.clock ?? browserClock;
  const random = options.random ?? Math.random;
  const listeners = new Set<(snapshot: StatusSnapshot) => void>();
  const waits = new Set<() => void>();
  const wellFormed = isStatusToken(options.token);
  let snapshot: StatusSnapshot = { connection: wellFormed ? 'connecting' : 'expired' };
  let closed = false;

  const publish = (next: StatusSnapshot) => {
    if (closed || snapshot.connection === 'expired' || snapshot.connection === 'ended') return;
    snapshot = next;
    for (const listener of [...listeners]) notify(listener, next);
  };

  const acceptStatus = (status: CustomerStatus, live: boolean) => {
    // A late answer (a GET racing the socket, an old command reply) never replaces a newer status.
    if (snapshot.status !== undefined && status.updatedAt < snapshot.status.updatedAt) return;
    if (isTerminalState(status.state)) {
      publish({ connection: 'ended', status });
      stopLive();
    } else {
      publish({ connection: live ? 'live' : snapshot.connection, status });
    }
  };
  const withStatus = (connection: ConnectionState): StatusSnapshot =>
    snapshot.status === undefined ? { connection } : { connection, status: snapshot.status };

  const stopLive = !wellFormed
    ? () => undefined
    : followLive(
        { urls, Socket: options.WebSocket ?? WebSocket, fetch: fetchFn, clock, random },
        {
          status: acceptStatus,
          dropped: () => publish(withStatus('reconnecting')),
          gone: () => publish(withStatus('expired')),
          refused: () => publish({ ...withStatus('ended'), reason: 'originRefused' }),
        },
      );

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        waits.delete(done);
        resolve();
      };
      waits.add(done);
      clock.setTimer(ms, done);
    });

  const send = async (body: string): Promise<CommandAnswer> => {
    for (let attempt = 0; ; attempt += 1) {
      if (closed)
        throw new StatusClientError(
          StatusClientErrorCode.TRANSPORT_CLOSED,
          'The status client was closed; create a new one to send commands.',
        );
      let failure: unknown;
      try {
        const reply = await requestJson(fetchFn, urls.commands, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (reply.status < 500) return commandAnswer(reply);
        failure = new Error(`HTTP ${reply.status}`);
      } catch (error) {
        if (error instanceof StatusClientError) throw error;
        failure = error;
      }
      if (attempt >= commandRetries) {
        throw new StatusClientError(
          StatusClientErrorCode.GATEWAY_UNREACHABLE,
          `The gateway did not answer the command after ${attempt + 1} attempts; check the network and the endpoint ${options.endpoint}.`,
          { cause: failure },
        );
      }
      await wait(reconnectDelay(attempt, random));
    }
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      notify(listener, snapshot);
      return () => void listeners.delete(listener);
    },
    async command(command) {
      checkCommand(command);
      if (!wellFormed) {
        throw new StatusClientError(
          StatusClientErrorCode.UNKNOWN_TOKEN,
          'The status token is not 22 URL-safe base64 characters, so no contact has it; check the link the customer was given.',
        );
      }
      // One id per call: the retries inside send() repeat it, so the owner acts at most once.
      const body = JSON.stringify({ commandId: newCommandId(), command });
      try {
        const answer = await send(body);
        if (answer.status !== undefined) acceptStatus(answer.status, false);
        return answer;
      } catch (error) {
        if (error instanceof StatusClientError && error.code === StatusClientErrorCode.UNKNOWN_TOKEN) {
          publish(withStatus('expired'));
          stopLive();
        }
        throw error;
      }
    },
    close() {
      closed = true;
      listeners.clear();
      stopLive();
      for (const done of [...waits]) done();
    },
  };
}

function notify(listener: (snapshot: StatusSnapshot) => void, snapshot: StatusSnapshot): void {
  try {
    listener(snapshot);
  } catch (error) {
    // A failing listener must not stop the others, nor the client; the page still hears of it.
    queueMicrotask(() => {
      throw error;
    });
  }
}
