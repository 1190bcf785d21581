/**
 * Status tokens: the capability a customer holds to see and steer their own contact (DESIGN.md §6).
 * 128 bits from the platform's CSPRNG, separate from the contact id; only the SHA-256 of a token
 * travels or is stored, so a replica, a topic or a log never holds one.
 */
const webCrypto = (): Crypto => {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (crypto?.subtle === undefined)
    throw new TypeError(
      'Web Crypto (crypto.getRandomValues and crypto.subtle) is needed for status tokens: Node 20+ and every browser have it.',
    );
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
 *
 * @example
 * ```ts
 * const tokenHash = await hashToken(token);
 * ```
 */
export async function hashToken(token: string): Promise<string> {
  const digest = await webCrypto().subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
