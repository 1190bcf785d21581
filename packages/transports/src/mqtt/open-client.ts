import type { Socket } from 'node:net';
import { type IClientOptions, type IConnackPacket, MqttClient } from 'mqtt';
import type { HubWill } from '../shared/hub-message.js';
import type { ResolvedMqttOptions } from './mqtt-options.js';
import { openSocket } from './open-socket.js';

/** What the transport is told of each socket it opens: the current one, which `close()` waits for. */
export interface SocketWatch {
  opened(socket: Socket): void;
}

/** A client that completed its first CONNECT, and the protocol version the broker took. */
export interface OpenedClient {
  readonly client: MqttClient;
  readonly protocolVersion: 4 | 5;
  /** The broker tags each message with the MQTT 5 subscription identifiers it matched. */
  readonly subscriptionIds: boolean;
  /** The broker takes `$share/{group}/{filter}` as a shared subscription: MQTT 5, unless its CONNACK says it has none. */
  readonly sharedSubscriptions: boolean;
  /** The session outlives the connection (persistent, or kept for a delayed will): ask the broker to end it on close, or not. */
  readonly endSessionOnClose: boolean;
}

/** How a CONNECT asks for its session: a clean start or not, and how long the broker keeps it (MQTT 5; 0: not at all). */
export interface SessionRequest {
  readonly clean: boolean;
  readonly expirySeconds: number;
}

/**
 * The session a participant asks for. A persistent one is kept `sessionExpirySeconds`, or longer
 * when the will's delay is longer. A clean one with a delayed will is kept for the delay and
 * resumed by every connection (see {@link openClient}); without a delay it is clean and ends with
 * the connection. 3.1.1 has no expiry and no will delay: clean or not, as asked.
 *
 * @example
 * ```ts
 * sessionRequest({ persistent: false, sessionExpirySeconds: 3600 }, 5, 2); // { clean: false, expirySeconds: 2 }
 * ```
 */
export function sessionRequest(
  options: Pick<ResolvedMqttOptions, 'persistent' | 'sessionExpirySeconds'>,
  protocolVersion: 4 | 5,
  willDelaySeconds: number,
): SessionRequest {
  if (protocolVersion === 4) return { clean: !options.persistent, expirySeconds: 0 };
  if (options.persistent) return { clean: false, expirySeconds: Math.max(options.sessionExpirySeconds, willDelaySeconds) };
  return { clean: willDelaySeconds === 0, expirySeconds: willDelaySeconds };
}

type Attempt =
  | { readonly ok: true; readonly opened: OpenedClient; readonly sessionPresent: boolean }
  | { readonly ok: false; readonly error: unknown; readonly refusedVersion: boolean };

// "Unacceptable protocol version" as a 3.1.1 broker answers a v5 CONNECT, and MQTT 5's own code.
const versionRefusals = new Set([1, 0x84]);

/**
 * Connects an mqtt.js client: MQTT 5 first (unless `protocolVersion` is 4), then 3.1.1 when the
 * broker refuses v5 or hangs up on it. Rejects with the last error when no attempt gets a CONNACK;
 * a failed attempt never reconnects on its own.
 *
 * A delayed will (MQTT 5) needs a session that outlives the connection by the delay: the broker
 * publishes a will at the earlier of the will delay and the session's end, so a session that ends
 * with its connection (expiry 0) publishes it at once. So with a delay the session is kept at least
 * that long, and every connection resumes it (clean start 0): a new connection within the delay
 * takes the session over, which cancels the will, where a clean start would end it and publish the
 * will. A `clean` participant that finds an earlier life's session ends it and starts afresh.
 *
 * @example
 * ```ts
 * const { client, protocolVersion } = await openClient(resolveMqttOptions({ participantId: 'london', url }), undefined, watch);
 * ```
 */
export async function openClient(options: ResolvedMqttOptions, will: HubWill | undefined, watch: SocketWatch): Promise<OpenedClient> {
  const delay = will?.delaySeconds ?? 0;
  if (options.protocolVersion === 5) {
    const first = await attempt(options, 5, will, watch, sessionRequest(options, 5, delay));
    if (first.ok && !(first.sessionPresent && !options.persistent)) return first.opened;
    if (first.ok) {
      // An earlier life's session, kept for its delayed will, which taking it over has cancelled:
      // end it (its subscriptions are not this life's) and start a clean one, resumed from then on.
      await endSession(first.opened.client);
      const fresh = await attempt(options, 5, will, watch, { clean: true, expirySeconds: delay });
      if (!fresh.ok) throw fresh.error;
      fresh.opened.client.options.clean = false;
      return fresh.opened;
    }
    if (!first.refusedVersion) throw first.error;
  }
  const fallback = await attempt(options, 4, will, watch, sessionRequest(options, 4, delay));
  if (fallback.ok) return fallback.opened;
  throw fallback.error;
}

/** Closes a client with a DISCONNECT that ends its MQTT 5 session at once (and discards its will). */
export function endSession(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.end(false, { properties: { sessionExpiryInterval: 0 } }, () => resolve()));
}

function attempt(
  options: ResolvedMqttOptions,
  protocolVersion: 4 | 5,
  will: HubWill | undefined,
  watch: SocketWatch,
  session: SessionRequest,
): Promise<Attempt> {
  let socketError: unknown;
  const client = new MqttClient(
    () => {
      const socket = openSocket(options);
      socket.on('error', (error) => {
        socketError = error;
      });
      watch.opened(socket);
      return socket;
    },
    clientOptions(options, protocolVersion, will, session),
  );
  // mqtt.js reports errors it also acts on (a refused CONNACK, a socket error before a reconnect);
  // without a listener an EventEmitter would throw them into the event loop.
  client.on('error', ignore);
  return new Promise<Attempt>((resolve) => {
    const settle = (result: Attempt) => {
      client.removeListener('connect', onConnect);
      client.removeListener('error', onError);
      client.removeListener('close', onClose);
      if (!result.ok) client.end(true);
      resolve(result);
    };
    const onConnect = (connack: IConnackPacket) =>
      settle({
        ok: true,
        sessionPresent: connack.sessionPresent,
        opened: {
          client,
          protocolVersion,
          subscriptionIds: protocolVersion === 5 && connack.properties?.subscriptionIdentifiersAvailable !== false,
          sharedSubscriptions: protocolVersion === 5 && connack.properties?.sharedSubscriptionAvailable !== false,
          endSessionOnClose: protocolVersion === 5 && !options.persistent && session.expirySeconds > 0,
        },
      });
    const onError = (error: Error & { code?: unknown }) =>
      settle({ ok: false, error, refusedVersion: typeof error.code === 'number' && versionRefusals.has(error.code) });
    // A broker that does not speak v5 may just hang up: worth one try with 3.1.1 too.
    const onClose = () =>
      settle({
        ok: false,
        error: socketError ?? new Error('the broker closed the connection before accepting it'),
        refusedVersion: socketError === undefined,
      });
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
  });
}

function clientOptions(
  options: ResolvedMqttOptions,
  protocolVersion: 4 | 5,
  will: HubWill | undefined,
  session: SessionRequest,
): IClientOptions {
  const { limits } = options;
  const delayed = protocolVersion === 5 && will !== undefined && will.delaySeconds > 0;
  return {
    clientId: options.clientId,
    protocolVersion,
    keepalive: options.keepaliveSeconds,
    clean: session.clean,
    reconnectPeriod: options.reconnectMs,
    connectTimeout: options.connectTimeoutMs,
    resubscribe: true,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(will === undefined
      ? {}
      : {
          will: {
            topic: will.topic,
            payload: toBuffer(will.payload),
            qos: will.qos,
            retain: will.retain,
            ...(delayed ? { properties: { willDelayInterval: will.delaySeconds } } : {}),
          },
        }),
    ...(protocolVersion === 5
      ? {
          properties: {
            // The broker drops anything bigger instead of sending it; slack for the topic and properties.
            maximumPacketSize: limits.maxPayloadBytes + limits.maxTopicBytes + 1024,
            ...(session.expirySeconds > 0 ? { sessionExpiryInterval: session.expirySeconds } : {}),
          },
        }
      : {}),
  };
}

const ignore = (): void => undefined;

/** A Buffer view of bytes, without copying, as mqtt.js wants them. */
export const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
