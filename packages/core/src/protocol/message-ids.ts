/** Makes message ids. Production uses random UUIDs; simulations use a seeded counter so runs repeat. */
export type IdSource = () => string;

/**
 * Random ids from the platform's CSPRNG (`crypto.randomUUID`, in Node 20+ and every browser).
 *
 * @example
 * ```ts
 * const ids = randomIds();
 * ids(); // '3b241101-e2bb-4255-8caf-4136c566a962'
 * ```
 */
export function randomIds(): IdSource {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  const randomUUID = crypto?.randomUUID?.bind(crypto);
  if (randomUUID === undefined)
    throw new TypeError('crypto.randomUUID is not available here; pass an id source explicitly (e.g. sequentialIds).');
  return randomUUID;
}

/**
 * Ids `{prefix}-1`, `{prefix}-2`, … — unique per prefix, and the same on every run.
 *
 * @example
 * ```ts
 * const ids = sequentialIds('london');
 * ids(); // 'london-1'
 * ```
 */
export function sequentialIds(prefix: string): IdSource {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
