import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Ids on the wire are at most this long (`ObjectId`). */
const maxIdLength = 128;

/**
 * An id made from another id and a suffix — `{base}:{suffix}`, as a lease is `{agent}:{fence}` —
 * that stays within the 128 characters every id may have: a base too long for it is replaced by
 * the first 40 hex digits of its SHA-256. Every node derives the same id from the same parts.
 *
 * @example
 * ```ts
 * derivedId('a1', '7'); // 'a1:7'
 * derivedId('x'.repeat(128), '7'); // '<40 hex digits>:7'
 * ```
 */
export function derivedId(base: string, suffix: string | number): string {
  const id = `${base}:${suffix}`;
  if (id.length <= maxIdLength) return id;
  return `${bytesToHex(sha256(utf8ToBytes(base))).slice(0, 40)}:${suffix}`;
}
