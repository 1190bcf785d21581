import type { AdapterEffect } from '../effects/effects.js';
import type { Adapter } from './centre.js';

/**
 * Carries one adapter effect of a machine to the embedder's `Adapter` method of its kind, and
 * returns what the method returned (the runtime awaits only a promise-like).
 *
 * @example
 * ```ts
 * toAdapter(adapter, { kind: 'offer', agent: 'a1', contact: 'c1', media: 'voice' }); // adapter.offer(…)
 * ```
 */
export function toAdapter(adapter: Adapter, command: AdapterEffect['command']): unknown {
  const c = command as Record<string, unknown>;
  switch (command.kind) {
    case 'offer':
      return adapter.offer({ agent: String(c.agent), contact: String(c.contact), media: c.media as never });
    case 'stopRinging':
      return adapter.stopRinging?.({ agent: String(c.agent), contact: String(c.contact) });
    case 'substitute':
      return adapter.substitute?.(c as never);
    case 'connect':
      return adapter.connect?.({ contact: String(c.contact), agent: String(c.agent) });
    case 'forward':
      return adapter.forward?.({
        contact: String(c.contact),
        to: String(c.to),
        ...(c.agent === undefined ? {} : { agent: String(c.agent) }),
      });
    case 'end':
      return adapter.end?.({ contact: String(c.contact), outcome: String(c.outcome), reason: String(c.reason) });
    default:
      return undefined;
  }
}
