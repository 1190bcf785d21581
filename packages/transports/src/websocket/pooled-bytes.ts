import { Buffer } from 'node:buffer';
import type { Allocate } from './frame-codec.js';

/**
 * Memory from Node's Buffer pool (slices of shared 8 KiB blocks, for sizes under 4 KiB), as a
 * plain `Uint8Array`: a frame or a kept payload then costs no `ArrayBuffer` of its own, whose
 * allocation and collection were most of the relay's and the Node client's cost per message. As
 * with any small Node Buffer, a payload kept for long keeps its 8 KiB block alive. The memory comes
 * uninitialised; every caller writes each byte it is given. Node only — browsers use
 * {@link freshBytes}.
 *
 * @example
 * ```ts
 * socket.send(encodeFrame(header, payload, pooledBytes));
 * ```
 */
export const pooledBytes: Allocate = (size) => {
  const buffer = Buffer.allocUnsafe(size);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
};
