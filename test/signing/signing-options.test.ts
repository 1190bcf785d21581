import {
  createAgentBidder,
  createCentre,
  createMessageSigning,
  type Ed25519,
  encode,
  type SigningOptions,
  VirtualClock,
} from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { generateSigningKeys, nodeEd25519 } from '@contactmesh/transports/signing';
import { describe, expect, it } from 'vitest';
import { testKeys } from './test-keys.js';

// The `signing` option is checked at the door, like every option of createCentre: a bad key is
// named (CM_ERR_INVALID_OPTION) and nothing is created. A private key is never quoted.

const clock = new VirtualClock(0);
const hub = createMemoryHub({ clock, seed: 1 });
const london = testKeys('london');
const paris = testKeys('paris');
const good: SigningOptions = { ed25519: nodeEd25519, privateKey: london.privateKey, peers: { paris: paris.publicKey } };

const centreWith = (signing: unknown) =>
  createCentre({
    id: 'london',
    network: 'acme',
    transport: hub.transport('london'),
    clock,
    adapter: { offer: () => {} },
    signing,
  } as never);

function refusal(make: () => unknown): { code: string; message: string } {
  try {
    make();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('it was not refused');
}

describe('the signing option', () => {
  it('is taken with a private key and peers’ public keys made by generateSigningKeys', async () => {
    const made = generateSigningKeys();
    expect(made.privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.publicKey).toBe(testKeysPublic(made.privateKey));
    const centre = centreWith({ ...good, peers: { ...good.peers, london: london.publicKey }, require: true });
    await centre.stop();
  });

  it.each([
    ['a private key too short', { ...good, privateKey: london.privateKey.slice(1) }, 'privateKey'],
    ['a private key in standard base64', { ...good, privateKey: `${london.privateKey.slice(0, 41)}+=` }, 'privateKey'],
    [
      'a private key whose last character sets bits past the 32 bytes',
      { ...good, privateKey: `${london.privateKey.slice(0, 42)}B` },
      'privateKey',
    ],
    ['a peer’s public key that is not one', { ...good, peers: { paris: 'not a key' } }, 'peers'],
    ['a peer id that is not a participant id', { ...good, peers: { Paris: paris.publicKey } }, 'peers'],
    ['no Ed25519 primitive', { privateKey: london.privateKey, peers: {} }, 'ed25519'],
    ['a field it does not know', { ...good, required: true }, 'required'],
    ['require that is not a boolean', { ...good, require: 'yes' }, 'require'],
    ['its own id pinned to a key that is not its own', { ...good, peers: { london: paris.publicKey } }, 'peers.london'],
    ['more than four keys for one peer', { ...good, peers: { paris: Array(5).fill(paris.publicKey) } }, 'peers'],
    ['an empty list of keys for a peer', { ...good, peers: { paris: [] } }, 'peers'],
  ])('refuses %s with CM_ERR_INVALID_OPTION, naming the field', (_, signing, field) => {
    const error = refusal(() => centreWith(signing));
    expect(error.code).toBe('CM_ERR_INVALID_OPTION');
    expect(error.message).toContain(field);
    expect(error.message).not.toContain(london.privateKey.slice(0, 20));
  });

  it('refuses a key the primitive cannot use, and never quotes the private key', () => {
    const picky: Ed25519 = {
      signer: () => {
        throw new RangeError('not a point');
      },
      verifier: nodeEd25519.verifier,
    };
    const error = refusal(() => centreWith({ ...good, ed25519: picky }));
    expect(error.code).toBe('CM_ERR_INVALID_OPTION');
    expect(error.message).toContain('privateKey');
    expect(error.message).toContain('not a point');
    expect(error.message).not.toContain(london.privateKey);
  });

  it('never quotes the private key, even where a refusal shows the options around it', () => {
    const options = { signing: good, id: 'london', network: 'acme', transport: hub.transport('london'), adapter: { offer: () => {} } };
    const error = refusal(() => createCentre({ ...options, mode: { kind: 'everywhere' } } as never));
    expect(error.code).toBe('CM_ERR_INVALID_OPTION');
    const unknown = refusal(() => createCentre({ ...options, signin: true } as never));
    expect(unknown.message).toContain('signin');
    for (const { message } of [error, unknown]) expect(message).not.toContain(london.privateKey.slice(0, 20));
  });

  it('takes a peer’s old and new keys while its key is rotated, and no other', () => {
    const old = testKeys('london', 'old');
    const message = encode({ v: 1, id: 'm1', type: 'presence', from: 'london/runtime/main', ts: 0, body: {} });
    if (!message.ok) throw message.error;
    const topic = 'cm/acme/presence/london';
    const sealedBy = (privateKey: string) => createMessageSigning('london', { ...good, privateKey }).seal(topic, message.value);
    const atParis = createMessageSigning('paris', {
      ...good,
      privateKey: paris.privateKey,
      peers: { london: [old.publicKey, london.publicKey] },
    });
    expect(atParis.check(topic, sealedBy(old.privateKey), 'london/runtime/main')).toBeUndefined();
    expect(atParis.check(topic, sealedBy(london.privateKey), 'london/runtime/main')).toBeUndefined();
    expect(atParis.check(topic, sealedBy(testKeys('london', 'other').privateKey), 'london/runtime/main')).toMatch(/does not hold/);
  });

  it('is checked by createAgentBidder too', () => {
    const error = refusal(() =>
      createAgentBidder({
        node: 'london-ada',
        network: 'acme',
        transport: hub.transport('london-ada'),
        home: 'london',
        agent: { id: 'ada', skills: { billing: 7 } },
        clock,
        signing: { ...good, peers: { london: 'short' } },
      }),
    );
    expect(error.code).toBe('CM_ERR_INVALID_OPTION');
    expect(error.message).toContain('peers');
  });
});

function testKeysPublic(privateKey: string): string {
  return Buffer.from(nodeEd25519.signer(Buffer.from(privateKey, 'base64url')).publicKey).toString('base64url');
}
