import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Status tokens: the capability a customer holds to see and steer their own contact (DESIGN.md §6).
 * 128 bits from the platform's CSPRNG, separate from the contact id; only the SHA-256 of a token
 * travels or is stored, so a replica, a topic or a log never holds one.
 */
/** The one part of Web Crypto tokens need (named structurally, so no DOM typings are required). */
interface RandomSource {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

const webCrypto = (): RandomSource => {
  const crypto = (globalThis as { crypto?: RandomSource }).crypto;
  if (crypto?.getRandomValues === undefined)
    throw new TypeError('Web Crypto (crypto.getRandomValues) is needed for status tokens: Node 20+ and every browser have it.');
  return crypto;
};

/** A token is 22 to 64 URL-safe characters; anything else is refused before it is hashed. */
export const isStatusToken = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{22,64}$/.test(value);

/**
 * A new status token: 16 random bytes, base64url (22 characters).
 *
 * @example
 * ```ts
 * const token = newStatusToken(); // 'k3J9…' — hand it to the customer; keep only hashToken(token)
 * ```
 */
export function newStatusToken(): string {
  const bytes = webCrypto().getRandomValues(new Uint8Array(16));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The SHA-256 of a token, lower-case hex: what contacts, status topics and messages carry.
 * Synchronous, so a contact is hosted in the same turn it arrives (and a simulation on a virtual
 * clock never waits on a thread pool).
 *
 * @example
 * ```ts
 * const tokenHash = hashToken(token);
 * ```
 */
export function hashToken(token: string): string {
  return bytesToHex(sha256(utf8ToBytes(token)));
}
