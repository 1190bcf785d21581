/**
 * A fresh command id: 16 bytes of `crypto.getRandomValues`, hex (32 characters, within the
 * contract's `[A-Za-z0-9._:-]{1,128}`). One per user action; a retry of the same action reuses it,
 * so the gateway answers a repeat with the first answer instead of acting twice.
 *
 * @example
 * ```ts
 * newCommandId(); // '9f86d081884c7d659a2feaa0c55ad015'
 * ```
 */
export function newCommandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
