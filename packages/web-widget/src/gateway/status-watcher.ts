import { type Clock, type CustomerStatus, decode, networkTopics, type Transport } from '@contactmesh/core';
import type { Subscription } from 'rxjs';

/** The newest status of one contact as its owner published it: where commands go, and what the customer sees. */
export interface StatusSighting {
  readonly contact: string;
  readonly rev: number;
  readonly status: CustomerStatus;
}

type Listener = (sighting: StatusSighting) => void;

interface Watch {
  readonly subscription: Subscription;
  readonly listeners: Set<Listener>;
  latest: StatusSighting | undefined;
}

/**
 * Follows `status/{tokenHash}` for the tokens someone is looking at now, and nothing else: the
 * gateway keeps no contact state beyond its live sessions (DESIGN.md §6). One transport
 * subscription per token, shared by every session watching it; the newest `rev` wins across
 * owners (a contact handed over is published by its new owner).
 */
export class StatusWatcher {
  readonly #watches = new Map<string, Watch>();
  readonly #topics: ReturnType<typeof networkTopics>;

  constructor(
    private readonly transport: Transport,
    network: string,
    private readonly clock: Clock,
    private readonly maxPayloadBytes = 64 * 1024,
    /** A contact that ended longer ago than this is unknown: its token expired with it. */
    private readonly endedTtlMs = 900_000,
  ) {
    this.#topics = networkTopics(network);
  }

  /** Watches the contact of `tokenHash`: `listener` hears every newer status (the current one first, if known). Returns the unwatch. */
  watch(tokenHash: string, listener: Listener): () => void {
    const watch = this.#watches.get(tokenHash) ?? this.#open(tokenHash);
    watch.listeners.add(listener);
    if (watch.latest !== undefined) listener(watch.latest);
    return () => {
      watch.listeners.delete(listener);
      if (watch.listeners.size === 0 && this.#watches.get(tokenHash) === watch) {
        this.#watches.delete(tokenHash);
        watch.subscription.unsubscribe();
      }
    };
  }

  /** The contact's current status, or `undefined` when none arrives within `timeoutMs` (unknown or expired token). */
  async lookup(tokenHash: string, timeoutMs: number): Promise<StatusSighting | undefined> {
    // A final status still retained (a transport without message expiry keeps it) is as gone as none.
    const found = await this.next(tokenHash, timeoutMs, (sighting) => (this.#expired(sighting) ? null : sighting), null);
    return found ?? undefined;
  }

  /**
   * The first value `pick` makes of a sighting of `tokenHash` (the current one included), or
   * `otherwise` when `pick` has made none within `timeoutMs`. `pick` returns `undefined` to wait on.
   */
  next<T>(tokenHash: string, timeoutMs: number, pick: (sighting: StatusSighting) => T | undefined, otherwise: T): Promise<T> {
    return new Promise((resolve) => {
      let unwatch: (() => void) | undefined;
      let done = false;
      const finish = (value: T) => {
        if (done) return;
        done = true;
        this.clock.clearTimer(timer);
        queueMicrotask(() => unwatch?.());
        resolve(value);
      };
      const timer = this.clock.setTimer(timeoutMs, () => finish(otherwise));
      unwatch = this.watch(tokenHash, (sighting) => {
        const value = pick(sighting);
        if (value !== undefined) finish(value);
      });
      if (done) queueMicrotask(() => unwatch?.());
    });
  }

  /** Tokens watched now. */
  get size(): number {
    return this.#watches.size;
  }

  close(): void {
    for (const watch of this.#watches.values()) watch.subscription.unsubscribe();
    this.#watches.clear();
  }

  #expired(sighting: StatusSighting): boolean {
    const ended = ['ended', 'abandoned', 'expired', 'substituted'].includes(sighting.status.state);
    return ended && this.clock.now() - sighting.status.updatedAt > this.endedTtlMs;
  }

  #open(tokenHash: string): Watch {
    const listeners = new Set<Listener>();
    const watch: Watch = {
      listeners,
      latest: undefined,
      subscription: this.transport.subscribe(this.#topics.status(tokenHash), { qos: 1 }).subscribe((message) => {
        // Every inbound byte is untrusted: decoded and checked, and a bad one is dropped.
        const decoded = decode(message.payload, { maxPayloadBytes: this.maxPayloadBytes });
        if (!decoded.ok || decoded.value.type !== 'status.update') return;
        const body = decoded.value.body as { tokenHash: string; contact: string; rev: number; status: CustomerStatus };
        if (body.tokenHash !== tokenHash || (watch.latest !== undefined && body.rev < watch.latest.rev)) return;
        watch.latest = { contact: body.contact, rev: body.rev, status: body.status };
        for (const listener of [...listeners]) {
          try {
            listener(watch.latest);
          } catch {
            // One session's failure is its own; the others go on.
          }
        }
      }),
    };
    this.#watches.set(tokenHash, watch);
    return watch;
  }
}
