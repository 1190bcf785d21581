import * as t from 'io-ts';
import { Address, MessageId, MessageType, Signature, Timestamp } from './primitives.js';

/**
 * The envelope with its body still undecoded; the body is decoded by the codec its `type` names.
 * `sig` is a signature by the sender's key (docs/protocol.md, "Signatures"); only a receiver that
 * pins keys checks it, against the payload's bytes.
 */
export const EnvelopeCodec = t.intersection([
  t.type({ v: t.number, id: MessageId, type: MessageType, from: Address, ts: Timestamp, body: t.unknown }),
  t.partial({ to: Address, sig: Signature }),
]);
