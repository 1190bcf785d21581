import type { Observable, Subject, Subscription } from 'rxjs';
import { ErrorCode } from '../errors/codes.js';
import { isContactmeshError, preview } from '../errors/contactmesh-error.js';
import type { Limits } from '../limits.js';
import { decode } from '../protocol/decode.js';
import type { Envelope, MessageRegistry } from '../protocol/registry.js';
import { senderMismatch } from '../protocol/sender-check.js';
import type { MessageSigning } from '../signing/message-signing.js';
import type { InboundMessage } from '../transport/transport.js';
import type { DedupeWindow } from './dedupe-window.js';
import type { RuntimeEvent, RuntimeStats } from './runtime-events.js';

interface InboundContext {
  readonly registry: MessageRegistry;
  readonly limits: Limits;
  readonly dedupe: DedupeWindow;
  readonly stats: RuntimeStats;
  readonly events: Subject<RuntimeEvent>;
  /** The receiver's clock, for the sender checks' bounds. */
  readonly now: () => number;
  /** With signatures on: the keys every sender's messages are checked against. */
  readonly signing?: MessageSigning;
  /** The receiver's own judgement of a message that passed the sender check (`RuntimeOptions.admit`). */
  readonly admit?: ((topic: string, message: Envelope) => string | undefined) | undefined;
}

/** Where {@link receiveInbound} hands what it receives. */
export interface InboundHandlers {
  /** A valid message, seen for the first time. */
  message(message: Envelope): void;
  /** An empty payload: the retained value of `topic` was cleared. */
  cleared(topic: string): void;
  /** The transport ended the subscription with an error. */
  failed(error: unknown): void;
}

/**
 * Untrusted bytes in, valid first-seen messages out. A payload that fails any check — decoding,
 * the sender check (`CM_ERR_IMPERSONATION`), the receiver's `admit` (`CM_ERR_NOT_AUTHORIZED`) —
 * becomes a `message.rejected` event and a counter; a repeated message id becomes `message.duplicate`.
 * An empty payload is a cleared retained value and goes to `cleared`.
 *
 * Nothing thrown while receiving or handling one message escapes: it too becomes
 * `message.rejected` (its own code, `CM_ERR_INVALID_MESSAGE` while decoding, `CM_ERR_ACTOR_FAILED`
 * while delivering) and the subscription goes on. A throw in an RxJS operator would end the
 * subscription; one in a subscriber is rethrown by RxJS on a timer, which ends the process.
 */
export function receiveInbound(source: Observable<InboundMessage>, context: InboundContext, on: InboundHandlers): Subscription {
  const { registry, limits, dedupe, stats, events } = context;
  const reject = (code: ErrorCode, reason: string, topic: string) => {
    stats.rejected[code] = (stats.rejected[code] ?? 0) + 1;
    events.next({ type: 'message.rejected', code, reason, topic });
  };
  return source.subscribe({
    next: (inbound) => {
      let delivering = false;
      try {
        stats.received += 1;
        // An empty payload is a cleared retained topic (an auction closed, an object gone), not bad input.
        if (inbound.payload.byteLength === 0) {
          delivering = true;
          on.cleared(inbound.topic);
          return;
        }
        const result = decode(inbound.payload, { registry, maxPayloadBytes: limits.maxPayloadBytes, maxJsonDepth: limits.maxJsonDepth });
        if (!result.ok) return reject(result.error.code, result.error.message, inbound.topic);
        // The topic says who published; the envelope and the body must agree (invariant 9).
        const forged = senderMismatch(inbound.topic, result.value, context.now());
        if (forged !== undefined) return reject(ErrorCode.IMPERSONATION, `${forged}; dropped.`, inbound.topic);
        // Signatures on: the sender's pinned key signed these very bytes for this very topic.
        const unsigned = context.signing?.check(inbound.topic, inbound.payload, result.value.from);
        if (unsigned !== undefined)
          return reject(ErrorCode.BAD_SIGNATURE, `${result.value.type} on ${inbound.topic}: ${unsigned}; dropped.`, inbound.topic);
        // Then whether this sender may send this at all (a centre checks types against roles).
        const refused = context.admit?.(inbound.topic, result.value);
        if (refused !== undefined) return reject(ErrorCode.NOT_AUTHORIZED, `${refused}; dropped.`, inbound.topic);
        // Retained values are current state, not events: a re-delivery after resubscribing is not a repeat.
        if (!inbound.retained && !dedupe.add(`${result.value.from}|${result.value.id}`)) {
          stats.duplicates += 1;
          events.next({ type: 'message.duplicate', id: result.value.id, from: result.value.from });
          return;
        }
        delivering = true;
        on.message(result.value);
      } catch (error) {
        const code = isContactmeshError(error) ? error.code : delivering ? ErrorCode.ACTOR_FAILED : ErrorCode.INVALID_MESSAGE;
        const topic = topicOf(inbound);
        const what = delivering ? 'Delivering a message' : 'Receiving a message';
        reject(code, `${what} from ${topic} threw (${reasonOf(error)}); it was dropped and the subscription goes on.`, topic);
      }
    },
    error: (error: unknown) => on.failed(error),
  });
}

// The two below describe whatever reached the catch: they never throw, nor recurse into it.
function topicOf(inbound: unknown): string {
  try {
    const topic = (inbound as { topic?: unknown }).topic;
    return typeof topic === 'string' ? topic : preview(topic);
  } catch {
    return '(no topic)';
  }
}

function reasonOf(error: unknown): string {
  try {
    const message = error instanceof Error ? error.message : error;
    if (typeof message !== 'string') return preview(message, 200);
    return message.length > 200 ? `${message.slice(0, 199)}…` : message;
  } catch {
    return 'an error that cannot be shown';
  }
}
