import type { SigningKeyPair } from '@contactmesh/transports/signing';

/** The environment variable `contactmesh centre` is told to read a participant's private key from, by convention. */
export const keyEnvName = (id: string): string => `${id.toUpperCase().replaceAll('-', '_')}_SIGNING_KEY`;

/**
 * What `contactmesh keys` prints for participant `id`: the key pair and where each half goes;
 * with `json`, one object (`id`, `privateKey`, `publicKey`) for scripts.
 *
 * @example
 * ```ts
 * io.out(keysText('london', generateSigningKeys(), false));
 * ```
 */
export function keysText(id: string, pair: SigningKeyPair, json: boolean): string {
  if (json) return JSON.stringify({ id, privateKey: pair.privateKey, publicKey: pair.publicKey });
  return [
    `Ed25519 signing keys of ${id} (docs/security.md, "Signatures"):`,
    '',
    `private key  ${pair.privateKey}`,
    `  secret: for ${id} alone, e.g. in its environment as ${keyEnvName(id)} (the config's signing.privateKeyEnv).`,
    `public key   ${pair.publicKey}`,
    `  pin it in every other participant's signing.peers: "${id}": "${pair.publicKey}"`,
  ].join('\n');
}
