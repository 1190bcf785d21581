import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError } from '../errors/contactmesh-error.js';
import { defaultLimits } from '../limits.js';
import { err, ok, type Result } from '../result.js';
import type { Envelope } from './registry.js';

const encoder = new TextEncoder();

/**
 * Serializes a message to UTF-8 JSON, refusing it if it is over `maxPayloadBytes` (the receiver
 * would refuse it anyway).
 *
 * @example
 * ```ts
 * const bytes = encode(message);
 * if (bytes.ok) await transport.publish(topic, bytes.value, { qos: 1 });
 * ```
 */
export function encode(message: Envelope, maxPayloadBytes: number = defaultLimits.maxPayloadBytes): Result<Uint8Array> {
  let text: string;
  try {
    text = JSON.stringify(message);
  } catch (cause) {
    // A BigInt or a circular object in a body: a bug in the sender, reported, never thrown.
    const reason = cause instanceof Error ? cause.message : String(cause);
    return err(
      new ContactmeshError(
        ErrorCode.INVALID_MESSAGE,
        `Message ${message.type} cannot be serialized (${reason}); bodies must be plain JSON data.`,
        {},
        { cause },
      ),
    );
  }
  const bytes = encoder.encode(text);
  if (bytes.byteLength > maxPayloadBytes) {
    return err(
      new ContactmeshError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        `Message ${message.type} encodes to ${bytes.byteLength} bytes, over the limit of ${maxPayloadBytes}; send less or raise maxPayloadBytes.`,
        { limit: maxPayloadBytes, value: bytes.byteLength },
      ),
    );
  }
  return ok(bytes);
}
