/**
 * Ed25519 for message signatures in Node (docs/security.md, "Signatures").
 *
 * @module @contactmesh/transports/signing
 */
export { generateSigningKeys, nodeEd25519 } from './node-ed25519.js';
export type { SigningKeyPair } from './node-ed25519.js';
