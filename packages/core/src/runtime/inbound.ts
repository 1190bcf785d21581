import { filter, map, type Observable, type Subject } from 'rxjs';
import type { Limits } from '../limits.js';
import { decode } from '../protocol/decode.js';
import type { Envelope, MessageRegistry } from '../protocol/registry.js';
import type { InboundMessage } from '../transport/transport.js';
import type { DedupeWindow } from './dedupe-window.js';
import type { RuntimeEvent, RuntimeStats } from './runtime-events.js';

interface InboundContext {
  readonly registry: MessageRegistry;
  readonly limits: Limits;
  readonly dedupe: DedupeWindow;
  readonly stats: RuntimeStats;
  readonly events: Subject<RuntimeEvent>;
}

/**
 * Untrusted bytes in, valid first-seen messages out. A payload that fails any check becomes a
 * `message.rejected` event and a counter; a repeated message id becomes `message.duplicate`.
 * An empty payload is a cleared retained value and goes to `onCleared`. Nothing here throws, so
 * one bad message cannot end the subscription.
 */
export function inboundPipeline(
  source: Observable<InboundMessage>,
  context: InboundContext,
  onCleared: (topic: string) => void,
): Observable<Envelope> {
  const { registry, limits, dedupe, stats, events } = context;
  return source.pipe(
    map((inbound) => {
      stats.received += 1;
      // An empty payload is a cleared retained topic (an auction closed, an object gone), not bad input.
      if (inbound.payload.byteLength === 0) {
        onCleared(inbound.topic);
        return undefined;
      }
      const result = decode(inbound.payload, { registry, maxPayloadBytes: limits.maxPayloadBytes });
      if (!result.ok) {
        const code = result.error.code;
        stats.rejected[code] = (stats.rejected[code] ?? 0) + 1;
        events.next({ type: 'message.rejected', code, reason: result.error.message, topic: inbound.topic });
        return undefined;
      }
      // Retained values are current state, not events: a re-delivery after resubscribing is not a repeat.
      if (!inbound.retained && !dedupe.add(`${result.value.from}|${result.value.id}`)) {
        stats.duplicates += 1;
        events.next({ type: 'message.duplicate', id: result.value.id, from: result.value.from });
        return undefined;
      }
      return result.value;
    }),
    filter((message): message is Envelope => message !== undefined),
  );
}
