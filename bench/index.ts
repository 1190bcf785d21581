import { auctionLatency } from './auction-latency.js';
import { replicaConvergence } from './replica-convergence.js';
import { replicaMemory } from './replica-memory.js';
import { routingScale } from './routing-scale.js';
import { transportSpeed } from './transport-speed.js';

// `npm run bench` (well under two minutes on 2 cores), or `npm run bench -- --quick` for a smoke run.
// Benchmarks print; library code and tests never do.

const quick = process.argv.includes('--quick');
const started = performance.now();
const interactive = process.stderr.isTTY === true;

const log = (line: string) => process.stderr.write(`${line}\n`);
const progress = (done: number, total: number) => {
  if (interactive) process.stderr.write(`\r  round ${done}/${total}${done === total ? '\n' : ''}`);
  else if (done % 5 === 0 || done === total) log(`  round ${done}/${total}`);
};

const report = routingScale({
  sizes: quick ? [1_000, 10_000] : [1_000, 10_000, 100_000],
  rounds: quick ? 5 : 31,
  sampleMs: quick ? 5 : 20,
  log,
  progress,
});
console.log(report);

console.log(replicaMemory({ agents: quick ? 20_000 : 100_000, log }));

console.log(
  await replicaConvergence({
    centres: 10,
    rounds: quick ? 60 : 400,
    warmup: quick ? 10 : 40,
    log,
    progress,
  }),
);
console.log(
  await auctionLatency({ transports: ['memory', 'websocket', 'mqtt'], rounds: quick ? 40 : 300, warmup: quick ? 10 : 40, log, progress }),
);
console.log(
  await transportSpeed({
    transports: ['websocket', 'mqtt'],
    roundTrips: quick ? 100 : 1_000,
    bursts: quick ? 3 : 15,
    burstSize: quick ? 200 : 1_000,
    payloadBytes: 256,
    warmup: quick ? 10 : 50,
    log,
    progress,
  }),
);
console.log(`\nnode ${process.version}, ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
