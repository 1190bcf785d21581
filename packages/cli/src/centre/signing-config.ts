import { type SigningOptions, SigningPeers } from '@contactmesh/core';
import { closedType, refine } from '@contactmesh/core/protocol';
import { nodeEd25519 } from '@contactmesh/transports/signing';
import * as t from 'io-ts';

const envName = refine(t.string, (s) => /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(s), 'an environment variable name (letters, digits, _)');

/** The config file's `signing`: the private key's environment variable, the peers' public keys, and whether to require them. */
export const SigningConfig = closedType(
  'SigningConfig',
  {
    privateKeyEnv: envName,
    peers: SigningPeers,
  },
  { require: t.boolean },
);
export type SigningConfig = t.TypeOf<typeof SigningConfig>;

/**
 * The `signing` option of the centre from its config: the private key read from the environment
 * variable the config names (never from the file), Ed25519 from `node:crypto`.
 *
 * @example
 * ```ts
 * const signing = signingFromConfig({ privateKeyEnv: 'LONDON_SIGNING_KEY', peers: { paris: '…' } }, process.env);
 * ```
 */
export function signingFromConfig(config: SigningConfig, env: Readonly<Record<string, string | undefined>>): SigningOptions {
  const privateKey = env[config.privateKeyEnv];
  if (privateKey === undefined || privateKey === '')
    throw new Error(`signing.privateKeyEnv names the environment variable ${config.privateKeyEnv}, which is not set.`);
  return {
    ed25519: nodeEd25519,
    privateKey: privateKey.trim(),
    peers: config.peers,
    ...(config.require === undefined ? {} : { require: config.require }),
  };
}
