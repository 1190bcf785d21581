import type { Socket } from 'node:net';
import { type Limits, resolveLimits } from '@contactmesh/core';
import { checkInteger, checkKeys, checkParticipantId, invalidOption } from '../shared/option-checks.js';
import { checkTls, type TlsOptions } from '../shared/tls-options.js';

/** TLS material for an `mqtts://` broker; anything left out comes from Node's defaults. */
export type MqttTlsOptions = TlsOptions;

/** The limits an MQTT transport checks before anything goes on the wire. */
export type MqttLimits = Pick<Limits, 'maxPayloadBytes' | 'maxTopicBytes' | 'maxSubscriptions'>;

/** Options of {@link createMqttTransport}. */
export interface MqttTransportOptions {
  /** The participant this transport connects as; also gives the MQTT client id. */
  readonly participantId: string;
  /** The broker: `mqtt://host:port` (1883 by default) or `mqtts://host:port` (8883 by default). */
  readonly url: string;
  /** Put before the participant id to make the MQTT client id, e.g. to keep test runs apart. Default `cm-`. */
  readonly clientIdPrefix?: string;
  readonly username?: string;
  readonly password?: string;
  /** TLS material for `mqtts://`. */
  readonly tls?: MqttTlsOptions;
  /** MQTT keepalive, in seconds (0 turns it off). Default 30. */
  readonly keepaliveSeconds?: number;
  /**
   * `clean` (default): the broker forgets subscriptions and queued QoS 1 messages when the
   * connection ends. `persistent`: it keeps them for `sessionExpirySeconds` (MQTT 5) or until the
   * participant returns (3.1.1), so QoS 1 messages sent while it was away arrive on reconnect.
   */
  readonly session?: 'clean' | 'persistent';
  /** How long an MQTT 5 broker keeps a persistent session after the connection ends, in seconds. Default 3600. */
  readonly sessionExpirySeconds?: number;
  /** 5 (default) tries MQTT 5 and falls back to 3.1.1 when the broker refuses it; 4 speaks 3.1.1 only. */
  readonly protocolVersion?: 4 | 5;
  /**
   * Wait before the first attempt to reconnect after a lost connection, in ms: drawn from
   * [reconnectMs / 2, reconnectMs], doubling with each attempt that fails or whose connection the
   * broker ends again soon after (within `maxReconnectMs`), up to `maxReconnectMs`. Default 1000.
   */
  readonly reconnectMs?: number;
  /** The reconnect back-off's ceiling, in ms; at least `reconnectMs`. Default 10,000 (or `reconnectMs`, when longer). */
  readonly maxReconnectMs?: number;
  /** Give up a connection attempt after this many ms. Default 10,000. */
  readonly connectTimeoutMs?: number;
  /** How long `close()` waits for the broker to acknowledge QoS 1 publications in flight, in ms. Default 2,000. */
  readonly closeTimeoutMs?: number;
  /**
   * Most publications held while reconnecting — made meanwhile, or sent before and not yet
   * acknowledged; one more is refused with `CM_ERR_QUEUE_FULL`. Default 1,000.
   */
  readonly maxQueuedPublishes?: number;
  /** Overrides of the payload, topic and subscription limits (defaults: `defaultLimits`). */
  readonly limits?: Partial<MqttLimits>;
  /**
   * Called with every socket the transport opens, after TCP_NODELAY is set: for extra socket
   * tuning, and for tests that simulate a crash by destroying it.
   */
  readonly onSocket?: (socket: Socket) => void;
}

/** Options with defaults applied and checked. */
export interface ResolvedMqttOptions {
  readonly participantId: string;
  readonly clientId: string;
  readonly secure: boolean;
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly tls: MqttTlsOptions;
  readonly keepaliveSeconds: number;
  readonly persistent: boolean;
  readonly sessionExpirySeconds: number;
  readonly protocolVersion: 4 | 5;
  readonly reconnectMs: number;
  readonly maxReconnectMs: number;
  readonly connectTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly maxQueuedPublishes: number;
  readonly limits: MqttLimits;
  readonly onSocket: ((socket: Socket) => void) | undefined;
}

const knownOptions = [
  'participantId',
  'url',
  'clientIdPrefix',
  'username',
  'password',
  'tls',
  'keepaliveSeconds',
  'session',
  'sessionExpirySeconds',
  'protocolVersion',
  'reconnectMs',
  'maxReconnectMs',
  'connectTimeoutMs',
  'closeTimeoutMs',
  'maxQueuedPublishes',
  'limits',
  'onSocket',
];
const knownLimits = ['maxPayloadBytes', 'maxTopicBytes', 'maxSubscriptions'];

/** The defaults of the options an operator sets most (the rest are documented on {@link MqttTransportOptions}). */
export const mqttDefaults = { keepaliveSeconds: 30, clientIdPrefix: 'cm-' } as const;

/** Applies defaults and validates, throwing `CM_ERR_INVALID_OPTION` naming the bad option. */
export function resolveMqttOptions(options: MqttTransportOptions): ResolvedMqttOptions {
  checkKeys('options', options, knownOptions);
  const participantId = checkParticipantId('participantId', options.participantId);
  const { secure, host, port } = parseBrokerUrl(options.url);
  const clientIdPrefix = checkString('clientIdPrefix', options.clientIdPrefix ?? mqttDefaults.clientIdPrefix);
  const session = options.session ?? 'clean';
  if (session !== 'clean' && session !== 'persistent') throw invalidOption('session', session, "'clean' or 'persistent'");
  const protocolVersion = options.protocolVersion ?? 5;
  if (protocolVersion !== 4 && protocolVersion !== 5)
    throw invalidOption('protocolVersion', protocolVersion, '5 (with fallback to 3.1.1) or 4 (3.1.1 only)');
  const tls = checkTls(options.tls, secure, 'mqtts://');
  const limits = options.limits === undefined ? {} : checkKeys('limits', options.limits, knownLimits);
  const resolved = resolveLimits(limits);
  if (options.onSocket !== undefined && typeof options.onSocket !== 'function')
    throw invalidOption('onSocket', options.onSocket, 'a function');
  const reconnectMs = checkInteger('reconnectMs', options.reconnectMs ?? 1000, 1);
  return {
    participantId,
    clientId: `${clientIdPrefix}${participantId}`,
    secure,
    host,
    port,
    url: options.url,
    username: options.username === undefined ? undefined : checkString('username', options.username),
    password: options.password === undefined ? undefined : checkString('password', options.password),
    tls,
    keepaliveSeconds: checkInteger('keepaliveSeconds', options.keepaliveSeconds ?? mqttDefaults.keepaliveSeconds),
    persistent: session === 'persistent',
    sessionExpirySeconds: checkInteger('sessionExpirySeconds', options.sessionExpirySeconds ?? 3600),
    protocolVersion,
    reconnectMs,
    maxReconnectMs: checkInteger('maxReconnectMs', options.maxReconnectMs ?? Math.max(10_000, reconnectMs), reconnectMs),
    connectTimeoutMs: checkInteger('connectTimeoutMs', options.connectTimeoutMs ?? 10_000, 1),
    closeTimeoutMs: checkInteger('closeTimeoutMs', options.closeTimeoutMs ?? 2_000),
    maxQueuedPublishes: checkInteger('maxQueuedPublishes', options.maxQueuedPublishes ?? 1_000),
    limits: {
      maxPayloadBytes: resolved.maxPayloadBytes,
      maxTopicBytes: resolved.maxTopicBytes,
      maxSubscriptions: resolved.maxSubscriptions,
    },
    onSocket: options.onSocket,
  };
}

function parseBrokerUrl(value: unknown): { secure: boolean; host: string; port: number } {
  const expected = 'a broker url such as mqtt://127.0.0.1:1883 or mqtts://broker.example:8883';
  if (typeof value !== 'string') throw invalidOption('url', value, expected);
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw Object.assign(invalidOption('url', value, expected), { cause });
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:') throw invalidOption('url', value, expected);
  if (url.hostname === '') throw invalidOption('url', value, expected);
  const secure = url.protocol === 'mqtts:';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { secure, host, port: url.port === '' ? (secure ? 8883 : 1883) : Number(url.port) };
}

function checkString(path: string, value: unknown): string {
  if (typeof value !== 'string') throw invalidOption(path, value, 'a string');
  return value;
}
