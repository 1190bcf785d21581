import { cpus } from 'node:os';
import { coreMessages, decode, type Envelope, encode } from '../packages/core/src/protocol/index.js';
import { createRandom } from '../packages/core/src/random/random.js';
import { createMessageSigning } from '../packages/core/src/signing/index.js';
import { generateSigningKeys, nodeEd25519 } from '../packages/transports/src/signing/index.js';
import { replicaAgent } from './replica-agents.js';
import { record } from './results.js';
import { median } from './stats.js';
import { duration, ratio, table } from './table.js';

// What signatures cost a message (docs/security.md, "Signatures"): the sender encodes and signs,
// the receiver decodes and checks the signature against the sender's pinned key — against the same
// agent snapshots encoded and decoded without signatures. Rounds alternate the two, and each
// figure is the median of the rounds' mean time per message, both ends' work on one core. Nearly
// all of it is OpenSSL's Ed25519 (on a 2.4 GHz EPYC core, about 100 µs to sign and 250 µs to
// verify). Target: with signatures, one core still carries at least 1,000 messages a second from
// sender to receiver (at most 1 ms per message).

const targetNs = 1_000_000;
const now = 1_700_000_000_000;

export interface MessageSigningOptions {
  /** Messages per round. */
  readonly messages: number;
  readonly rounds: number;
  readonly log: (line: string) => void;
}

/** Runs the measurement and returns the report to print. */
export function messageSigning(options: MessageSigningOptions): string {
  const { messages, rounds, log } = options;
  log(`message-signing: ${messages.toLocaleString('en')} agent snapshots per round, ${rounds} rounds each way…`);
  const random = createRandom(11);
  const sent: { readonly topic: string; readonly message: Envelope }[] = Array.from({ length: messages }, (_, i) => {
    const body = replicaAgent(random, i, now, 'teams');
    const message = { v: 1, id: `m${i}`, type: 'agent.snapshot', from: `${body.home}/agent/${body.id}`, ts: now, body };
    return { topic: `cm/acme/replica/${body.home}/agent/${body.id}`, message };
  });
  const homes = [...new Set(sent.map(({ message }) => message.from.split('/')[0] ?? ''))];
  // One key for every sending centre is enough: the receiver's work per message is the same.
  const keys = generateSigningKeys();
  const receiver = generateSigningKeys();
  const peers = Object.fromEntries(homes.map((home) => [home, keys.publicKey]));
  const senders = new Map(
    homes.map((home) => [home, createMessageSigning(home, { ed25519: nodeEd25519, privateKey: keys.privateKey, peers: {} })]),
  );
  const checker = createMessageSigning('receiver', { ed25519: nodeEd25519, privateKey: receiver.privateKey, peers });

  let sink = 0;
  const plain = (): number => {
    const start = process.hrtime.bigint();
    for (const { message } of sent) {
      const bytes = encode(message);
      if (!bytes.ok) throw bytes.error;
      const decoded = decode(bytes.value, { registry: coreMessages });
      if (!decoded.ok) throw decoded.error;
      sink += bytes.value.length;
    }
    return Number(process.hrtime.bigint() - start) / messages;
  };
  let bytesSigned = 0;
  const signed = (): number => {
    bytesSigned = 0;
    const start = process.hrtime.bigint();
    for (const { topic, message } of sent) {
      const signer = senders.get(message.from.split('/')[0] ?? '');
      if (signer === undefined) throw new Error(`no key for ${message.from}`);
      const bytes = encode(message);
      if (!bytes.ok) throw bytes.error;
      const payload = signer.seal(topic, bytes.value);
      const decoded = decode(payload, { registry: coreMessages });
      if (!decoded.ok) throw decoded.error;
      const refused = checker.check(topic, payload, decoded.value.from);
      if (refused !== undefined) throw new Error(refused);
      bytesSigned += payload.length;
      sink += payload.length;
    }
    return Number(process.hrtime.bigint() - start) / messages;
  };
  plain();
  signed(); // warm-up
  const plainNs: number[] = [];
  const signedNs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    plainNs.push(plain());
    signedNs.push(signed());
  }
  if (sink === 0) throw new Error('nothing was measured');
  const ours = median(signedNs);
  const baseline = median(plainNs);
  const plainBytes = sent.reduce((sum, { message }) => sum + JSON.stringify(message).length, 0) / messages;
  record({
    name: 'message signing: encode + sign + decode + verify, per message',
    unit: 'µs',
    ours: Number((ours / 1_000).toFixed(2)),
    baseline: Number((baseline / 1_000).toFixed(2)),
    target: `<= ${targetNs / 1_000} µs`,
    met: ours <= targetNs,
  });
  return [
    '',
    `message signing: Ed25519 (node:crypto) over each agent snapshot and its topic, ${(plainBytes).toFixed(0)} bytes on average (+${(bytesSigned / messages - plainBytes).toFixed(0)} signed); ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`,
    table(
      ['per message', 'time', 'messages / s (one core)'],
      [
        ['encode + decode (no signatures)', duration(baseline), perSecond(baseline)],
        ['encode + sign + decode + verify', duration(ours), perSecond(ours)],
        ['ratio', ratio(ours / baseline), ''],
      ],
    ),
    `target <= ${targetNs / 1_000} µs per message with signatures: ${ours <= targetNs ? 'met' : 'missed'}`,
  ].join('\n');
}

const perSecond = (ns: number): string => Math.round(1e9 / ns).toLocaleString('en');
