import { readFile, stat } from 'node:fs/promises';
import { CentreId, closedType, invalidMessage, ParticipantRole } from '@contactmesh/core/protocol';
import type { RelayIdentity } from '@contactmesh/transports/websocket';
import { isLeft } from 'fp-ts/lib/Either.js';

/** Largest tokens file `contactmesh relay --tokens-file` reads. */
export const maxTokensFileBytes = 1_048_576;
/** Most tokens one file may bind. */
export const maxTokens = 10_000;

// RFC 6750's bearer token characters; at least 16 of them, as for --token-env.
const tokenPattern = /^[A-Za-z0-9._~+/=-]{16,512}$/;

const TokenBinding = closedType('TokenBinding', { identity: CentreId, role: ParticipantRole }, {});

/** A tokens file that cannot be used: the message names the file and what is wrong (never a whole token). */
export class TokensFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokensFileError';
  }
}

/** A token as an error message may show it: its first four characters. */
const masked = (token: string): string => `${JSON.stringify(token.slice(0, 4))}…`;

/**
 * Checks a parsed tokens file — `{ "<token>": { "identity": "london", "role": "centre" }, … }` —
 * and returns the identity each token binds a relay connection to. Tokens are 16 to 512 bearer
 * token characters (A-Z a-z 0-9 . _ ~ + / = -); identities are participant ids (a-z, 0-9, -); roles
 * `centre`, `gateway` or `agent`. Errors show only a token's first four characters.
 *
 * @example
 * ```ts
 * parseRelayTokens({ 'e3b0c44298fc1c149afbf4c8': { identity: 'london', role: 'centre' } }, 'tokens.json');
 * // Map { 'e3b0c44298fc1c149afbf4c8' => { identity: 'london', role: 'centre' } }
 * ```
 */
export function parseRelayTokens(value: unknown, source: string): ReadonlyMap<string, RelayIdentity> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokensFileError(`${source}: expected an object of token → { "identity": "…", "role": "centre" | "gateway" | "agent" }.`);
  }
  const entries = Object.entries(value);
  if (entries.length === 0) throw new TokensFileError(`${source}: no tokens; bind at least one, or leave --tokens-file out.`);
  if (entries.length > maxTokens) throw new TokensFileError(`${source}: ${entries.length} tokens; at most ${maxTokens} are read.`);
  const tokens = new Map<string, RelayIdentity>();
  for (const [i, [token, binding]] of entries.entries()) {
    const which = `token ${i + 1} (${masked(token)})`;
    if (!tokenPattern.test(token)) {
      throw new TokensFileError(
        `${source}: ${which} must be 16 to 512 characters of A-Z a-z 0-9 . _ ~ + / = - (e.g. from \`openssl rand -hex 24\`); it is ${token.length} characters.`,
      );
    }
    const decoded = TokenBinding.decode(binding);
    if (isLeft(decoded)) throw new TokensFileError(`${source}: ${invalidMessage(decoded.left, [], `binding of ${which}`).message}`);
    tokens.set(token, { identity: decoded.right.identity, role: decoded.right.role });
  }
  return tokens;
}

/**
 * Reads and checks a tokens file: at most {@link maxTokensFileBytes}, JSON, then
 * {@link parseRelayTokens}. Every failure is a {@link TokensFileError} naming the file.
 *
 * @example
 * ```ts
 * const tokens = await loadRelayTokens('/etc/contactmesh/relay-tokens.json');
 * ```
 */
export async function loadRelayTokens(path: string): Promise<ReadonlyMap<string, RelayIdentity>> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new TokensFileError(`Cannot read the tokens file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  if (size > maxTokensFileBytes)
    throw new TokensFileError(`${path}: the tokens file is ${size} bytes; at most ${maxTokensFileBytes} are read.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    // JSON.parse's message may quote the text, and the text is secrets: name the problem only.
    throw new TokensFileError(`${path}: not valid JSON${error instanceof SyntaxError ? '' : ` (${String(error)})`}.`);
  }
  return parseRelayTokens(parsed, path);
}
