/**
 * Ed25519 as a runtime needs it, synchronously (a message is signed as it is sent and checked as it
 * arrives, in order). Core does no I/O and imports no platform module: a Node process passes
 * `nodeEd25519` from `@contactmesh/transports/signing`, built on `node:crypto`. Keys are the raw
 * 32-byte forms of RFC 8032 — the private key is the seed.
 *
 * @example
 * ```ts
 * const keys = ed25519.signer(privateKey);
 * const signature = keys.sign(data);
 * ed25519.verifier(keys.publicKey)(data, signature); // true
 * ```
 */
export interface Ed25519 {
  /** Prepares a private key (32 bytes) once, for many signatures; throws for a key it cannot use. */
  signer(privateKey: Uint8Array): { readonly publicKey: Uint8Array; sign(data: Uint8Array): Uint8Array };
  /** Prepares a public key (32 bytes) once, for many checks; throws for a key it cannot use. */
  verifier(publicKey: Uint8Array): (data: Uint8Array, signature: Uint8Array) => boolean;
}
