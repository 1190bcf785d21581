import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentSnapshot } from '../../src/protocol/index.js';
import { compareFiled, type FiledAgent, mediaBits } from '../../src/routing/filed-agent.js';
import { buildRoomTree, editRoomTree, firstInRoomTree, type RoomTree } from '../../src/routing/room-tree.js';

// Nodes of eight items at most (merged under two), so that a few dozen agents make a tree several
// levels deep and every split, merge and collapse of the root happens; the reference is a sorted array.
const nodeSize = 8;
const ids = Array.from({ length: 80 }, (_, i) => `london/a${String(i).padStart(2, '0')}`);
const agent = {} as AgentSnapshot;
const anyRoom = (1 << mediaBits) - 1;

const filedArb = (id: string): fc.Arbitrary<FiledAgent> =>
  fc.record({
    first: fc.integer({ min: 0, max: 4 }),
    second: fc.constantFrom(0, 1, Number.POSITIVE_INFINITY),
    third: fc.constant(0),
    id: fc.constant(id),
    room: fc.integer({ min: 1, max: anyRoom }),
    agent: fc.constant(agent),
  });

// An agent's filing replaced by a new one, or taken out: what AgentSets asks of a set.
const step = fc
  .constantFrom(...ids)
  .chain((id) => fc.record({ id: fc.constant(id), next: fc.option(filedArb(id), { nil: undefined, freq: 2 }) }));

// A bound: an agent of the set (by its place) or any filing, which may fall between two.
const boundArb = fc.option(
  fc.oneof(
    fc.record({ at: fc.nat() }),
    filedArb('london/a17').chain((probe) => fc.constantFrom(...ids).map((id) => ({ probe: { ...probe, id } }))),
  ),
  {
    nil: undefined,
  },
);

const scanArb = fc.record({
  room: fc.integer({ min: 1, max: anyRoom }),
  from: boundArb,
  strict: fc.boolean(),
  until: boundArb,
  // Accepts agents whose id ends in one of these digits.
  digits: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 10 }),
});

const boundIn = (sorted: readonly FiledAgent[], bound: { at: number } | { probe: FiledAgent } | undefined): FiledAgent | undefined =>
  bound === undefined ? undefined : 'probe' in bound ? bound.probe : sorted[bound.at % Math.max(sorted.length, 1)];

function agentsOf(tree: RoomTree | undefined): FiledAgent[] {
  if (tree === undefined) return [];
  return tree.leaf ? [...tree.items] : tree.items.flatMap(agentsOf);
}

// Every node's summary is what its agents say, nodes other than the root are at least a quarter
// full and none is over full, and every leaf is at the same depth.
function checkShape(tree: RoomTree | undefined): void {
  if (tree === undefined) return;
  const depths = new Set<number>();
  const visit = (node: RoomTree, depth: number): void => {
    expect(node.items.length).toBeGreaterThanOrEqual(depth === 0 ? 1 : nodeSize / 4);
    expect(node.items.length).toBeLessThanOrEqual(nodeSize);
    const agents = agentsOf(node);
    expect(node.size).toBe(agents.length);
    expect(node.last).toBe(agents[agents.length - 1]);
    const counts = Array.from({ length: mediaBits }, (_, bit) => agents.filter((a) => (a.room & (1 << bit)) !== 0).length);
    expect(node.counts).toEqual(counts);
    expect(node.room).toBe(agents.reduce((room, a) => room | a.room, 0));
    if (node.leaf) depths.add(depth);
    else for (const child of node.items) visit(child, depth + 1);
  };
  visit(tree, 0);
  expect(depths.size).toBe(1);
}

/** A tree's every node as text (the snapshots left out, infinities named): equal text, equal tree. */
const frozen = (tree: RoomTree | undefined): string =>
  JSON.stringify(tree ?? null, (key, value) =>
    key === 'agent' ? undefined : value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : value,
  );

describe('RoomTree agrees with a sorted array (property)', () => {
  it('holds what the sorted array holds, in order, after any sequence of edits, and leaves older trees as they were', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ids)).chain((start) => fc.tuple(...start.map(filedArb))),
        fc.array(step, { minLength: 20, maxLength: 120 }),
        (start, steps) => {
          const reference = new Map(start.map((filed) => [filed.id, filed]));
          let tree = buildRoomTree([...start].sort(compareFiled), nodeSize);
          checkShape(tree);
          // Every node as it was — its agents, counts, room, size and last — not only the agents.
          const versions: [RoomTree | undefined, string][] = [];
          for (const { id, next } of steps) {
            versions.push([tree, frozen(tree)]);
            tree = editRoomTree(tree, reference.get(id), next, nodeSize);
            if (next === undefined) reference.delete(id);
            else reference.set(id, next);
            expect(agentsOf(tree)).toEqual([...reference.values()].sort(compareFiled));
            checkShape(tree);
          }
          for (const [older, held] of versions) expect(frozen(older)).toBe(held);
        },
      ),
      { numRuns: 300, seed: 0x5eed },
    );
  });

  it('keeps every node at least a quarter full while agents leave and others move', () => {
    fc.assert(
      fc.property(
        fc.tuple(...ids.map(filedArb)),
        fc.array(
          fc.record({
            at: fc.nat(),
            moved: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: filedArb('london/a17'), weight: 1 }),
          }),
          { minLength: 60, maxLength: 100 },
        ),
        (start, steps) => {
          const reference = new Map(start.map((filed) => [filed.id, filed]));
          let tree = buildRoomTree([...start].sort(compareFiled), nodeSize);
          for (const { at, moved } of steps) {
            const old = [...reference.values()][at % Math.max(reference.size, 1)];
            if (old === undefined) break;
            const next = moved === undefined ? undefined : { ...moved, id: old.id };
            tree = editRoomTree(tree, old, next, nodeSize);
            if (next === undefined) reference.delete(old.id);
            else reference.set(old.id, next);
            checkShape(tree);
          }
          expect(agentsOf(tree)).toEqual([...reference.values()].sort(compareFiled));
        },
      ),
      { numRuns: 40, seed: 0x5eed },
    );
  });

  it('replaces an agent that compares equal to the one added instead of holding both', () => {
    const filed = (id: string, room: number): FiledAgent => ({ first: 0, second: 0, third: 0, id, room, agent });
    const tree = buildRoomTree(
      ids.slice(0, 30).map((id) => filed(id, 1)),
      nodeSize,
    );
    const replaced = editRoomTree(tree, undefined, filed('london/a07', 2), nodeSize);
    expect(replaced?.size).toBe(30);
    expect(replaced?.counts.slice(0, 2)).toEqual([29, 1]);
    checkShape(replaced);
  });

  it('finds what a scan of the sorted array finds, within the bounds and with room for the media', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ids)).chain((start) => fc.tuple(...start.map(filedArb))),
        fc.array(step, { minLength: 10, maxLength: 40 }),
        fc.array(scanArb, { minLength: 1, maxLength: 5 }),
        (start, steps, scans) => {
          const reference = new Map(start.map((filed) => [filed.id, filed]));
          let tree = buildRoomTree([...start].sort(compareFiled), nodeSize);
          for (const { id, next } of steps) {
            tree = editRoomTree(tree, reference.get(id), next, nodeSize);
            if (next === undefined) reference.delete(id);
            else reference.set(id, next);
          }
          const sorted = [...reference.values()].sort(compareFiled);
          for (const scan of scans) {
            const from = boundIn(sorted, scan.from);
            const until = boundIn(sorted, scan.until);
            const accept = (filed: FiledAgent) => scan.digits.includes(Number(filed.id.slice(-1)));
            const expected = sorted.find(
              (filed) =>
                (from === undefined || compareFiled(filed, from) > (scan.strict ? 0 : -1)) &&
                (until === undefined || compareFiled(filed, until) <= 0) &&
                (filed.room & scan.room) !== 0 &&
                accept(filed),
            );
            const found = firstInRoomTree(tree, {
              room: scan.room,
              accept,
              with: undefined,
              strict: scan.strict,
              from,
              until,
            });
            expect(found).toBe(expected);
          }
        },
      ),
      { numRuns: 300, seed: 0x5eed },
    );
  });
});
