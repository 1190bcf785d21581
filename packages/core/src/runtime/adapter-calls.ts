import type { Subject } from 'rxjs';
import type { AdapterEffect } from '../effects/effects.js';
import type { RuntimeEvent, RuntimeStats } from './runtime-events.js';

type Command = AdapterEffect['command'];

/**
 * Carries an adapter effect to the embedder: counted, streamed on `commands` (the runtime's
 * `adapterCommands$`), then handed to `adapter`. A throw or a rejected promise becomes an
 * `adapter.failed` event; it never reaches the machine that emitted the effect.
 *
 * @example
 * ```ts
 * callAdapter(command, options.adapter, { stats, commands, events });
 * ```
 */
export function callAdapter(
  command: Command,
  adapter: ((command: Command) => unknown) | undefined,
  to: { readonly stats: RuntimeStats; readonly commands: Subject<Command>; readonly events: Subject<RuntimeEvent> },
): void {
  to.stats.adapterCommands += 1;
  to.commands.next(command);
  const fail = (error: unknown) => {
    to.stats.failedEffects += 1;
    to.events.next({ type: 'adapter.failed', reason: error instanceof Error ? error.message : String(error), command });
  };
  try {
    // An adapter may return anything (`acd.ring()`'s number, say); only a promise-like is awaited.
    const returned: unknown = adapter?.(command);
    if (isThenable(returned)) Promise.resolve(returned).then(undefined, fail);
  } catch (error) {
    fail(error);
  }
}

/** True for a promise or any object with a `then` method (what `await` would wait for). */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  return typeof (value as { then?: unknown }).then === 'function';
}
