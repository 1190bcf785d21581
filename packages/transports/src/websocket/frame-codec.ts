import { ContactmeshError, defaultLimits, ErrorCode, err, ok, preview, type Result } from '@contactmesh/core';
import { checkJsonDepth } from '@contactmesh/core/protocol';
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';

/** A decoded frame: its validated header and the payload bytes after it (empty when there are none). */
export interface Frame<H> {
  readonly header: H;
  /** A view of the frame's own bytes, not a copy: {@link copyBytes} what you keep past the current call. */
  readonly payload: Uint8Array;
}

/**
 * Where frames and kept payloads get their memory. A fresh `Uint8Array` is an `ArrayBuffer` of its
 * own, which costs more to make and collect than the frame costs to send; the Node client and
 * the relay pass Node's Buffer pool ({@link pooledBytes}), browsers have only fresh arrays.
 */
export type Allocate = (size: number) => Uint8Array;

/** Fresh memory for every frame: what a browser has. */
export const freshBytes: Allocate = (size) => new Uint8Array(size);

const LF = 0x0a;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const empty = new Uint8Array(0);

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
export function encodeFrame(header: object, payload?: Uint8Array, allocate: Allocate = freshBytes): string | Uint8Array {
  const json = JSON.stringify(header);
  return payload === undefined ? json : frameOf(json, payload, allocate);
}

/**
 * A binary frame from a header already in JSON: header, LF, payload, in one piece of memory from
 * `allocate`, every byte of which is written (pooled memory comes uninitialised).
 *
 * @example
 * ```ts
 * socket.send(frameOf('{"type":"msg","sid":1,"topic":"cm/x","qos":1,"retained":false}', payload, pooledBytes));
 * ```
 */
export function frameOf(json: string, payload: Uint8Array, allocate: Allocate): Uint8Array {
  // Headers are ASCII nearly always, one byte per character: encode straight into the frame.
  let frame = allocate(json.length + 1 + payload.byteLength);
  let end = json.length;
  // All of it read into json.length bytes means one byte each: the frame is exactly full.
  if (encoder.encodeInto(json, frame.subarray(0, end)).read !== json.length) {
    const head = encoder.encode(json);
    end = head.byteLength;
    frame = allocate(end + 1 + payload.byteLength);
    frame.set(head, 0);
  }
  frame[end] = LF;
  frame.set(payload, end + 1);
  return frame;
}

/** A copy of `bytes` in memory from `allocate`, for a receiver that keeps them. */
export function copyBytes(bytes: Uint8Array, allocate: Allocate): Uint8Array {
  if (bytes.byteLength === 0) return new Uint8Array(0);
  const copy = allocate(bytes.byteLength);
  copy.set(bytes, 0);
  return copy;
}

/**
 * Decodes an untrusted frame: size check first, then the header's nesting depth (at most
 * `maxDepth`, before anything parses it), UTF-8, JSON and the io-ts codec. Never throws:
 * `CM_ERR_PAYLOAD_TOO_LARGE`, `CM_ERR_MALFORMED_JSON` or `CM_ERR_INVALID_MESSAGE` come back as a result.
 * The payload is a view of `data` (see {@link Frame.payload}).
 *
 * @example
 * ```ts
 * const frame = decodeFrame(ClientFrame, data, 68 * 1024);
 * if (!frame.ok) reply(frame.error.code);
 * ```
 */
export function decodeFrame<H>(
  codec: t.Type<H, unknown>,
  data: string | Uint8Array,
  maxBytes: number,
  maxDepth: number = defaultLimits.maxJsonDepth,
): Result<Frame<H>> {
  // A string never has fewer UTF-8 bytes than UTF-16 units, so a long one is refused unencoded.
  if (data.length > maxBytes) return err(tooLarge(data.length, maxBytes));
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  if (bytes.byteLength > maxBytes) return err(tooLarge(bytes.byteLength, maxBytes));
  const end = bytes.indexOf(LF);
  const head = end < 0 ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, end);
  // Frame headers nest three deep at most; a deeper one would only be walked to be refused.
  const tooDeep = checkJsonDepth(head, maxDepth, 'A relay frame header');
  if (tooDeep !== undefined) return err(tooDeep);
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(head));
  } catch (cause) {
    return err(new ContactmeshError(ErrorCode.MALFORMED_JSON, 'A relay frame must start with a UTF-8 JSON header.', {}, { cause }));
  }
  // `is` answers as `decode` does for these codecs (none transforms a value, so a valid header
  // decodes to itself) without building a context per field; `decode` then only words a refusal.
  if (!codec.is(json)) return err(invalidFrame(codec, json));
  // A plain Uint8Array even when `data` is a Node Buffer, so `slice()` copies as everywhere else.
  const payload = end < 0 ? empty : new Uint8Array(bytes.buffer, bytes.byteOffset + end + 1, bytes.byteLength - end - 1);
  return ok({ header: json, payload });
}

function tooLarge(size: number, limit: number): ContactmeshError {
  return new ContactmeshError(
    ErrorCode.PAYLOAD_TOO_LARGE,
    `A relay frame of ${size} bytes is over the limit of ${limit}; publish smaller payloads or raise maxFrameBytes.`,
    { limit },
  );
}

function invalidFrame(codec: t.Decoder<unknown, unknown>, json: unknown): ContactmeshError {
  const decoded = codec.decode(json);
  const first = isLeft(decoded) ? decoded.left[0] : undefined;
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
