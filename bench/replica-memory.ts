import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { realClock } from '../packages/core/src/clock/index.js';
import { coreMessages, decode, encode } from '../packages/core/src/protocol/index.js';
import { createRandom } from '../packages/core/src/random/random.js';
import { type ReplicaInput, ReplicaStore } from '../packages/core/src/replica/index.js';
import { type Population, replicaAgent } from './replica-agents.js';
import { record } from './results.js';
import { table } from './table.js';

// Heap per replicated agent record: a ReplicaStore filled with realistic decoded snapshots,
// measured with a forced GC before and after. Target: at most 1 KB per record at 100,000 agents.

const targetBytes = 1_024;
const now = 1_700_000_000_000;
const childFlag = '--replica-memory-child';

interface Measured {
  readonly agents: number;
  readonly population: Population;
  /** Heap of the store holding every record, snapshots included. */
  readonly storeBytes: number;
  /** Heap of the same decoded snapshots held in a plain array: what any replica holds at least. */
  readonly snapshotBytes: number;
}

const gc = (): (() => void) => {
  if (globalThis.gc === undefined) throw new Error('Run with node --expose-gc.');
  return globalThis.gc;
};

function heapUsed(): number {
  gc()();
  gc()();
  return process.memoryUsage().heapUsed;
}

// A message as the runtime hands it to the store: encoded in an envelope, then decoded and checked.
function decoded(random: ReturnType<typeof createRandom>, i: number, population: Population): ReplicaInput {
  const body = replicaAgent(random, i, now, population);
  const bytes = encode({ v: 1, id: `m${i}`, type: 'agent.snapshot', from: `${body.home}/agent/${body.id}`, ts: now, body });
  if (!bytes.ok) throw bytes.error;
  const message = decode(bytes.value, { registry: coreMessages });
  if (!message.ok) throw message.error;
  return message.value as unknown as ReplicaInput;
}

function measure(agents: number, population: Population): Measured {
  let random = createRandom(7);
  let base = heapUsed();
  let held: unknown[] | undefined = new Array<unknown>(agents);
  for (let i = 0; i < agents; i++) held[i] = (decoded(random, i, population) as { body: unknown }).body;
  const snapshotBytes = heapUsed() - base - agents * 8; // less the array's own slots
  if (held.length !== agents) throw new Error('lost snapshots');
  held = undefined;

  random = createRandom(7);
  base = heapUsed();
  const store = new ReplicaStore({ clock: realClock });
  for (let i = 0; i < agents; i++) store.apply(decoded(random, i, population));
  const storeBytes = heapUsed() - base;
  if (store.counts().agents !== agents) throw new Error(`The store holds ${store.counts().agents} agents, expected ${agents}.`);
  return { agents, population, storeBytes, snapshotBytes };
}

// Without --expose-gc in this process, measure in a child that has it.
function measureSomewhere(agents: number, population: Population): Measured {
  if (globalThis.gc !== undefined) return measure(agents, population);
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--conditions=@contactmesh/source', '--import', 'tsx', script, childFlag, String(agents), population],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`The memory child exited with ${child.status ?? child.signal}.`);
  return JSON.parse(child.stdout) as Measured;
}

export interface ReplicaMemoryOptions {
  readonly agents: number;
  readonly log: (line: string) => void;
}

const populations: readonly { readonly population: Population; readonly label: string }[] = [
  { population: 'teams', label: 'skills by team (30 teams per centre)' },
  { population: 'unique', label: 'skills unique per agent (worst case)' },
];

/** Runs the measurement and returns the report to print. */
export function replicaMemory(options: ReplicaMemoryOptions): string {
  const { agents, log } = options;
  const where = globalThis.gc === undefined ? ' (in a child process with --expose-gc)' : '';
  log(`replica-memory: ${agents.toLocaleString('en')} decoded agent snapshots into a ReplicaStore, per population${where}…`);
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const { population, label } of populations) {
    const t0 = performance.now();
    const m = measureSomewhere(agents, population);
    log(`  ${population}: measured in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const perRecord = m.storeBytes / m.agents;
    const perSnapshot = m.snapshotBytes / m.agents;
    rows.push([label, perRecord.toFixed(0), perSnapshot.toFixed(0), (perRecord - perSnapshot).toFixed(0), mb(m.storeBytes)]);
    verdicts.push(`${population} ${perRecord <= targetBytes ? 'met' : 'missed'}`);
    record({
      name: `heap per replicated agent (${population})`,
      unit: 'bytes',
      ours: Math.round(perRecord),
      baseline: Math.round(perSnapshot),
      target: `<= ${targetBytes} bytes`,
      met: perRecord <= targetBytes,
    });
  }
  return [
    '',
    `heap per replicated agent record (${agents.toLocaleString('en')} agents of 10 centres, 3–8 skills each, decoded as the runtime decodes them, forced GC)`,
    table(['', 'bytes / record', 'the snapshot', 'map + indexes', 'heap in all'], rows),
    `target <= ${targetBytes} bytes / record: ${verdicts.join(', ')}`,
  ].join('\n');
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

const flag = process.argv.indexOf(childFlag);
if (flag >= 0) {
  const population = process.argv[flag + 2] === 'unique' ? 'unique' : 'teams';
  process.stdout.write(JSON.stringify(measure(Number(process.argv[flag + 1]), population)));
}
