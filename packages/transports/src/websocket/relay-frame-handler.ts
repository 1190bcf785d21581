import { ContactmeshError, ErrorCode, type InboundMessage, isContactmeshError, preview } from '@contactmesh/core';
import { type Allocate, copyBytes, decodeFrame, freshBytes } from './frame-codec.js';
import { RelayFrame } from './frames.js';

/** What a client does with each kind of frame from the relay. */
export interface RelayFrameHandlers {
  welcome(): void;
  suback(sid: number): void;
  puback(mid: number): void;
  message(sid: number, message: InboundMessage): void;
  refused(code: string, message: string, ref: { mid?: number; sid?: number }): void;
  /** A frame that failed its size check, JSON or shape: reported, never thrown. */
  invalid(error: ContactmeshError): void;
}

/**
 * Decodes one frame from the relay and hands it to the matching handler. A message's payload is
 * copied into memory from `allocate`: the subscriber owns it, and keeps no socket buffer alive.
 * Never throws (a throw would escape the socket's listener): a handler that throws is reported to
 * `invalid` with its code, or `CM_ERR_EFFECT_FAILED`.
 *
 * @example
 * ```ts
 * socket.onmessage = (event) => handleRelayFrame(event.data, 68 * 1024, handlers);
 * ```
 */
export function handleRelayFrame(
  data: string | Uint8Array,
  maxFrameBytes: number,
  on: RelayFrameHandlers,
  allocate: Allocate = freshBytes,
): void {
  try {
    dispatch(data, maxFrameBytes, on, allocate);
  } catch (error) {
    on.invalid(isContactmeshError(error) ? error : handlerFailed(error));
  }
}

function handlerFailed(error: unknown): ContactmeshError {
  const reason = error instanceof Error ? error.message : error;
  return new ContactmeshError(
    ErrorCode.EFFECT_FAILED,
    `Handling a frame from the relay threw (${typeof reason === 'string' ? reason.slice(0, 200) : preview(reason, 200)}); it was dropped.`,
    {},
    { cause: error },
  );
}

function dispatch(data: string | Uint8Array, maxFrameBytes: number, on: RelayFrameHandlers, allocate: Allocate): void {
  const decoded = decodeFrame(RelayFrame, data, maxFrameBytes);
  if (!decoded.ok) {
    on.invalid(decoded.error);
    return;
  }
  const { header, payload } = decoded.value;
  switch (header.type) {
    case 'welcome':
      on.welcome();
      return;
    case 'suback':
      on.suback(header.sid);
      return;
    case 'puback':
      on.puback(header.mid);
      return;
    case 'msg':
      on.message(header.sid, { topic: header.topic, payload: copyBytes(payload, allocate), retained: header.retained });
      return;
    case 'error': {
      const ref = { ...(header.mid === undefined ? {} : { mid: header.mid }), ...(header.sid === undefined ? {} : { sid: header.sid }) };
      on.refused(header.code, header.message, ref);
      return;
    }
    case 'pong':
      // Only says the relay is there, which any frame does: the client counts every frame it hears.
      return;
  }
}
