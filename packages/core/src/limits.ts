/**
 * Every buffer and input of contactmesh has a finite default limit, and they all live here.
 * `docs/limits.md` lists them with their reasons; a test keeps the two in step.
 */
export const defaultLimits = {
  /** Largest wire payload accepted or sent, in bytes (checked before parsing). */
  maxPayloadBytes: 64 * 1024,
  /** Deepest nesting of arrays and objects in an inbound JSON message or relay frame header (checked before parsing). */
  maxJsonDepth: 64,
  /** Largest topic, in UTF-8 bytes. */
  maxTopicBytes: 512,
  /** How many recent message ids a runtime remembers to drop duplicates (at-least-once delivery). */
  dedupeWindow: 10_000,
  /** Most messages waiting in one memory-transport subscriber's queue before the oldest are dropped. */
  maxQueuedMessages: 10_000,
  /** Most retained messages one hub or relay keeps. */
  maxRetainedMessages: 1_000_000,
  /** Most subscriptions one participant may hold. */
  maxSubscriptions: 1_000,
  /** Most local deliveries a runtime runs in one drain before it yields (guards against message storms). */
  maxDeliveriesPerDrain: 100_000,
  /** Most deliveries waiting in a runtime's queue; more means a message storm, and is refused and reported. */
  maxPendingDeliveries: 1_000_000,
  /** Most past outcomes a centre remembers: ended contacts' final statuses and answers, answered handovers, auction winners. */
  maxRememberedOutcomes: 10_000,
  /** Most other centres' auctions a centre (or an agent's own bidder) considers at once. */
  maxOpenBids: 1_000,
  /** Most auctions waiting for an agent's own decision; older ones are dropped first. */
  maxPendingDecisions: 100,
} as const;

/** The limits a component runs with; any subset may be overridden. */
export type Limits = { readonly [K in keyof typeof defaultLimits]: number };

/** Merges overrides into the defaults, refusing non-positive or non-integer values. */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const limits: Record<string, number> = { ...defaultLimits };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in defaultLimits)) {
      throw new RangeError(`Unknown limit ${JSON.stringify(key)}; known limits are ${Object.keys(defaultLimits).join(', ')}.`);
    }
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`Limit ${key} must be a positive integer, got ${String(value)}.`);
    }
    limits[key] = value;
  }
  return limits as Limits;
}
