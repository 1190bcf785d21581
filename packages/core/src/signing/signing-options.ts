import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, pattern, refine } from '../protocol/codecs.js';
import { CentreId } from '../protocol/primitives.js';
import type { Ed25519 } from './ed25519.js';

/** An Ed25519 key, private (the seed) or public: 32 bytes written as 43 base64url characters. */
export const SigningKey = pattern(
  /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/,
  'an Ed25519 key: 32 bytes as 43 base64url characters (contactmesh keys makes them)',
);

/**
 * A private key as {@link SigningKey}, except that a refusal does not quote it: error messages
 * end up in logs, and a key that is nearly right (a stray newline) is nearly the secret.
 */
export const PrivateSigningKey = new t.Type<string, string, unknown>(
  'an Ed25519 private key',
  (u): u is string => SigningKey.is(u),
  (u, c) =>
    SigningKey.is(u)
      ? t.success(u)
      : t.failure(
          typeof u === 'string' ? `(${u.length} characters, not shown)` : u,
          c,
          'expected an Ed25519 private key: 32 bytes as 43 base64url characters (contactmesh keys makes them)',
        ),
  t.identity,
);

/** At most this many peers' keys are pinned. */
export const maxPinnedKeys = 10_000;

/** At most this many keys are pinned for one peer at once (the old and the new while a key is rotated). */
export const maxKeysPerPeer = 4;

// Keys are checked here, not by `t.record`, which would drop a key it refuses instead of naming it.
/** `peers`: participant id → its public key, or its keys while one is rotated (any of them may sign). */
export const SigningPeers = refine(
  t.record(
    t.string,
    t.union([
      SigningKey,
      refine(t.array(SigningKey), (keys) => keys.length >= 1 && keys.length <= maxKeysPerPeer, `1 to ${maxKeysPerPeer} keys`),
    ]),
  ),
  (peers) => Object.keys(peers).length <= maxPinnedKeys && Object.keys(peers).every((id) => CentreId.is(id)),
  `peers: participant id (a-z, 0-9, -) → its public key, or 1 to ${maxKeysPerPeer} of them; at most ${maxPinnedKeys} peers`,
);
const Ed25519Argument = refine(
  t.UnknownRecord,
  (u) => typeof u.signer === 'function' && typeof u.verifier === 'function',
  'an Ed25519 implementation (signer, verifier), e.g. nodeEd25519 from @contactmesh/transports/signing',
);

/** `value` as a refusal may quote it: a `privateKey` in it, or in its `signing`, replaced. */
function hidden(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const { privateKey, signing } = value as { privateKey?: unknown; signing?: unknown };
  if (typeof privateKey === 'string') return { ...value, privateKey: '(not shown)' };
  return signing === undefined || hidden(signing) === signing ? value : { ...value, signing: hidden(signing) };
}

/**
 * `codec`, except that its refusals never quote a private key: an error names the value it
 * refused, and error messages end up in logs.
 */
export function hidingPrivateKeys<A, O>(codec: t.Type<A, O, unknown>): t.Type<A, O, unknown> {
  return new t.Type<A, O, unknown>(
    codec.name,
    codec.is,
    (u, c) => {
      const result = codec.validate(u, c);
      return isLeft(result) ? t.failures(result.left.map((error) => ({ ...error, value: hidden(error.value) }))) : result;
    },
    codec.encode,
  );
}

/** The `signing` option of `createCentre` and `createAgentBidder`, closed. */
export const SigningOptionsArgument = hidingPrivateKeys(
  closedType('signing', { ed25519: Ed25519Argument, privateKey: PrivateSigningKey, peers: SigningPeers }, { require: t.boolean }),
);

/**
 * Signatures for a network whose broker or relay is shared or not trusted (docs/security.md,
 * "Signatures"): this participant signs everything it publishes and sends, and checks what it
 * receives against the public keys pinned here.
 */
export interface SigningOptions {
  /** The signature primitive: `nodeEd25519` from `@contactmesh/transports/signing` in Node. */
  readonly ed25519: Ed25519;
  /** This participant's private key, base64url (`contactmesh keys` makes one); keep it out of files. */
  readonly privateKey: string;
  /**
   * The public key of every other participant whose messages are accepted — centres, gateways,
   * agents' nodes — or a list of them while a key is rotated (a message signed by any passes).
   */
  readonly peers: Readonly<Record<string, string | readonly string[]>>;
  /**
   * `true` (default): a message from a participant without a pinned key is refused. `false`: it
   * is accepted unchecked — only while rolling signatures out; pinned participants are checked either way.
   */
  readonly require?: boolean;
}
