const encoder = new TextEncoder();

/**
 * The UTF-8 length of `text`, computed only as far as needed to tell whether it is over `max`:
 * a string never takes fewer UTF-8 bytes than UTF-16 code units, nor more than three per unit.
 */
export function utf8ByteLength(text: string, max: number): number {
  if (text.length > max) return text.length;
  if (text.length * 3 <= max) return text.length;
  return encoder.encode(text).byteLength;
}
