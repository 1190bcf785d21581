import { compareFiled, type FiledAgent, mediaBits } from './filed-agent.js';

/**
 * One ordered set of agents: a persistent B+ tree whose every node also counts, per media, the agents
 * under it with room for that media. A node is never changed once made: an edit copies the nodes on
 * its path and shares the rest, so an older tree stays valid. The counts let a choice skip whole
 * subtrees without room for the contact's media, which is what lets one set per (policy, skill) serve
 * every media: an update edits a third as many sets as one per (policy, media, skill) would.
 * (sorted-btree, used for the other indexes, keeps no summary per node.)
 *
 * A node's summary is worked out from the one it replaces and the change, never by reading its
 * children: at 100k agents, a read of every child per level cost more than the rest of an edit.
 */
export type RoomTree = RoomLeaf | RoomBranch;

interface Summary {
  /** Filed agents under the node. */
  readonly size: number;
  /** A bit per media that at least one of them has room for. */
  readonly room: number;
  /** How many of them have room for each media, by bit number. */
  readonly counts: readonly number[];
  /** The greatest of them. */
  readonly last: FiledAgent;
}

export interface RoomLeaf extends Summary {
  readonly leaf: true;
  readonly items: readonly FiledAgent[];
}

export interface RoomBranch extends Summary {
  readonly leaf: false;
  readonly items: readonly RoomTree[];
}

/** Items per node at most: small enough that copying a path on write stays cheap. */
export const defaultNodeSize = 32;

function lastOf<T>(items: readonly T[]): T {
  const last = items[items.length - 1];
  if (last === undefined) throw new Error('A room tree node is never empty.');
  return last;
}

// Adds `by` to the count of each media in `room`.
function tally(counts: number[], room: number, by: number): void {
  for (let bit = 0; bit < mediaBits; bit++) if ((room & (1 << bit)) !== 0) counts[bit] = (counts[bit] as number) + by;
}

function addCounts(counts: number[], more: readonly number[], by: number): void {
  for (let bit = 0; bit < mediaBits; bit++) counts[bit] = (counts[bit] as number) + by * (more[bit] as number);
}

function roomOfCounts(counts: readonly number[]): number {
  let room = 0;
  for (let bit = 0; bit < mediaBits; bit++) if ((counts[bit] as number) > 0) room |= 1 << bit;
  return room;
}

const noCounts = (): number[] => new Array<number>(mediaBits).fill(0);

function leafOf(items: readonly FiledAgent[], counts?: readonly number[]): RoomLeaf {
  let known = counts;
  if (known === undefined) {
    const tallied = noCounts();
    for (const item of items) tally(tallied, item.room, 1);
    known = tallied;
  }
  return { leaf: true, items, size: items.length, room: roomOfCounts(known), counts: known, last: lastOf(items) };
}

function branchOf(items: readonly RoomTree[], counts?: readonly number[], size?: number): RoomBranch {
  let known = counts;
  let total = size ?? 0;
  if (known === undefined || size === undefined) {
    const summed = noCounts();
    total = 0;
    for (const item of items) {
      addCounts(summed, item.counts, 1);
      total += item.size;
    }
    known = summed;
  }
  return { leaf: false, items, size: total, room: roomOfCounts(known), counts: known, last: lastOf(items).last };
}

// The first agent of a leaf not before `key` (after it, when `strict`); sorted.length when none.
function bound(sorted: readonly FiledAgent[], key: FiledAgent, strict: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const c = compareFiled(sorted[mid] as FiledAgent, key);
    if (c < 0 || (strict && c === 0)) low = mid + 1;
    else high = mid;
  }
  return low;
}

// The first child of a branch whose last agent is not before `key` (after it, when `strict`).
function childBound(children: readonly RoomTree[], key: FiledAgent, strict: boolean): number {
  let low = 0;
  let high = children.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const c = compareFiled((children[mid] as RoomTree).last, key);
    if (c < 0 || (strict && c === 0)) low = mid + 1;
    else high = mid;
  }
  return low;
}

// Even parts of at most `nodeSize` (so that none starts out nearly empty), as [start, end) pairs.
function parts(length: number, nodeSize: number): [number, number][] {
  const count = Math.ceil(length / nodeSize);
  const out: [number, number][] = [];
  for (let i = 0; i < count; i++) out.push([Math.floor((i * length) / count), Math.floor(((i + 1) * length) / count)]);
  return out;
}

const leavesOf = (items: readonly FiledAgent[], nodeSize: number): RoomTree[] =>
  parts(items.length, nodeSize).map(([start, end]) => leafOf(items.slice(start, end)));

const branchesOf = (items: readonly RoomTree[], nodeSize: number): RoomTree[] =>
  parts(items.length, nodeSize).map(([start, end]) => {
    return branchOf(items.slice(start, end));
  });

/**
 * A tree of `sorted` (in {@link compareFiled} order, no two equal), built bottom up in one pass.
 *
 * @example
 * ```ts
 * const tree = buildRoomTree(filed.sort(compareFiled));
 * ```
 */
export function buildRoomTree(sorted: readonly FiledAgent[], nodeSize = defaultNodeSize): RoomTree | undefined {
  let nodes = leavesOf(sorted, nodeSize);
  while (nodes.length > 1) nodes = branchesOf(nodes, nodeSize);
  return nodes[0];
}

/**
 * A new tree without `remove` (the filed agent that compares equal to it, if any) and with `add`
 * (replacing an equal one). Doing both in one edit copies the nodes on both paths once; an agent
 * whose rank did not change lands where it was and costs one path.
 *
 * @example
 * ```ts
 * tree = editRoomTree(tree, fileAgent(before, …), fileAgent(after, …));
 * ```
 */
export function editRoomTree(
  tree: RoomTree | undefined,
  remove: FiledAgent | undefined,
  add: FiledAgent | undefined,
  nodeSize = defaultNodeSize,
): RoomTree | undefined {
  if (tree === undefined) return add === undefined ? undefined : leafOf([add]);
  const nodes = edit(tree, remove, add, nodeSize);
  let top: RoomTree | undefined = nodes.length > 1 ? branchOf(nodes) : nodes[0];
  while (top !== undefined && !top.leaf && top.items.length === 1) top = top.items[0];
  return top;
}

// The node's replacements: none when it empties, two or more when it splits. Arrays are copied
// whole (a fast copy) and changed in place.
function edit(node: RoomTree, remove: FiledAgent | undefined, add: FiledAgent | undefined, nodeSize: number): RoomTree[] {
  if (node.leaf) {
    const items = node.items.slice();
    const counts = node.counts.slice();
    if (remove !== undefined) {
      const at = bound(items, remove, false);
      const found = items[at];
      if (found !== undefined && compareFiled(found, remove) === 0) {
        tally(counts, found.room, -1);
        items.splice(at, 1);
      }
    }
    if (add !== undefined) {
      const at = bound(items, add, false);
      const found = items[at];
      // An equal agent already there is replaced.
      const replaced = found !== undefined && compareFiled(found, add) === 0;
      if (replaced) tally(counts, found.room, -1);
      tally(counts, add.room, 1);
      items.splice(at, replaced ? 1 : 0, add);
    }
    if (items.length === 0) return [];
    return items.length <= nodeSize ? [leafOf(items, counts)] : leavesOf(items, nodeSize);
  }
  const last = node.items.length - 1;
  // An agent to remove is under the first child whose last is not before it; one to add goes there
  // too, or under the last child when it comes after everything.
  const from = remove === undefined ? -1 : childBound(node.items, remove, false);
  const to = add === undefined ? -1 : Math.min(childBound(node.items, add, false), last);
  const items = node.items.slice();
  const counts = node.counts.slice();
  let size = node.size;
  const fresh: RoomTree[] = [];
  // The later edit first, so that the earlier position still holds its child.
  for (const at of from === to ? [from] : from > to ? [from, to] : [to, from]) {
    if (at < 0 || at > last) continue;
    const child = node.items[at] as RoomTree;
    const made = edit(child, at === from ? remove : undefined, at === to ? add : undefined, nodeSize);
    addCounts(counts, child.counts, -1);
    size -= child.size;
    for (const m of made) {
      addCounts(counts, m.counts, 1);
      size += m.size;
    }
    replace(items, at, 1, made);
    fresh.push(...made);
  }
  // A new child left under a quarter full is merged with a neighbour (the pair split again when it
  // overflows), so that deletions cannot leave a tree of near-empty nodes. Same agents: same counts.
  // Only new children can be under full, and finding them compares references, reading no child.
  for (let i = 0; i < items.length && items.length > 1; i++) {
    const child = items[i] as RoomTree;
    if (!fresh.includes(child) || child.items.length >= nodeSize >> 2) continue;
    const at = i + 1 < items.length ? i : i - 1;
    const merged = merge(items[at] as RoomTree, items[at + 1] as RoomTree, nodeSize);
    replace(items, at, 2, merged);
    fresh.push(...merged);
    i = at - 1;
  }
  if (items.length === 0) return [];
  return items.length <= nodeSize ? [branchOf(items, counts, size)] : branchesOf(items, nodeSize);
}

// `count` children from `at` replaced by `nodes`.
function replace(items: RoomTree[], at: number, count: number, nodes: readonly RoomTree[]): void {
  const only = nodes.length === 1 && count === 1 ? nodes[0] : undefined;
  if (only !== undefined) items[at] = only;
  else items.splice(at, count, ...nodes);
}

// Two neighbouring nodes (of one depth) as one, or two evenly filled when that would overflow.
function merge(left: RoomTree, right: RoomTree, nodeSize: number): RoomTree[] {
  if (left.leaf && right.leaf) return leavesOf([...left.items, ...right.items], nodeSize);
  if (left.leaf || right.leaf) throw new Error('Neighbours in a room tree are both leaves or both branches.');
  return branchesOf([...left.items, ...right.items], nodeSize);
}

/**
 * What {@link firstInRoomTree} looks for. Every field is always given (one object shape for every
 * scan keeps the walk's property reads monomorphic), and `accept` is called with `with`, so that a
 * decision need not make a closure.
 */
export interface RoomTreeScan<W> {
  /** Media bits: only agents with room for one of them are looked at. */
  readonly room: number;
  /** Where to start: at this agent's place (after it when `strict`); the start when undefined. */
  readonly from: FiledAgent | undefined;
  readonly strict: boolean;
  /** Where to stop: nothing after this agent's place is looked at; the end when undefined. */
  readonly until: FiledAgent | undefined;
  readonly accept: (agent: FiledAgent, with_: W) => boolean;
  readonly with: W;
}

/**
 * The first filed agent, in order, that has room for `scan.room`, lies within the bounds and is
 * accepted. Subtrees with no such room are skipped whole, so the cost follows how many agents with
 * room are rejected first, not how many there are.
 *
 * @example
 * ```ts
 * const scan = { room: mediaBit('voice'), from: undefined, strict: false, until: undefined, accept: isIdle, with: now };
 * firstInRoomTree(tree, scan);
 * ```
 */
export function firstInRoomTree<W>(tree: RoomTree | undefined, scan: RoomTreeScan<W>): FiledAgent | undefined {
  return tree === undefined ? undefined : (first(tree, scan, true) ?? undefined);
}

// undefined: nothing here, go on; null: past `until`, stop.
function first<W>(node: RoomTree, scan: RoomTreeScan<W>, bounded: boolean): FiledAgent | null | undefined {
  if ((node.room & scan.room) === 0) return undefined;
  const { from, strict, until } = scan;
  if (node.leaf) {
    for (let i = bounded && from !== undefined ? bound(node.items, from, strict) : 0; i < node.items.length; i++) {
      const item = node.items[i] as FiledAgent;
      if (until !== undefined && compareFiled(item, until) > 0) return null;
      if ((item.room & scan.room) !== 0 && scan.accept(item, scan.with)) return item;
    }
    return undefined;
  }
  const start = bounded && from !== undefined ? childBound(node.items, from, strict) : 0;
  for (let i = start; i < node.items.length; i++) {
    const found = first(node.items[i] as RoomTree, scan, bounded && i === start);
    if (found !== undefined) return found;
  }
  return undefined;
}
