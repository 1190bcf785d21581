import { auctionLatency } from './auction-latency.js';
import { centreThroughput } from './centre-throughput.js';
import { writeBenchmarksDoc } from './benchmarks-doc.js';
import { results, writeResults } from './results.js';
import { gatewayWatchers } from './gateway-watchers.js';
import { messageSigning } from './message-signing.js';
import { modelChecker } from './model-checker.js';
import { replicaConvergence } from './replica-convergence.js';
import { replicaMemory } from './replica-memory.js';
import { routingScale } from './routing-scale.js';
import { simulatorSpeed } from './simulator-speed.js';
import type { TransportKind } from './networks.js';
import { relayCrowd } from './relay-crowd.js';
import { transportSpeed } from './transport-speed.js';

// `npm run bench` (well under two minutes on 2 cores), or `npm run bench -- --quick` for a smoke run.
// `--only auction-latency,transport-speed` runs just those parts (names as in the file names here);
// `--transports websocket,mqtt` narrows the parts that run on several transports.
// Benchmarks print; library code and tests never do.

const quick = process.argv.includes('--quick');
const flag = (name: string): string[] | undefined => {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : (process.argv[at + 1] ?? '').split(',').filter((part) => part !== '');
};
const parts = [
  'routing-scale',
  'centre-throughput',
  'replica-memory',
  'replica-convergence',
  'auction-latency',
  'transport-speed',
  'relay-crowd',
  'gateway-watchers',
  'simulator-speed',
  'message-signing',
  'model-checker',
];
const kinds: readonly TransportKind[] = ['memory', 'websocket', 'mqtt'];
const only = flag('--only');
const transports = flag('--transports') as TransportKind[] | undefined;
for (const [name, given, known] of [
  ['--only', only, parts],
  ['--transports', transports, kinds],
] as const) {
  const unknown = given?.find((value) => !(known as readonly string[]).includes(value));
  if (given !== undefined && (given.length === 0 || unknown !== undefined)) {
    console.error(`${name} takes a comma-separated list of ${known.join(', ')}; got ${JSON.stringify(unknown ?? '')}.`);
    process.exit(2);
  }
}
const runs = (part: string): boolean => only === undefined || only.includes(part);
const started = performance.now();
const interactive = process.stderr.isTTY === true;

const log = (line: string) => process.stderr.write(`${line}\n`);
const progress = (done: number, total: number) => {
  if (interactive) process.stderr.write(`\r  round ${done}/${total}${done === total ? '\n' : ''}`);
  else if (done % 5 === 0 || done === total) log(`  round ${done}/${total}`);
};

if (runs('routing-scale')) {
  const report = routingScale({
    sizes: quick ? [1_000, 10_000] : [1_000, 10_000, 100_000],
    rounds: quick ? 5 : 31,
    sampleMs: quick ? 5 : 20,
    log,
    progress,
  });
  console.log(report);
}

if (runs('centre-throughput')) console.log(await centreThroughput({ contacts: quick ? 200 : 1_000, rounds: quick ? 3 : 7, log }));

if (runs('replica-memory')) console.log(replicaMemory({ agents: quick ? 20_000 : 100_000, log }));

if (runs('replica-convergence')) {
  console.log(
    await replicaConvergence({
      centres: 10,
      rounds: quick ? 60 : 400,
      warmup: quick ? 10 : 40,
      log,
      progress,
    }),
  );
}
if (runs('auction-latency')) {
  console.log(
    await auctionLatency({
      transports: transports ?? ['memory', 'websocket', 'mqtt'],
      rounds: quick ? 40 : 300,
      warmup: quick ? 10 : 40,
      log,
      progress,
    }),
  );
}
if (runs('transport-speed')) {
  console.log(
    await transportSpeed({
      transports: transports?.filter((kind) => kind !== 'memory') ?? ['websocket', 'mqtt'],
      roundTrips: quick ? 100 : 1_000,
      bursts: quick ? 3 : 15,
      burstSize: quick ? 200 : 1_000,
      payloadBytes: 256,
      warmup: quick ? 10 : 50,
      log,
      progress,
    }),
  );
}
if (runs('relay-crowd')) {
  console.log(await relayCrowd({ bursts: quick ? 3 : 9, burstSize: quick ? 200 : 1_000, crowd: 20, subscriptionsEach: 1_000, log }));
}
if (runs('gateway-watchers')) {
  console.log(await gatewayWatchers({ watchers: quick ? 1_000 : 10_000, rounds: quick ? 3 : 9, log }));
}
if (runs('simulator-speed')) {
  console.log(await simulatorSpeed({ hours: quick ? 0.5 : 1.5, routings: ['isolated', 'network', 'auction'], log }));
}
if (runs('message-signing')) console.log(messageSigning({ messages: quick ? 500 : 2_000, rounds: quick ? 3 : 9, log }));
if (runs('model-checker')) console.log(modelChecker({ rounds: quick ? 1 : 3, log }));
writeResults(new URL('./results.json', import.meta.url));
log(`bench/results.json: ${results().length} figures`);
if (only === undefined && !quick) {
  writeBenchmarksDoc(new URL('../docs/benchmarks.md', import.meta.url), results(), (performance.now() - started) / 1000);
  log('docs/benchmarks.md rewritten from this run');
} else {
  log('a partial or --quick run: docs/benchmarks.md is left as it was');
}
console.log(`\nnode ${process.version}, ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
