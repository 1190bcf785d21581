import { checkArgument } from '../centre/arguments.js';
import { ContactmeshError, ErrorCode, preview } from '../errors/index.js';
import { centreOf } from '../protocol/address.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { attachSignature, detachSignature, signatureOverhead, signedData } from './signed-payload.js';
import { type SigningOptions, SigningOptionsArgument } from './signing-options.js';

/**
 * A participant's signatures, ready for its runtime: `seal` signs what it publishes and sends,
 * `check` holds what it receives to the keys pinned for the senders.
 */
export interface MessageSigning {
  /** This participant's public key, base64url: what its peers pin. */
  readonly publicKey: string;
  /** The bytes `seal` adds to a payload (encode with `maxPayloadBytes` less this). */
  readonly overhead: number;
  /** The encoded envelope `payload`, signed for `topic` (absolute, `cm/{network}/…`). */
  seal(topic: string, payload: Uint8Array): Uint8Array;
  /**
   * Why the decoded message `from` (an address), received as `payload` on `topic`, must be
   * dropped; `undefined` when its signature holds, or when no key is pinned for its sender and
   * signatures are not required. The sender is the centre part of `from`: the sender check has
   * already held it to the publisher the topic names.
   */
  check(topic: string, payload: Uint8Array, from: string): string | undefined;
}

// A private key is never quoted: error messages end up in logs.
const door = (path: string, message: string, value?: string): ContactmeshError =>
  new ContactmeshError(ErrorCode.INVALID_OPTION, message, { path, ...(value === undefined ? {} : { value: preview(value) }) });

/**
 * Prepares `participant`'s signatures from its `signing` option, checked at the door: the keys'
 * form (`CM_ERR_INVALID_OPTION` naming the field), that the primitive takes them, and that a key
 * pinned for the participant itself is its own.
 *
 * @example
 * ```ts
 * const signing = createMessageSigning('london', { ed25519: nodeEd25519, privateKey, peers: { paris: parisPublicKey } });
 * const runtime = createRuntime({ centre: 'london', network: 'acme', transport, signing });
 * ```
 */
export function createMessageSigning(participant: string, options: SigningOptions): MessageSigning {
  const checked = checkArgument(SigningOptionsArgument, options, 'signing', ErrorCode.INVALID_OPTION);
  const { ed25519 } = options;
  const prepare = <T>(path: string, key: string, make: (bytes: Uint8Array) => T): T => {
    try {
      return make(fromBase64url(key) as Uint8Array);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      const message = `Invalid signing at ${path}: the Ed25519 primitive refused the key (${reason}); make keys with contactmesh keys.`;
      throw door(path, message, path === 'privateKey' ? undefined : key);
    }
  };
  const own = prepare('privateKey', checked.privateKey, (bytes) => ed25519.signer(bytes));
  const publicKey = toBase64url(own.publicKey);
  const keysOf = (peer: string): readonly string[] => {
    const pinned = checked.peers[peer];
    return pinned === undefined ? [] : typeof pinned === 'string' ? [pinned] : pinned;
  };
  if (keysOf(participant).some((key) => key !== publicKey)) {
    throw door(
      `peers.${participant}`,
      `Invalid signing at peers.${participant}: it is not the public key of privateKey (${publicKey}); pin ${participant}'s own public key, or leave it out.`,
      keysOf(participant).join(', '),
    );
  }
  // A peer has a key, or several while one is rotated: a signature by any of them holds.
  const verifiers = new Map<string, readonly ((data: Uint8Array, signature: Uint8Array) => boolean)[]>();
  for (const peer of Object.keys(checked.peers)) {
    const many = typeof checked.peers[peer] !== 'string';
    verifiers.set(
      peer,
      keysOf(peer).map((key, i) => prepare(`peers.${peer}${many ? `.${i}` : ''}`, key, (bytes) => ed25519.verifier(bytes))),
    );
  }
  // Its own publications come back to it (replicas, presence): they are checked like anyone's.
  verifiers.set(participant, [ed25519.verifier(own.publicKey)]);
  const required = checked.require ?? true;

  return {
    publicKey,
    overhead: signatureOverhead,
    seal(topic, payload) {
      return attachSignature(payload, own.sign(signedData(topic, payload, payload.length - 1)));
    },
    check(topic, payload, from) {
      const sender = centreOf(from);
      const keys = verifiers.get(sender);
      if (keys === undefined) return required ? `no signing key is pinned for ${sender}` : undefined;
      const signed = detachSignature(payload);
      if (signed === undefined) return `the message from ${sender} is not signed`;
      const data = signedData(topic, payload, signed.end);
      return keys.some((verify) => verify(data, signed.signature))
        ? undefined
        : `the signature does not hold for this topic and these bytes with the key pinned for ${sender}`;
    },
  };
}
