import { ContactmeshError, ErrorCode, err, ok, preview, type Result } from '@contactmesh/core';
import { isRight } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';

/** A decoded frame: its validated header and the payload bytes after it (empty when there are none). */
export interface Frame<H> {
  readonly header: H;
  readonly payload: Uint8Array;
}

const LF = 0x0a;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes a frame: the header as UTF-8 JSON, then — when there is a payload — one LF byte and the
 * payload bytes. JSON never contains a raw LF, so the first LF ends the header. Frames without a
 * payload are text, the others binary.
 *
 * @example
 * ```ts
 * socket.send(encodeFrame({ type: 'pub', mid: 1, topic: 'cm/x', qos: 1, retain: false }, bytes));
 * ```
 */
export function encodeFrame(header: object, payload?: Uint8Array): string | Uint8Array {
  const json = JSON.stringify(header);
  if (payload === undefined) return json;
  const head = encoder.encode(json);
  const frame = new Uint8Array(head.byteLength + 1 + payload.byteLength);
  frame.set(head, 0);
  frame[head.byteLength] = LF;
  frame.set(payload, head.byteLength + 1);
  return frame;
}

/**
 * Decodes an untrusted frame: size check first, then UTF-8, JSON and the io-ts codec. Never throws:
 * `CM_ERR_PAYLOAD_TOO_LARGE`, `CM_ERR_MALFORMED_JSON` or `CM_ERR_INVALID_MESSAGE` come back as a result.
 *
 * @example
 * ```ts
 * const frame = decodeFrame(ClientFrame, data, 68 * 1024);
 * if (!frame.ok) reply(frame.error.code);
 * ```
 */
export function decodeFrame<H>(codec: t.Decoder<unknown, H>, data: string | Uint8Array, maxBytes: number): Result<Frame<H>> {
  // A string never has fewer UTF-8 bytes than UTF-16 units, so a long one is refused unencoded.
  if (data.length > maxBytes) return err(tooLarge(data.length, maxBytes));
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  if (bytes.byteLength > maxBytes) return err(tooLarge(bytes.byteLength, maxBytes));
  const end = bytes.indexOf(LF);
  const head = end < 0 ? bytes : bytes.subarray(0, end);
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(head));
  } catch (cause) {
    return err(new ContactmeshError(ErrorCode.MALFORMED_JSON, 'A relay frame must start with a UTF-8 JSON header.', {}, { cause }));
  }
  const decoded = codec.decode(json);
  if (!isRight(decoded)) return err(invalidFrame(decoded.left));
  // A plain copy (not a Node Buffer): the socket may reuse its buffer, and a subscriber owns the bytes it is given.
  const payload = end < 0 ? new Uint8Array(0) : new Uint8Array(bytes.subarray(end + 1));
  return ok({ header: decoded.right, payload });
}

function tooLarge(size: number, limit: number): ContactmeshError {
  return new ContactmeshError(
    ErrorCode.PAYLOAD_TOO_LARGE,
    `A relay frame of ${size} bytes is over the limit of ${limit}; publish smaller payloads or raise maxFrameBytes.`,
    { limit },
  );
}

function invalidFrame(errors: t.Errors): ContactmeshError {
  const first = errors[0];
  const path =
    first?.context
      .map((c) => c.key)
      .filter((k) => k !== '' && !/^\d+$/.test(k))
      .join('.') || '(root)';
  const found = first === undefined || first.value === undefined ? 'nothing' : preview(first.value);
  return new ContactmeshError(
    ErrorCode.INVALID_MESSAGE,
    `Invalid relay frame at ${path}: got ${found}; see docs/transports.md for the frames.`,
    {
      path,
      value: first?.value,
    },
  );
}
