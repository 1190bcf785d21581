/** A value accumulated over `[start, start + bucket length)`. */
export interface Bucket<T> {
  readonly start: number;
  readonly value: T;
}

/** Buckets in ascending `start` order, none older than the window: the memory of a sliding window. */
export type Buckets<T> = readonly Bucket<T>[];

/**
 * The start of the bucket holding time `at`.
 *
 * @example
 * ```ts
 * bucketStart(125_000, 60_000); // 120000
 * ```
 */
export function bucketStart(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

/**
 * Updates the bucket starting at `start` (creating it from `empty`) and drops every bucket older than
 * `horizon`, the first start still inside the window. An update older than the horizon changes
 * nothing: the window has moved past it. So there are never more buckets than the window holds,
 * however long the stream.
 *
 * @example
 * ```ts
 * buckets = updateBucket(buckets, bucketStart(at, 60_000), horizon, 0, (n) => n + 1);
 * ```
 */
export function updateBucket<T>(buckets: Buckets<T>, start: number, horizon: number, empty: T, update: (value: T) => T): Buckets<T> {
  const kept = buckets[0] !== undefined && buckets[0].start < horizon ? buckets.filter((b) => b.start >= horizon) : buckets;
  if (start < horizon) return kept;
  const index = kept.findIndex((b) => b.start >= start);
  const at = index === -1 ? kept.length : index;
  const existing = kept[at];
  if (existing !== undefined && existing.start === start) {
    return [...kept.slice(0, at), { start, value: update(existing.value) }, ...kept.slice(at + 1)];
  }
  return [...kept.slice(0, at), { start, value: update(empty) }, ...kept.slice(at)];
}

/**
 * The values of the buckets that start in `[from, to]`.
 *
 * @example
 * ```ts
 * const recent = bucketsBetween(buckets, windowStart, bucketStart(now, bucketMs));
 * ```
 */
export function bucketsBetween<T>(buckets: Buckets<T>, from: number, to: number): T[] {
  return buckets.filter((b) => b.start >= from && b.start <= to).map((b) => b.value);
}
