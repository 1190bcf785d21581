import type { Socket } from 'node:net';
import { type IClientOptions, type IConnackPacket, MqttClient } from 'mqtt';
import type { HubMessage } from '../memory/hub-message.js';
import type { ResolvedMqttOptions } from './mqtt-options.js';
import { openSocket } from './open-socket.js';

/** What the transport watches on each socket: whether the broker ended it (a takeover, for MQTT). */
export interface SocketWatch {
  opened(socket: Socket): void;
}

/** A client that completed its first CONNECT, and the protocol version the broker took. */
export interface OpenedClient {
  readonly client: MqttClient;
  readonly protocolVersion: 4 | 5;
  /** The broker tags each message with the MQTT 5 subscription identifiers it matched. */
  readonly subscriptionIds: boolean;
}

type Attempt =
  | { readonly ok: true; readonly opened: OpenedClient }
  | { readonly ok: false; readonly error: unknown; readonly refusedVersion: boolean };

// "Unacceptable protocol version" as a 3.1.1 broker answers a v5 CONNECT, and MQTT 5's own code.
const versionRefusals = new Set([1, 0x84]);

/**
 * Connects an mqtt.js client: MQTT 5 first (unless `protocolVersion` is 4), then 3.1.1 when the
 * broker refuses v5 or hangs up on it. Rejects with the last error when no attempt gets a CONNACK;
 * a failed attempt never reconnects on its own.
 *
 * @example
 * ```ts
 * const { client, protocolVersion } = await openClient(resolveMqttOptions({ participantId: 'london', url }), undefined, watch);
 * ```
 */
export async function openClient(options: ResolvedMqttOptions, will: HubMessage | undefined, watch: SocketWatch): Promise<OpenedClient> {
  const first = await attempt(options, options.protocolVersion, will, watch);
  if (first.ok) return first.opened;
  if (options.protocolVersion !== 5 || !first.refusedVersion) throw first.error;
  const fallback = await attempt(options, 4, will, watch);
  if (fallback.ok) return fallback.opened;
  throw fallback.error;
}

function attempt(options: ResolvedMqttOptions, protocolVersion: 4 | 5, will: HubMessage | undefined, watch: SocketWatch): Promise<Attempt> {
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
    clientOptions(options, protocolVersion, will),
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
        opened: {
          client,
          protocolVersion,
          subscriptionIds: protocolVersion === 5 && connack.properties?.subscriptionIdentifiersAvailable !== false,
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

function clientOptions(options: ResolvedMqttOptions, protocolVersion: 4 | 5, will: HubMessage | undefined): IClientOptions {
  const { limits } = options;
  return {
    clientId: options.clientId,
    protocolVersion,
    keepalive: options.keepaliveSeconds,
    clean: !options.persistent,
    reconnectPeriod: options.reconnectMs,
    connectTimeout: options.connectTimeoutMs,
    resubscribe: true,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(will === undefined ? {} : { will: { topic: will.topic, payload: toBuffer(will.payload), qos: will.qos, retain: will.retain } }),
    ...(protocolVersion === 5
      ? {
          properties: {
            // The broker drops anything bigger instead of sending it; slack for the topic and properties.
            maximumPacketSize: limits.maxPayloadBytes + limits.maxTopicBytes + 1024,
            ...(options.persistent ? { sessionExpiryInterval: options.sessionExpirySeconds } : {}),
          },
        }
      : {}),
  };
}

const ignore = (): void => undefined;

/** A Buffer view of bytes, without copying, as mqtt.js wants them. */
export const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
