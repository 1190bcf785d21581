import { createHash } from 'node:crypto';
import { type SigningOptions, toBase64url } from '@contactmesh/core';
import { nodeEd25519 } from '@contactmesh/transports/signing';

/** A participant's key pair, the same in every run: the private key is a hash of its id and a label. */
export function testKeys(id: string, label = 'test'): { readonly privateKey: string; readonly publicKey: string } {
  const seed = new Uint8Array(createHash('sha256').update(`${label}:${id}`).digest());
  return { privateKey: toBase64url(seed), publicKey: toBase64url(nodeEd25519.signer(seed).publicKey) };
}

/** Each participant's `signing` option: its own private key, and every other participant's public key pinned. */
export function signingFor(ids: readonly string[], options: { readonly require?: boolean } = {}): Record<string, SigningOptions> {
  const peers = Object.fromEntries(ids.map((id) => [id, testKeys(id).publicKey]));
  return Object.fromEntries(
    ids.map((id) => [
      id,
      {
        ed25519: nodeEd25519,
        privateKey: testKeys(id).privateKey,
        peers: Object.fromEntries(Object.entries(peers).filter(([peer]) => peer !== id)),
        ...(options.require === undefined ? {} : { require: options.require }),
      },
    ]),
  );
}
