/** Running totals of a {@link MemoryHub}, plus a few current sizes. */
export interface HubStats {
  /** Participants connected now. */
  readonly participants: number;
  /** Active subscriptions now. */
  readonly subscriptions: number;
  /** Retained values stored now. */
  readonly retained: number;
  /** Undelivered messages in subscriber queues now (held by a partition or scheduled); 0 once all have arrived. */
  readonly queued: number;
  /**
   * Scheduled messages the hub tracks now to keep per-link order (at most `queued`); a delivered or
   * discarded message leaves at once, so this is 0 once all have arrived.
   */
  readonly linkQueued: number;
  /** Publications accepted from participants (wills not included). */
  readonly published: number;
  /** Messages handed to subscribers (copies and retransmissions included). */
  readonly delivered: number;
  /** Messages lost for good: QoS 0 hit by the drop fault or sent across a partition. */
  readonly dropped: number;
  /** Extra copies sent by the duplicate fault. */
  readonly duplicated: number;
  /** QoS 1 messages hit by the drop fault and sent again. */
  readonly retransmitted: number;
  /** Messages given an extra delay that ignores per-link order by the reorder fault. */
  readonly reordered: number;
  /** QoS 1 messages held back by a partition. */
  readonly held: number;
  /** Held messages sent on after the partition changed or healed. */
  readonly released: number;
  /** Undelivered messages discarded because a subscriber's queue was full. */
  readonly overflowed: number;
  /** Undelivered messages discarded because their subscription ended (unsubscribe, close, crash). */
  readonly discarded: number;
  /** Retained values evicted because the store was full. */
  readonly retainedEvicted: number;
  /** Wills published for crashed participants. */
  readonly wills: number;
  /** Participants crashed through {@link MemoryHub.crash}. */
  readonly crashes: number;
  /** Connections lost through {@link MemoryHub.disconnect}. */
  readonly disconnects: number;
  /** Participants away from the hub now (disconnected, not yet back, not closed). */
  readonly away: number;
}

type CounterName = Exclude<keyof HubStats, 'participants' | 'subscriptions' | 'retained' | 'queued' | 'linkQueued' | 'away'>;

/** The hub's mutable running totals. */
export type Counters = { -readonly [K in CounterName]: number };

export function createCounters(): Counters {
  return {
    published: 0,
    delivered: 0,
    dropped: 0,
    duplicated: 0,
    retransmitted: 0,
    reordered: 0,
    held: 0,
    released: 0,
    overflowed: 0,
    discarded: 0,
    retainedEvicted: 0,
    wills: 0,
    crashes: 0,
    disconnects: 0,
  };
}
