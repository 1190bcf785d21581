/** Of several ways to cover a query's candidates (each a list of key sets), the one with the fewest keys. */
export function smallest(options: readonly ReadonlySet<string>[][]): ReadonlySet<string>[] {
  let best: ReadonlySet<string>[] = [];
  let bestSize = Number.POSITIVE_INFINITY;
  for (const sets of options) {
    let size = 0;
    for (const set of sets) size += set.size;
    if (size < bestSize) {
      best = sets;
      bestSize = size;
    }
  }
  return best;
}
