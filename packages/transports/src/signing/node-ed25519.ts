import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import type { Ed25519 } from '@contactmesh/core';

// Node takes raw Ed25519 keys in DER wrappers of fixed prefixes (RFC 8410): PKCS #8 for the
// private key (its seed), SubjectPublicKeyInfo for the public one.
const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');
const keyBytes = 32;

function checkLength(what: string, key: Uint8Array): void {
  if (key.length !== keyBytes) throw new RangeError(`An Ed25519 ${what} key is ${keyBytes} bytes, got ${key.length}.`);
}

const rawPublicKey = (key: KeyObject): Uint8Array =>
  new Uint8Array(key.export({ format: 'der', type: 'spki' }).subarray(spkiPrefix.length));

/**
 * Ed25519 on `node:crypto` (OpenSSL): what a centre, gateway or agent's node running in Node
 * passes as `signing.ed25519`. Keys are prepared once; each message then costs one `sign` or
 * `verify` call (docs/benchmarks.md, message-signing).
 *
 * @example
 * ```ts
 * const centre = createCentre({ id: 'london', network: 'acme', transport, adapter,
 *   signing: { ed25519: nodeEd25519, privateKey: process.env.LONDON_SIGNING_KEY ?? '', peers: { paris: parisPublicKey } } });
 * ```
 */
export const nodeEd25519: Ed25519 = {
  signer(privateKey) {
    checkLength('private', privateKey);
    const key = createPrivateKey({ key: Buffer.concat([pkcs8Prefix, privateKey]), format: 'der', type: 'pkcs8' });
    return { publicKey: rawPublicKey(createPublicKey(key)), sign: (data) => new Uint8Array(sign(null, data, key)) };
  },
  verifier(publicKey) {
    checkLength('public', publicKey);
    const key = createPublicKey({ key: Buffer.concat([spkiPrefix, publicKey]), format: 'der', type: 'spki' });
    return (data, signature) => {
      try {
        return signature.length === 64 && verify(null, data, key, signature);
      } catch {
        return false;
      }
    };
  },
};

/** A participant's new key pair, base64url: the private key is its own, the public key goes to every peer. */
export interface SigningKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/**
 * Makes a new Ed25519 key pair from the operating system's CSPRNG (`contactmesh keys` prints one).
 *
 * @example
 * ```ts
 * const { privateKey, publicKey } = generateSigningKeys();
 * // privateKey → this participant's secret store; publicKey → signing.peers of every other participant
 * ```
 */
export function generateSigningKeys(): SigningKeyPair {
  const pair = generateKeyPairSync('ed25519');
  const seed = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(pkcs8Prefix.length);
  return {
    privateKey: Buffer.from(seed).toString('base64url'),
    publicKey: Buffer.from(rawPublicKey(pair.publicKey)).toString('base64url'),
  };
}
