import {
  attachReplicaStore,
  createRandom,
  createRuntime,
  encode,
  ReplicaStore,
  type Runtime,
  realClock,
  type Transport,
} from '../packages/core/src/index.js';
import { createMemoryHub } from '../packages/transports/src/memory/index.js';
import { replicaAgent } from './replica-agents.js';
import { record } from './results.js';
import { ratio, table } from './table.js';

// How long an agent's change takes to reach every centre's ReplicaStore, against the floor: the
// same hub carrying one bare publication to as many raw subscribers. Target: ours <= 1.5× the floor.

const network = 'bench';
const agentTopic = 'replica/c0/agent/a1';
const rawTopic = `cm/${network}/raw/agent/a1`;

/** Resolves with the ms from `start()` until `expected` arrivals have been counted. */
class Race {
  #pending = 0;
  #t0 = 0;
  #done: ((ms: number) => void) | undefined;

  run(expected: number, start: () => void): Promise<number> {
    return new Promise((resolve) => {
      this.#pending = expected;
      this.#done = resolve;
      this.#t0 = performance.now();
      start();
    });
  }

  arrived(): void {
    if (this.#done === undefined || --this.#pending > 0) return;
    const done = this.#done;
    this.#done = undefined;
    done(performance.now() - this.#t0);
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
};
const percentile = (values: readonly number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(3)} ms`;

export interface ReplicaConvergenceOptions {
  readonly centres: number;
  readonly rounds: number;
  readonly warmup: number;
  readonly log: (line: string) => void;
  readonly progress: (done: number, total: number) => void;
}

/** One way of carrying a change to every centre: `once()` resolves with the ms it took. */
interface Variant {
  readonly id: 'store' | 'endpoint' | 'floor';
  readonly once: () => Promise<number>;
}

// `centres` runtimes on `net`, the first of which publishes; `watch` hooks each one up.
async function centresOn(
  hub: ReturnType<typeof createMemoryHub>,
  net: string,
  centres: number,
  watch: (runtime: Runtime) => void,
): Promise<Runtime[]> {
  const runtimes: Runtime[] = [];
  for (let c = 0; c < centres; c++) {
    const runtime = createRuntime({ centre: `c${c}`, network: net, transport: hub.transport(`${net}-c${c}`), clock: realClock });
    watch(runtime);
    await runtime.start();
    runtimes.push(runtime);
  }
  return runtimes;
}

/** Runs the benchmark and returns the report to print. */
export async function replicaConvergence(options: ReplicaConvergenceOptions): Promise<string> {
  const { centres, rounds, warmup, log } = options;
  log(`replica-convergence: ${centres} runtimes with a ReplicaStore each on one memory hub (real clock)…`);
  const hub = createMemoryHub();
  const races = { store: new Race(), endpoint: new Race(), floor: new Race() };
  let rev = 0;

  // Ours: a ReplicaStore attached to each runtime.
  const stores = await centresOn(hub, network, centres, (runtime) => {
    const store = new ReplicaStore({ clock: realClock });
    attachReplicaStore(runtime, store);
    store.changes$.subscribe((change) => {
      if (change.kind === 'agent' && change.key === 'c0/a1' && change.after?.rev === rev) races.store.arrived();
    });
  });
  // For the breakdown: the same runtimes with a bare endpoint, so decoding is counted but no store.
  const endpoints = await centresOn(hub, `${network}-bare`, centres, (runtime) => {
    const address = runtime.endpoint('replicas', 'main', (message) => {
      if (message.type === 'agent.snapshot' && message.body.rev === rev) races.endpoint.arrived();
    });
    runtime.listen('replica/#', address);
  });
  // The floor: one bare publication to as many raw subscribers.
  const raw: Transport[] = [];
  for (let c = 0; c < centres; c++) {
    const transport = hub.transport(`raw-${c}`);
    await transport.connect();
    transport.subscribe(rawTopic).subscribe(() => races.floor.arrived());
    raw.push(transport);
  }
  const publisher = hub.transport('raw-publisher');
  await publisher.connect();

  const body = { ...replicaAgent(createRandom(3), 1, Date.now()), id: 'a1', home: 'c0' };
  // The floor carries a payload of the same size as ours, encoded once.
  const encoded = encode({ v: 1, id: 'raw-1', type: 'agent.snapshot', from: 'c0/runtime/main', ts: Date.now(), body: { ...body, rev: 1 } });
  if (!encoded.ok) throw encoded.error;
  const payload = encoded.value;
  const publishFrom = (runtime: Runtime | undefined, race: Race) =>
    race.run(centres, () => {
      rev += 1;
      runtime?.publish(agentTopic, { type: 'agent.snapshot', body: { ...body, rev } }, { retain: true, qos: 1 });
    });
  const variants: Variant[] = [
    { id: 'store', once: () => publishFrom(stores[0], races.store) },
    { id: 'endpoint', once: () => publishFrom(endpoints[0], races.endpoint) },
    { id: 'floor', once: () => races.floor.run(centres, () => void publisher.publish(rawTopic, payload, { retain: true, qos: 1 })) },
  ];

  const samples = new Map<Variant['id'], number[]>(variants.map((v) => [v.id, []]));
  log(`  ${warmup} warm-up and ${rounds} measured rounds, the variants taking turns…`);
  for (let round = 0; round < warmup + rounds; round++) {
    // Each round starts one variant further along, so drift lands on all of them alike.
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(round + k) % variants.length] as Variant;
      const took = await variant.once();
      if (round >= warmup) samples.get(variant.id)?.push(took);
    }
    const done = round + 1 - warmup;
    if (done > 0 && (done % 20 === 0 || done === rounds)) options.progress(done, rounds);
  }
  for (const runtime of [...stores, ...endpoints]) await runtime.stop();
  for (const transport of [...raw, publisher]) await transport.close();

  const of = (id: Variant['id']) => samples.get(id) ?? [];
  const share = median(of('store')) / median(of('floor'));
  record({
    name: `replication convergence, ${centres} centres`,
    unit: 'ms',
    ours: median(of('store')),
    baseline: median(of('floor')),
    target: '<= 1.5x',
    met: share <= 1.5,
  });
  const row = (label: string, id: Variant['id']) => [
    label,
    ms(median(of(id))),
    ms(percentile(of(id), 0.9)),
    ratio(median(of(id)) / median(of('floor'))),
  ];
  return [
    '',
    `time until all ${centres} centres hold a change (${rounds} rounds, variants interleaved; memory hub, real clock, ${payload.byteLength}-byte message)`,
    table(
      ['', 'median', 'p90', '÷ bare'],
      [
        row(`ReplicaStore in ${centres} runtimes (publish → every store has the rev)`, 'store'),
        row(`  the runtimes alone: endpoints, no store (publish → all decoded)`, 'endpoint'),
        row(`bare transport, ${centres} raw subscribers (publish → all received)`, 'floor'),
      ],
    ),
    `target <= 1.5× the bare transport: ${share <= 1.5 ? 'met' : 'missed'} (${ratio(share)})`,
  ].join('\n');
}
