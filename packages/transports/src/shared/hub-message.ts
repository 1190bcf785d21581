import {
  type ConnectOptions,
  ContactmeshError,
  ErrorCode,
  err,
  type Limits,
  ok,
  type PublishOptions,
  preview,
  type QoS,
  type Result,
  validateTopic,
} from '@contactmesh/core';
import { invalidOption, unknownKey } from './option-checks.js';

/** A publication as the hub keeps it: validated topic, bytes of its own, QoS and retain resolved. */
export interface HubMessage {
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly qos: QoS;
  readonly retain: boolean;
  /** Seconds after which it expires (`PublishOptions.expirySeconds`); absent: never. */
  readonly expirySeconds?: number;
}

/** A will as the hub keeps it: the message, and how long to wait before publishing it. */
export interface HubWill extends HubMessage {
  /** 0: at once. */
  readonly delaySeconds: number;
}

/** MQTT's four-byte integer: the largest expiry interval and will delay it can carry. */
export const maxIntervalSeconds = 4_294_967_295;

const publishKeys = ['retain', 'qos', 'expirySeconds'];
const willKeys = ['topic', 'payload', 'retain', 'qos', 'delaySeconds'];

const encoder = new TextEncoder();

/**
 * Validates and copies a publication (or a will): topic rules, QoS, expiry and the payload limit.
 * Unknown option keys are not checked here (the relay passes its frames); see {@link toPublication}.
 */
export function toHubMessage(
  topic: string,
  payload: Uint8Array | string,
  options: PublishOptions,
  limits: Pick<Limits, 'maxPayloadBytes' | 'maxTopicBytes'>,
): Result<HubMessage> {
  const valid = validateTopic(topic, limits.maxTopicBytes);
  if (!valid.ok) return valid;
  const qos = options.qos ?? 0;
  if (qos !== 0 && qos !== 1) return err(badOption('qos', qos, 'QoS must be 0 or 1'));
  const { expirySeconds } = options;
  if (expirySeconds !== undefined && !isSeconds(expirySeconds, 1)) {
    return err(invalidOption('expirySeconds', expirySeconds, `a whole number of seconds from 1 to ${maxIntervalSeconds}`));
  }
  if (!(payload instanceof Uint8Array) && typeof payload !== 'string') {
    return err(badOption('payload', payload, 'a payload must be a Uint8Array or a string'));
  }
  // A string never has fewer UTF-8 bytes than UTF-16 units, so a long one is refused unencoded.
  const bytes = typeof payload === 'string' && payload.length > limits.maxPayloadBytes ? undefined : toBytes(payload);
  if (bytes === undefined || bytes.byteLength > limits.maxPayloadBytes) {
    const actual = bytes === undefined ? `at least ${payload.length}` : String(bytes.byteLength);
    return err(
      new ContactmeshError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        `Payload for topic ${preview(topic)} has ${actual} bytes, more than the limit of ${limits.maxPayloadBytes}; split it or raise limits.maxPayloadBytes.`,
        { value: topic, limit: limits.maxPayloadBytes },
      ),
    );
  }
  return ok({ topic, payload: bytes, qos, retain: options.retain === true, ...(expirySeconds === undefined ? {} : { expirySeconds }) });
}

/**
 * {@link toHubMessage} for `transport.publish()`, which also refuses option keys it does not know
 * (`CM_ERR_INVALID_OPTION`), so a misspelt `expirySecs` is not silently ignored.
 */
export function toPublication(
  topic: string,
  payload: Uint8Array | string,
  options: PublishOptions,
  limits: Pick<Limits, 'maxPayloadBytes' | 'maxTopicBytes'>,
): Result<HubMessage> {
  const unknown = unknownKey('options', options, publishKeys);
  return unknown === undefined ? toHubMessage(topic, payload, options, limits) : err(unknown);
}

/** Checks `connect()` options and the will in them: keys, topic, QoS, payload limit and `delaySeconds`. */
export function toHubWill(options: ConnectOptions, limits: Pick<Limits, 'maxPayloadBytes' | 'maxTopicBytes'>): Result<HubWill | undefined> {
  const unknown = unknownKey('options', options, ['will']);
  if (unknown !== undefined) return err(unknown);
  const { will } = options;
  if (will === undefined) return ok(undefined);
  const unknownInWill = unknownKey('will', will, willKeys);
  if (unknownInWill !== undefined) return err(unknownInWill);
  const delaySeconds = will.delaySeconds ?? 0;
  if (!isSeconds(delaySeconds, 0)) {
    return err(invalidOption('will.delaySeconds', delaySeconds, `a whole number of seconds from 0 to ${maxIntervalSeconds}`));
  }
  const message = toHubMessage(will.topic, will.payload, { qos: will.qos ?? 0, retain: will.retain ?? false }, limits);
  return message.ok ? ok({ ...message.value, delaySeconds }) : message;
}

const isSeconds = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= maxIntervalSeconds;

// Copies, so a publisher reusing its buffer cannot change what subscribers receive.
const toBytes = (payload: Uint8Array | string): Uint8Array => (typeof payload === 'string' ? encoder.encode(payload) : payload.slice());

const badOption = (path: string, value: unknown, why: string): ContactmeshError =>
  new ContactmeshError(ErrorCode.INVALID_OPTION, `${why}, got ${preview(value)}.`, { path, value });
