import type { OutgoingMessage } from '../effects/effects.js';
import type { Limits } from '../limits.js';
import { encode } from '../protocol/encode.js';
import type { Envelope } from '../protocol/registry.js';
import type { NetworkTopics } from '../protocol/topics.js';
import type { MessageSigning } from '../signing/message-signing.js';
import type { ConnectOptions } from '../transport/transport.js';
import type { RuntimeOptions } from './runtime.js';

/**
 * The connect options that leave `will` with the broker (DESIGN.md §4, presence): the message
 * enveloped, encoded within the payload limit (room left for a signature) and sealed when
 * signatures are on; retained unless it says otherwise, QoS 1, and its delay when it has one.
 * Throws the encoder's coded error for a will too large to send.
 *
 * @example
 * ```ts
 * await transport.connect(lastWill(options.will, (m) => envelope(self, m), { topics, limits }));
 * ```
 */
export function lastWill(
  will: RuntimeOptions['will'],
  envelope: (message: OutgoingMessage) => Envelope,
  { topics, limits, signing }: { readonly topics: NetworkTopics; readonly limits: Limits; readonly signing?: MessageSigning | undefined },
): ConnectOptions {
  if (will === undefined) return {};
  const topic = topics.absolute(will.topic);
  const bytes = encode(envelope(will.message), limits.maxPayloadBytes - (signing?.overhead ?? 0));
  if (!bytes.ok) throw bytes.error;
  const payload = signing === undefined ? bytes.value : signing.seal(topic, bytes.value);
  const delaySeconds = will.delaySeconds ?? 0;
  return { will: { topic, payload, retain: will.retain ?? true, qos: 1, ...(delaySeconds > 0 ? { delaySeconds } : {}) } };
}
