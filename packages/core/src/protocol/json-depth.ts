import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError } from '../errors/contactmesh-error.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * How deeply JSON text nests arrays and objects (`3` is 0, `{}` 1, `[{"a":[]}]` 3), found in one
 * pass without parsing and without recursion: `[` and `{` outside strings count up, `]` and `}`
 * down. The text need not be valid JSON; UTF-8 bytes give the same answer as their text, since no
 * byte of a multi-byte character is ASCII. The scan stops as soon as the depth passes `stopAbove`,
 * and answers `stopAbove + 1` then.
 *
 * @example
 * ```ts
 * jsonDepth('{"body":{"skills":[1]}}'); // 3
 * jsonDepth('['.repeat(100_000), 64); // 65: stopped at the 65th bracket
 * ```
 */
export function jsonDepth(text: string | Uint8Array, stopAbove = Number.POSITIVE_INFINITY): number {
  const isText = typeof text === 'string';
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = isText ? text.charCodeAt(i) : (text[i] as number);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if ((code === CLOSE_ARRAY || code === CLOSE_OBJECT) && depth > 0) {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * Refuses JSON text that nests deeper than `limit` (`maxJsonDepth`), before anything parses or
 * walks it: no message of the protocol comes near the limit, and a value thousands deep would
 * exhaust the stack of whatever code recurses over it. `what` names the text in the message.
 *
 * @example
 * ```ts
 * const tooDeep = checkJsonDepth(text, limits.maxJsonDepth);
 * if (tooDeep !== undefined) return err(tooDeep);
 * ```
 */
export function checkJsonDepth(text: string | Uint8Array, limit: number, what = 'Payload'): ContactmeshError | undefined {
  const depth = jsonDepth(text, limit);
  if (depth <= limit) return undefined;
  return new ContactmeshError(
    ErrorCode.INVALID_MESSAGE,
    `${what} nests arrays and objects more than ${limit} deep (maxJsonDepth); no message is that deep — send flatter JSON or raise maxJsonDepth.`,
    { path: '(root)', limit },
  );
}
