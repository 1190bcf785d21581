import { createMessageSigning, encode } from '@contactmesh/core';
import { nodeEd25519 } from '@contactmesh/transports/signing';
import { describe, expect, it } from 'vitest';
import { parseCentreConfig } from '../../src/centre/centre-config.js';
import { signingFromConfig } from '../../src/centre/signing-config.js';
import { ExitCode } from '../../src/index.js';
import { runCli } from '../run-cli.js';

const keysOf = async (id: string) => {
  const { out, err, exitCode } = await runCli(['keys', '--id', id, '--json']);
  expect({ err, exitCode }).toEqual({ err: '', exitCode: ExitCode.ok });
  return JSON.parse(out) as { id: string; privateKey: string; publicKey: string };
};

describe('contactmesh keys', () => {
  it('prints a new key pair that signs for one participant and verifies at another', async () => {
    const london = await keysOf('london');
    const paris = await keysOf('paris');
    expect(london.id).toBe('london');
    expect(london.privateKey).not.toBe(paris.privateKey);
    const signer = createMessageSigning('london', { ed25519: nodeEd25519, privateKey: london.privateKey, peers: {} });
    const checker = createMessageSigning('paris', {
      ed25519: nodeEd25519,
      privateKey: paris.privateKey,
      peers: { london: london.publicKey },
    });
    expect(signer.publicKey).toBe(london.publicKey);
    const bytes = encode({ v: 1, id: 'm1', type: 'presence', from: 'london/runtime/main', ts: 0, body: {} });
    if (!bytes.ok) throw bytes.error;
    const topic = 'cm/acme/presence/london';
    expect(checker.check(topic, signer.seal(topic, bytes.value), 'london/runtime/main')).toBeUndefined();
  });

  it('says where each half goes, and refuses an id that is not a participant id', async () => {
    const { out } = await runCli(['keys', '--id', 'new-york']);
    expect(out).toMatch(/^private key {2}[A-Za-z0-9_-]{43}$/m);
    expect(out).toContain('NEW_YORK_SIGNING_KEY');
    expect(out).toMatch(/signing\.peers: "new-york": "[A-Za-z0-9_-]{43}"/);
    const bad = await runCli(['keys', '--id', 'New York']);
    expect(bad.exitCode).toBe(ExitCode.usage);
    expect(bad.err).toMatch(/--id/);
  });
});

describe('the signing field of contactmesh centre’s config', () => {
  it('takes the private key from the environment variable it names, never from the file', async () => {
    const paris = await keysOf('paris');
    const config = parseCentreConfig(
      { agents: [], signing: { privateKeyEnv: 'LONDON_SIGNING_KEY', peers: { paris: paris.publicKey }, require: true } },
      'c.json',
    );
    const signing = signingFromConfig(config.signing ?? { privateKeyEnv: '', peers: {} }, { LONDON_SIGNING_KEY: `${paris.privateKey}\n` });
    expect(signing).toMatchObject({ privateKey: paris.privateKey, peers: { paris: paris.publicKey }, require: true });
    expect(() => signingFromConfig(config.signing ?? { privateKeyEnv: '', peers: {} }, {})).toThrow(
      'signing.privateKeyEnv names the environment variable LONDON_SIGNING_KEY, which is not set.',
    );
  });

  it('names a bad field: a private key in the file, a peer’s key that is not one', () => {
    expect(() => parseCentreConfig({ agents: [], signing: { privateKey: 'x', peers: {} } }, 'c.json')).toThrow(
      /unknown field "privateKey"/,
    );
    expect(() => parseCentreConfig({ agents: [], signing: { privateKeyEnv: 'K', peers: { paris: 'short' } } }, 'c.json')).toThrow(
      /at signing\.peers\.paris: expected an Ed25519 key/,
    );
  });
});
