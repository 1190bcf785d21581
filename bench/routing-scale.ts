import type { AgentSnapshot, ContactSnapshot } from '../packages/core/src/protocol/index.js';
import { createRandom } from '../packages/core/src/random/random.js';
import { AgentIndex, agentPolicies, ContactQueue, contactOrder, contactPolicies } from '../packages/core/src/routing/index.js';
import { checksum, interleave, type Variant } from './interleave.js';
import { scanForAgent, scanForContact } from './linear-scan.js';
import { record } from './results.js';
import { freeAgent, randomAgent, randomContact } from './routing-world.js';
import { duration, ratio, table } from './table.js';

// How one router decision scales with the number of agents and contacts it chooses from.
// Target: a decision at 100k costs at most 2× one at 1k, where a linear scan costs ~100×.

const now = 1_000_000_000;
const probes = 4_096;
const agentPolicyRows = ['longestIdle', 'mostProficient', 'leastOccupied', 'roundRobin'] as const;
type AgentPolicyRow = (typeof agentPolicyRows)[number];
const byPriority = contactOrder(contactPolicies.priorityFirst);

interface World {
  readonly n: number;
  readonly agents: readonly AgentSnapshot[];
  readonly contacts: readonly ContactSnapshot[];
  readonly index: AgentIndex;
  /** The same agents indexed for one policy each: what an update costs per policy an index keeps. */
  readonly lean: Readonly<Record<AgentPolicyRow, AgentIndex>>;
  readonly queue: ContactQueue;
  readonly probeContacts: readonly ContactSnapshot[];
  readonly freeAgents: readonly AgentSnapshot[];
  readonly buildMs: { readonly agents: number; readonly contacts: number };
}

function buildWorld(n: number, log: (line: string) => void): World {
  const random = createRandom(n);
  const agents = Array.from({ length: n }, (_, i) => randomAgent(random, `a${i}`, now));
  const contacts = Array.from({ length: n }, (_, i) => randomContact(random, `c${i}`, now));
  let t0 = performance.now();
  const index = AgentIndex.from(agents);
  const agentsMs = performance.now() - t0;
  t0 = performance.now();
  const queue = ContactQueue.from(contacts);
  const contactsMs = performance.now() - t0;
  const only = (policy: AgentPolicyRow) => AgentIndex.from(agents, { policies: { [policy]: agentPolicies[policy] } });
  const lean = {
    longestIdle: only('longestIdle'),
    mostProficient: only('mostProficient'),
    leastOccupied: only('leastOccupied'),
    roundRobin: only('roundRobin'),
  };
  log(`  built ${label(n)}: AgentIndex ${agentsMs.toFixed(0)} ms, ContactQueue ${contactsMs.toFixed(0)} ms`);
  return {
    n,
    agents,
    contacts,
    index,
    lean,
    queue,
    probeContacts: Array.from({ length: probes }, (_, i) => randomContact(random, `probe-${i}`, now)),
    freeAgents: Array.from({ length: probes }, (_, i) => freeAgent(random, `free-${i}`, now)),
    buildMs: { agents: agentsMs, contacts: contactsMs },
  };
}

const label = (n: number): string => (n >= 1000 ? `${n / 1000}k` : String(n));
const at = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;

// The index must answer what the scan answers, or the comparison means nothing.
function crossCheck(world: World): void {
  for (let i = 0; i < 200; i++) {
    const contact = at(world.probeContacts, i);
    const agent = at(world.freeAgents, i);
    const viaIndex = [world.index.choose(contact, { now })?.id, world.queue.choose(agent, { now })?.id];
    const viaScan = [scanForAgent(world.agents, contact, now)?.id, scanForContact(world.contacts, agent, now, byPriority)?.id];
    if (viaIndex[0] !== viaScan[0] || viaIndex[1] !== viaScan[1]) {
      throw new Error(`Index and scan disagree at ${label(world.n)}, probe ${i}: ${JSON.stringify({ viaIndex, viaScan })}`);
    }
  }
}

// An agent going busy and back, a contact being offered and back: each op is one upsert, and every
// second op restores the snapshot, so the index keeps its size however many rounds run.
function updateVariants(world: World): Variant[] {
  const idle = world.agents.filter((a) => a.state === 'idle').slice(0, 512);
  const agentToggles = idle.map((a) => [
    { ...a, rev: a.rev + 1, state: 'busy' as const, idleSince: null, load: 'voice' in a.capacity ? { voice: 1 } : { chat: 1 } },
    a,
  ]);
  const queued = world.contacts.slice(0, 512);
  const contactToggles = queued.map((c) => [{ ...c, rev: c.rev + 1, state: 'offered' as const }, c]);
  let index = world.index;
  const lean = { ...world.lean };
  let queue = world.queue;
  return [
    { id: `update agent ${world.n}`, op: (i) => (index = index.upsert(at(at(agentToggles, i >> 1), i & 1))) },
    ...agentPolicyRows.map<Variant>((policy) => ({
      id: `update ${policy} agent ${world.n}`,
      op: (i) => (lean[policy] = lean[policy].upsert(at(at(agentToggles, i >> 1), i & 1))),
    })),
    { id: `update contact ${world.n}`, op: (i) => (queue = queue.upsert(at(at(contactToggles, i >> 1), i & 1))) },
  ];
}

function variantsFor(world: World): Variant[] {
  const { index, queue, probeContacts, freeAgents } = world;
  // Round robin keeps a cursor per skillset queue, as a router would.
  const cursors = new Map<string, string>();
  const rotate = (contact: ContactSnapshot): AgentSnapshot | undefined => {
    const after = cursors.get(contact.skillset);
    const agent = index.choose(contact, { now, policy: 'roundRobin', ...(after === undefined ? {} : { after }) });
    if (agent !== undefined) cursors.set(contact.skillset, agent.id);
    return agent;
  };
  const agentRows = agentPolicyRows.map<Variant>((policy) => ({
    id: `index c→a ${policy} ${world.n}`,
    op: policy === 'roundRobin' ? (i) => rotate(at(probeContacts, i)) : (i) => index.choose(at(probeContacts, i), { now, policy }),
  }));
  return [
    ...agentRows,
    { id: `index a→c priorityFirst ${world.n}`, op: (i) => queue.choose(at(freeAgents, i), { now }) },
    { id: `scan c→a longestIdle ${world.n}`, op: (i) => scanForAgent(world.agents, at(probeContacts, i), now) },
    { id: `scan a→c priorityFirst ${world.n}`, op: (i) => scanForContact(world.contacts, at(freeAgents, i), now, byPriority) },
    ...updateVariants(world),
  ];
}

export interface RoutingScaleOptions {
  readonly sizes: readonly number[];
  readonly rounds: number;
  readonly sampleMs: number;
  readonly log: (line: string) => void;
  readonly progress: (done: number, total: number) => void;
}

/** Runs the benchmark and returns the report to print. */
export function routingScale(options: RoutingScaleOptions): string {
  const { sizes, log } = options;
  log(`routing-scale: building worlds of ${sizes.map(label).join(', ')} agents and contacts (seeded)…`);
  const worlds = sizes.map((n) => buildWorld(n, log));
  for (const world of worlds) crossCheck(world);
  log(`  index and scan agree on 200 probes per size in both directions`);
  const variants = worlds.flatMap(variantsFor);
  log(`measuring ${variants.length} variants, interleaved, ${options.rounds} rounds of ~${options.sampleMs} ms samples…`);
  const medians = interleave(variants, { rounds: options.rounds, sampleMs: options.sampleMs, onRound: options.progress });
  const rows: [string, string][] = [
    ...agentPolicyRows.map((p): [string, string] => [`index  contact → agent (${p})`, `index c→a ${p}`]),
    ['index  agent → contact (priorityFirst)', 'index a→c priorityFirst'],
    ['scan   contact → agent (longestIdle, bare)', 'scan c→a longestIdle'],
    ['scan   agent → contact (priorityFirst, bare)', 'scan a→c priorityFirst'],
    ['update agent idle ⇄ busy (one upsert, 4 policies)', 'update agent'],
    ...agentPolicyRows.map((p): [string, string] => [`update agent idle ⇄ busy (${p}-only index)`, `update ${p} agent`]),
    ['update contact queued ⇄ offered (one upsert)', 'update contact'],
  ];
  const first = sizes[0] ?? 0;
  const last = sizes[sizes.length - 1] ?? 0;
  const cell = (key: string, n: number) => medians.get(`${key} ${n}`) ?? Number.NaN;
  const body = rows.map(([name, key]) => [name, ...sizes.map((n) => duration(cell(key, n))), ratio(cell(key, last) / cell(key, first))]);
  const speedUp = (scan: string, idx: string) => sizes.map((n) => ratio(cell(scan, n) / cell(idx, n)));
  body.push(['scan ÷ index, contact → agent', ...speedUp('scan c→a longestIdle', 'index c→a longestIdle'), '']);
  body.push(['scan ÷ index, agent → contact', ...speedUp('scan a→c priorityFirst', 'index a→c priorityFirst'), '']);
  const choices = [...agentPolicyRows.map((p) => [p, `index c→a ${p}`]), ['priorityFirst', 'index a→c priorityFirst']] as const;
  const growth = choices.map(([name, key]) => ({ name, value: cell(key, last) / cell(key, first) }));
  const met = growth.filter((g) => g.value <= 2).map((g) => g.name);
  const missed = growth.filter((g) => !(g.value <= 2)).map((g) => `${g.name} ${ratio(g.value)}`);
  for (const g of growth) {
    record({
      name: `routing decision ${g.name}, ${label(last)} ÷ ${label(first)} agents`,
      unit: 'ratio',
      ours: g.value,
      baseline: null,
      ratio: g.value,
      target: '<= 2x',
      met: g.value <= 2,
    });
  }
  for (const [scan, idx, what] of [
    ['scan c→a longestIdle', 'index c→a longestIdle', 'contact → agent'],
    ['scan a→c priorityFirst', 'index a→c priorityFirst', 'agent → contact'],
  ] as const) {
    record({
      name: `routing decision ${what} at ${label(last)} agents (vs a linear scan)`,
      unit: 'ns',
      ours: cell(idx, last),
      baseline: cell(scan, last),
      target: '< 1x',
      met: cell(idx, last) < cell(scan, last),
    });
  }
  record({
    name: `agent idle ⇄ busy update, 4 policy indexes, ${label(last)} agents`,
    unit: 'ns',
    ours: cell('update agent', last),
    baseline: null,
    target: '<= 20 µs',
    met: cell('update agent', last) <= 20_000,
  });
  for (const policy of agentPolicyRows) {
    record({
      name: `agent idle ⇄ busy update, ${policy} index only, ${label(last)} agents`,
      unit: 'ns',
      ours: cell(`update ${policy} agent`, last),
      baseline: null,
      target: 'reported',
      met: true,
    });
  }
  return [
    '',
    `median time of one decision (${options.rounds} rounds, variants interleaved; checksum ${checksum()})`,
    table(['', ...sizes.map(label), `${label(last)} ÷ ${label(first)}`], body),
    '',
    `build (one-off): ${worlds.map((w) => `${label(w.n)} AgentIndex ${w.buildMs.agents.toFixed(0)} ms / ContactQueue ${w.buildMs.contacts.toFixed(0)} ms`).join('; ')}`,
    `target ${label(last)} ÷ ${label(first)} <= 2× per choice: met by ${met.join(', ') || 'none'}${missed.length > 0 ? `; missed by ${missed.join(', ')}` : ''}`,
  ].join('\n');
}
