import { BTreeEx } from 'sorted-btree/extended/index.js';
import type { Compare } from './orders.js';

/** The read-only face of one sorted set of a {@link TreeFamily}. */
export interface SortedView<K> {
  readonly size: number;
  keys(lowestKey?: K): IterableIterator<K>;
  minKey(): K | undefined;
  /** Counts the keys in [low, high) (or [low, high]), visiting each leaf in between. */
  forRange(low: K, high: K, includeHigh: boolean): number;
}

/**
 * Writes into the sets of a family: a {@link TreeFamilyDraft}, or a {@link TreeFamilyBuilder} for a
 * first version. A set is addressed by three names — policy, media, scope — never joined into one
 * string: building and hashing a fresh string per lookup cost more than the rest of a choice.
 */
export interface TreeWriter<K> {
  /** Puts `key` into a set, creating the set with `compare` if it does not exist yet. */
  add(policy: string, media: string, scope: string, key: K, compare: Compare<K>): void;
  /** Takes `key` (or the key that compares equal to it) out of a set, dropping the set when it empties. */
  delete(policy: string, media: string, scope: string, key: K): void;
  /** The new version. The writer must not be used afterwards. */
  finish(): TreeFamily<K>;
}

type Tree<K> = BTreeEx<K, undefined>;
type Level<V> = Map<string, V>;
type Nest<K> = Level<Level<Level<Tree<K>>>>;

/**
 * A persistent map from (policy, media, scope) to a sorted set (sorted-btree's B+ tree). A version
 * is never changed: {@link TreeFamily.edit} starts a draft that copies each set it touches once —
 * the copies share every untouched node with the older version (copy-on-write), so an update costs
 * O(log n) per set — and copies the few small maps on the way to it. An older version stays valid
 * for as long as anyone holds it.
 */
export class TreeFamily<K> {
  private constructor(private readonly root: Nest<K>) {}

  /** A family with no sets. */
  static empty<K>(): TreeFamily<K> {
    return new TreeFamily(new Map());
  }

  /** A builder of a first version from many keys, sorted and bulk-loaded at `finish()`. */
  static build<K>(): TreeFamilyBuilder<K> {
    return new TreeFamilyBuilder((root) => new TreeFamily(root));
  }

  /** The set at (policy, media, scope); absent when it would be empty. */
  get(policy: string, media: string, scope: string): SortedView<K> | undefined {
    return this.root.get(policy)?.get(media)?.get(scope);
  }

  /** A draft of the next version; this version is left as it is. */
  edit(): TreeFamilyDraft<K> {
    return new TreeFamilyDraft(this.root, (root) => new TreeFamily(root));
  }
}

/** The changes to one {@link TreeFamily} version; `finish()` seals them into a new version. */
export class TreeFamilyDraft<K> implements TreeWriter<K> {
  // Maps and sets this draft copied or created: only these may be written; everything else is shared.
  private readonly mine = new Set<unknown>();
  private readonly sets: Tree<K>[] = [];

  constructor(
    private root: Nest<K>,
    private readonly seal: (root: Nest<K>) => TreeFamily<K>,
  ) {}

  add(policy: string, media: string, scope: string, key: K, compare: Compare<K>): void {
    const scopes = this.scopes(policy, media);
    let tree = scopes.get(scope);
    if (tree === undefined) {
      tree = new BTreeEx<K, undefined>(undefined, compare, nodeSize);
      this.claim(tree);
    } else if (!this.mine.has(tree)) {
      tree = this.claim(tree.clone());
    }
    scopes.set(scope, tree);
    tree.set(key, undefined);
  }

  delete(policy: string, media: string, scope: string, key: K): void {
    if (this.root.get(policy)?.get(media)?.get(scope) === undefined) return;
    const scopes = this.scopes(policy, media);
    const found = scopes.get(scope);
    if (found === undefined) return;
    const tree = this.mine.has(found) ? found : this.claim(found.clone());
    tree.delete(key);
    if (tree.size === 0) scopes.delete(scope);
    else scopes.set(scope, tree);
  }

  finish(): TreeFamily<K> {
    for (const tree of this.sets) frozen(tree);
    return this.seal(this.root);
  }

  // The writable map of scopes under (policy, media), copying the maps on the way on first write.
  private scopes(policy: string, media: string): Level<Tree<K>> {
    this.root = this.own(this.root);
    const medias = this.own(this.root.get(policy) ?? new Map<string, Level<Tree<K>>>());
    this.root.set(policy, medias);
    const scopes = this.own(medias.get(media) ?? new Map<string, Tree<K>>());
    medias.set(media, scopes);
    return scopes;
  }

  private own<V>(map: Level<V>): Level<V> {
    if (this.mine.has(map)) return map;
    const copy = new Map(map);
    this.mine.add(copy);
    return copy;
  }

  private claim(tree: Tree<K>): Tree<K> {
    this.mine.add(tree);
    this.sets.push(tree);
    return tree;
  }
}

/**
 * Collects the keys of every set, then sorts each once and bulk-loads it: one sort per set instead
 * of n separate insertions, and fuller nodes. Meant for adding; `delete` is a linear search.
 */
export class TreeFamilyBuilder<K> implements TreeWriter<K> {
  private readonly pending = new Map<string, Map<string, Map<string, { readonly compare: Compare<K>; readonly keys: K[] }>>>();

  constructor(private readonly seal: (root: Nest<K>) => TreeFamily<K>) {}

  add(policy: string, media: string, scope: string, key: K, compare: Compare<K>): void {
    const medias = this.pending.get(policy) ?? new Map();
    this.pending.set(policy, medias);
    const scopes = medias.get(media) ?? new Map();
    medias.set(media, scopes);
    const set = scopes.get(scope) ?? { compare, keys: [] };
    scopes.set(scope, set);
    set.keys.push(key);
  }

  delete(policy: string, media: string, scope: string, key: K): void {
    const set = this.pending.get(policy)?.get(media)?.get(scope);
    const at = set?.keys.findIndex((k) => set.compare(k, key) === 0) ?? -1;
    if (at >= 0) set?.keys.splice(at, 1);
  }

  finish(): TreeFamily<K> {
    const root: Nest<K> = new Map();
    for (const [policy, medias] of this.pending) {
      const built = new Map<string, Level<Tree<K>>>();
      root.set(policy, built);
      for (const [media, scopes] of medias) {
        const trees = new Map<string, Tree<K>>();
        built.set(media, trees);
        for (const [scope, { compare, keys }] of scopes) {
          if (keys.length === 0) continue;
          keys.sort(compare);
          trees.set(scope, frozen(BTreeEx.bulkLoad<K, undefined>(keys, new Array(keys.length).fill(undefined), nodeSize, compare)));
        }
      }
    }
    return this.seal(root);
  }
}

// sorted-btree's default: small enough that copying a path on write stays cheap.
const nodeSize = 32;

// A sealed version throws on any write, so a slip that would change an older version fails loudly.
function frozen<T extends { freeze(): void }>(tree: T): T {
  tree.freeze();
  return tree;
}
