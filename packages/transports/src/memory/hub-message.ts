import {
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

/** A publication as the hub keeps it: validated topic, bytes of its own, QoS and retain resolved. */
export interface HubMessage {
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly qos: QoS;
  readonly retain: boolean;
}

const encoder = new TextEncoder();

/**
 * Validates and copies a publication (or a will): topic rules, QoS and the payload limit.
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
  return ok({ topic, payload: bytes, qos, retain: options.retain === true });
}

// Copies, so a publisher reusing its buffer cannot change what subscribers receive.
const toBytes = (payload: Uint8Array | string): Uint8Array => (typeof payload === 'string' ? encoder.encode(payload) : payload.slice());

const badOption = (path: string, value: unknown, why: string): ContactmeshError =>
  new ContactmeshError(ErrorCode.INVALID_OPTION, `${why}, got ${preview(value)}.`, { path, value });
