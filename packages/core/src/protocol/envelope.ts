import * as t from 'io-ts';
import { Address, MessageId, MessageType, Timestamp } from './primitives.js';

/** The envelope with its body still undecoded; the body is decoded by the codec its `type` names. */
export const EnvelopeCodec = t.intersection([
  t.type({ v: t.number, id: MessageId, type: MessageType, from: Address, ts: Timestamp, body: t.unknown }),
  t.partial({ to: Address }),
]);
