import { fromBase64url, toBase64url } from './base64url.js';

// A signed payload is the JSON envelope as it was encoded, with one member put in before its
// closing brace: `…,"sig":"<86 base64url characters>"}`. The signature is over the topic, a NUL
// (no topic holds one) and the envelope's bytes without that member — exactly what was encoded,
// so nothing is canonicalized and a receiver that does not check signatures reads the envelope
// with one field more.

const encoder = new TextEncoder();
const head = encoder.encode(',"sig":"');
const signatureChars = 86;
const quote = 0x22;
const closingBrace = 0x7d;

/** The bytes a signature adds to a payload: `,"sig":"`, 86 characters and `"`. */
export const signatureOverhead = head.length + signatureChars + 1;
/** The bytes at the end of a signed payload that are not signed: the member and the brace after it. */
const tailLength = signatureOverhead + 1;

/**
 * What is signed for `payload` on `topic`: the topic, a NUL, then `payload[0, end)` and a closing
 * brace — the envelope as encoded, with `end` the offset of its own closing brace.
 */
export function signedData(topic: string, payload: Uint8Array, end: number): Uint8Array {
  const name = encoder.encode(topic);
  const data = new Uint8Array(name.length + 1 + end + 1);
  data.set(name, 0);
  data.set(payload.subarray(0, end), name.length + 1);
  data[data.length - 1] = closingBrace;
  return data;
}

/**
 * The encoded envelope `unsigned` with `signature` (64 bytes) put in as its last member.
 * Throws a `TypeError` for bytes that do not end with an object's closing brace.
 */
export function attachSignature(unsigned: Uint8Array, signature: Uint8Array): Uint8Array {
  const end = unsigned.length - 1;
  if (unsigned[end] !== closingBrace) throw new TypeError('Only an encoded envelope (a JSON object) can carry a signature.');
  const text = encoder.encode(toBase64url(signature));
  if (text.length !== signatureChars) throw new TypeError(`An Ed25519 signature is 64 bytes, got ${signature.length}.`);
  const sealed = new Uint8Array(unsigned.length + signatureOverhead);
  sealed.set(unsigned.subarray(0, end), 0);
  sealed.set(head, end);
  sealed.set(text, end + head.length);
  sealed[sealed.length - 2] = quote;
  sealed[sealed.length - 1] = closingBrace;
  return sealed;
}

/**
 * The signature a payload carries as its last member, and where the envelope it signs ends; or
 * `undefined` when the payload does not end in exactly that form.
 */
export function detachSignature(payload: Uint8Array): { readonly signature: Uint8Array; readonly end: number } | undefined {
  const end = payload.length - tailLength;
  if (end < 1 || payload[payload.length - 1] !== closingBrace || payload[payload.length - 2] !== quote) return undefined;
  for (let i = 0; i < head.length; i++) if (payload[end + i] !== head[i]) return undefined;
  const start = end + head.length;
  const signature = fromBase64url(String.fromCharCode(...payload.subarray(start, start + signatureChars)));
  return signature === undefined || signature.length !== 64 ? undefined : { signature, end };
}
