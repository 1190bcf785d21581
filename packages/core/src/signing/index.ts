export { fromBase64url, toBase64url } from './base64url.js';
export type { Ed25519 } from './ed25519.js';
export { createMessageSigning } from './message-signing.js';
export type { MessageSigning } from './message-signing.js';
export { signatureOverhead } from './signed-payload.js';
export { maxKeysPerPeer, maxPinnedKeys, PrivateSigningKey, SigningKey, SigningOptionsArgument, SigningPeers } from './signing-options.js';
export type { SigningOptions } from './signing-options.js';
