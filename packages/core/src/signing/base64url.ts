// Base64url without padding (RFC 4648 §5): how keys and signatures are written in options, config
// files and on the wire. By hand because core runs where `Buffer` does not (browsers, the checker).

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const values = new Int8Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;

/**
 * The bytes as base64url, without padding.
 *
 * @example
 * ```ts
 * toBase64url(new Uint8Array([251, 255])); // '-_8'
 * ```
 */
export function toBase64url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    text += alphabet[(n >> 18) & 63];
    text += alphabet[(n >> 12) & 63];
    if (i + 1 < bytes.length) text += alphabet[(n >> 6) & 63];
    if (i + 2 < bytes.length) text += alphabet[n & 63];
  }
  return text;
}

/**
 * The bytes a base64url text (without padding) stands for, or `undefined` when it is not one:
 * a character outside the alphabet, a length no byte count gives, or bits set past the last byte.
 *
 * @example
 * ```ts
 * fromBase64url('-_8'); // Uint8Array [251, 255]
 * fromBase64url('-_9'); // undefined: a bit is set past the last byte
 * ```
 */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let held = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (values[code] ?? -1) : -1;
    if (value < 0) return undefined;
    held = ((held << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (held >> bits) & 0xff;
    }
  }
  // Only one text stands for each byte string: the unused low bits of the last character are zero.
  if ((held & ((1 << bits) - 1)) !== 0) return undefined;
  return bytes;
}
