import type { PresenceBody } from '../protocol/messages/presence.js';

/** What a replica store knows of one centre. */
export interface CentreInfo {
  readonly centre: string;
  /**
   * `online` or `offline` as its latest presence says (a cleared presence topic is `offline`);
   * `unknown` while the store has heard of it only through its objects. Agents of an `offline`
   * centre are not candidates; those of an `unknown` one are.
   */
  readonly status: 'online' | 'offline' | 'unknown';
  /** The incarnation of its latest applied presence; 0 before any. */
  readonly incarnation: number;
  /** When the current status began: an online presence's `since`; for `offline` and `unknown`, the clock time the store learned it. */
  readonly since: number;
  /** Clock time of the last message from or about the centre, applied or not. */
  readonly lastHeard: number;
}

/** A presence change, as `changes$` reports it; `before` is absent for a centre heard of for the first time. */
export interface CentreChange {
  readonly kind: 'centre';
  readonly centre: string;
  readonly before?: CentreInfo;
  readonly after: CentreInfo;
}

type Entry = { -readonly [K in keyof CentreInfo]: CentreInfo[K] };

/**
 * The presence side of a replica store: one entry per centre ever heard of. Every method that
 * changes a status returns the change (or undefined), so the store decides what to report.
 */
export class CentreTable {
  readonly #centres = new Map<string, Entry>();

  /** A message from or about `centre` arrived at `now`. */
  heard(centre: string, now: number): CentreChange | undefined {
    const entry = this.#centres.get(centre);
    if (entry !== undefined) {
      entry.lastHeard = now;
      return undefined;
    }
    const created: Entry = { centre, status: 'unknown', incarnation: 0, since: now, lastHeard: now };
    this.#centres.set(centre, created);
    return { kind: 'centre', centre, after: { ...created } };
  }

  /**
   * Applies a presence unless it comes from an earlier incarnation than the one held (a late will
   * of a previous life must not take a restarted centre offline).
   */
  announce(body: PresenceBody, now: number): CentreChange | undefined {
    const before = this.get(body.centre);
    this.heard(body.centre, now);
    const entry = this.#centres.get(body.centre) as Entry;
    if (before !== undefined && body.incarnation < before.incarnation) return undefined;
    if (before !== undefined && before.status === body.status && before.incarnation === body.incarnation) return undefined;
    entry.status = body.status;
    entry.incarnation = body.incarnation;
    // A will was written when the centre connected: its `since` is the start of the life it ends.
    // Offline began when it reached this store.
    entry.since = body.status === 'offline' ? now : body.since;
    return { kind: 'centre', centre: body.centre, ...(before === undefined ? {} : { before }), after: { ...entry } };
  }

  /** The centre's retained presence was cleared (its will, or a clean goodbye): it is offline. */
  cleared(centre: string, now: number): CentreChange | undefined {
    const before = this.get(centre);
    this.heard(centre, now);
    const entry = this.#centres.get(centre) as Entry;
    if (before?.status === 'offline') return undefined;
    entry.status = 'offline';
    entry.since = now;
    return { kind: 'centre', centre, ...(before === undefined ? {} : { before }), after: { ...entry } };
  }

  isOffline(centre: string): boolean {
    return this.#centres.get(centre)?.status === 'offline';
  }

  get(centre: string): CentreInfo | undefined {
    const entry = this.#centres.get(centre);
    return entry === undefined ? undefined : { ...entry };
  }

  /** Clock time of the last message from or about `centre`, or undefined if none came. */
  lastHeard(centre: string): number | undefined {
    return this.#centres.get(centre)?.lastHeard;
  }

  all(): CentreInfo[] {
    return [...this.#centres.values()].map((entry) => ({ ...entry }));
  }
}
