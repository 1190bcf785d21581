import { type Limits, ok, type PublishOptions, type Result } from '@contactmesh/core';
import { type HubMessage, toHubMessage } from '../shared/hub-message.js';

const empty = new Uint8Array(0);

/**
 * {@link toHubMessage}'s verdict on a publication, with the payload as `keep` makes it instead of
 * a fresh copy (an `ArrayBuffer` each, more than the rest of the check costs): the relay keeps
 * the frame's own bytes, which go into `msg` frames before the next frame is read, and copies
 * only what it stores; the Node client copies into pooled memory.
 *
 * toHubMessage looks at the bytes for nothing but their type and size, after everything else: so
 * bytes within the limit get the verdict it gives an empty payload, and anything else — a string
 * (encoding it copies it anyway), not bytes at all, or too big — is left to it whole, refusal and
 * all. The property tests hold the two to the same answers.
 *
 * @example
 * ```ts
 * const message = checkPublication(frame.topic, payload, frame, limits, (bytes) => bytes);
 * if (!message.ok) refuse(message.error);
 * ```
 */
export function checkPublication(
  topic: string,
  payload: Uint8Array | string,
  options: PublishOptions,
  limits: Pick<Limits, 'maxPayloadBytes' | 'maxTopicBytes'>,
  keep: (payload: Uint8Array) => Uint8Array,
): Result<HubMessage> {
  if (!(payload instanceof Uint8Array) || payload.byteLength > limits.maxPayloadBytes) {
    return toHubMessage(topic, payload, options, limits);
  }
  const checked = toHubMessage(topic, empty, options, limits);
  return checked.ok ? ok({ ...checked.value, payload: keep(payload) }) : checked;
}
