import type { EventObject } from 'xstate';

/**
 * The watchers of a runtime's actors (`runtime.watch`), keyed by address: each is told every event
 * its actor took, right after the transition. A watcher that throws is reported through `failed`
 * and the others go on.
 */
export class ActorWatchers {
  readonly #watchers = new Map<string, Set<(event: EventObject) => void>>();

  constructor(private readonly failed: (address: string, reason: string) => void) {}

  /** Adds a watcher of `address`; returns a function that removes it. */
  add(address: string, watcher: (event: EventObject) => void): () => void {
    let own = this.#watchers.get(address);
    if (own === undefined) {
      own = new Set();
      this.#watchers.set(address, own);
    }
    own.add(watcher);
    return () => {
      own.delete(watcher);
      if (own.size === 0 && this.#watchers.get(address) === own) this.#watchers.delete(address);
    };
  }

  /** Tells every watcher of `address` that its actor took `event`. */
  took(address: string, event: EventObject): void {
    for (const watcher of this.#watchers.get(address) ?? []) {
      try {
        watcher(event);
      } catch (error) {
        this.failed(address, `a watcher failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** An object input without `at` gets the time the actor is hosted, as every event gets the time it is delivered. */
export function stampedInput(input: unknown, now: number): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || 'at' in input) return input;
  return { ...input, at: now };
}
