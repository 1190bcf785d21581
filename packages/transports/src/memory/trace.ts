import { type Observable, Subject } from 'rxjs';

/** What a {@link TraceEvent} records. */
export type TraceKind =
  | 'publish'
  | 'deliver'
  | 'drop'
  | 'duplicate'
  | 'retransmit'
  | 'hold'
  | 'release'
  | 'will'
  | 'crash'
  | 'disconnect'
  | 'reconnect'
  | 'overflow';

/**
 * One step the hub took about one publication:
 * - `publish` / `will`: the hub accepted a publication (a will is published by the hub on a crashed
 *   participant's behalf); no `to`;
 * - `deliver`: a subscriber received it;
 * - `drop`: it was lost on the way to `to` for good (a QoS 0 message hit the drop fault or a partition);
 * - `retransmit`: the drop fault hit a QoS 1 message, which will arrive `retransmitMs` later instead;
 * - `duplicate`: a second copy is on its way to `to`;
 * - `hold` / `release`: a QoS 1 message waits for a partition to heal, then goes on its way;
 * - `overflow`: the subscriber's queue was full and this (its oldest) message was discarded — or,
 *   without `to`, the retained store was full and this retained value was evicted.
 */
export interface MessageTraceEvent {
  /** Clock time of the event, in ms. */
  readonly at: number;
  readonly kind: Exclude<TraceKind, ParticipantTraceEvent['kind']>;
  /** The publishing participant (for a will, the crashed participant). */
  readonly from: string;
  /** The receiving participant, for events about one delivery. */
  readonly to?: string;
  readonly topic: string;
  /** The hub's number for the publication: every event about one publication carries the same one. */
  readonly seq: number;
}

/**
 * A participant vanished without closing (`crash`, see {@link MemoryHub.crash}), lost its
 * connection while it runs on (`disconnect`, see {@link MemoryHub.disconnect}), or has it again
 * (`reconnect`).
 */
export interface ParticipantTraceEvent {
  readonly at: number;
  readonly kind: 'crash' | 'disconnect' | 'reconnect';
  readonly from: string;
}

/** The same as {@link ParticipantTraceEvent} (its name before connections could be lost and regained). */
export type CrashTraceEvent = ParticipantTraceEvent;

/** One entry of the hub's trace; a fixed seed on a virtual clock gives the same trace every run. */
export type TraceEvent = MessageTraceEvent | ParticipantTraceEvent;

/** How many trace events a hub keeps by default (older ones are forgotten; `trace$` sees all). */
export const defaultTraceLimit = 10_000;

/** Records hub events into a bounded ring and a live stream. */
export class TraceLog {
  readonly #subject = new Subject<TraceEvent>();
  readonly #ring: TraceEvent[] = [];
  readonly #limit: number;
  #start = 0;

  /** Every event as it happens (hot: no replay). */
  readonly events$: Observable<TraceEvent> = this.#subject.asObservable();

  constructor(limit: number) {
    this.#limit = limit;
  }

  record(event: TraceEvent): void {
    if (this.#ring.length < this.#limit) {
      this.#ring.push(event);
    } else {
      this.#ring[this.#start] = event;
      this.#start = (this.#start + 1) % this.#limit;
    }
    this.#subject.next(event);
  }

  /** The kept events, oldest first. */
  snapshot(): TraceEvent[] {
    return [...this.#ring.slice(this.#start), ...this.#ring.slice(0, this.#start)];
  }
}
