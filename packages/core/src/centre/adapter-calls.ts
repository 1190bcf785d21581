import type { AdapterCommand } from '../effects/adapter-command.js';
import type { Adapter } from './centre.js';

/**
 * Carries one adapter command of a machine to the embedder's `Adapter` method of its kind, and
 * returns what the method returned (the runtime awaits only a promise-like).
 *
 * @example
 * ```ts
 * toAdapter(adapter, { kind: 'offer', agent: 'a1', contact: 'c1', media: 'voice' }); // adapter.offer(…)
 * ```
 */
export function toAdapter(adapter: Adapter, command: AdapterCommand): unknown {
  switch (command.kind) {
    case 'offer': {
      const { kind: _, ...argument } = command;
      return adapter.offer(argument);
    }
    case 'stopRinging': {
      const { kind: _, ...argument } = command;
      return adapter.stopRinging?.(argument);
    }
    case 'substitute': {
      const { kind: _, ...argument } = command;
      return adapter.substitute?.(argument);
    }
    case 'connect': {
      const { kind: _, ...argument } = command;
      return adapter.connect?.(argument);
    }
    case 'forward': {
      const { kind: _, ...argument } = command;
      return adapter.forward?.(argument);
    }
    case 'end': {
      const { kind: _, ...argument } = command;
      return adapter.end?.(argument);
    }
  }
}
