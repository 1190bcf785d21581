import type { Transport } from '../packages/core/src/index.js';
import { Burst } from './burst.js';
import { type BareClient, type Networks, openNetworks, type TransportKind } from './networks.js';
import { record } from './results.js';
import { median, ms, msgPerSecond, nextTurn, percentile } from './stats.js';
import { bars, ratio, table } from './table.js';

// Our Transport against the bare library doing the same (networks.ts), on the same machine and in
// turns: (a) round trip — A publishes to B's topic, B publishes the payload back to A's, QoS 1 both
// ways; (b) throughput — a burst of QoS 1 publications from A to B, timed until B has every message
// and A every acknowledgement. Targets: round trip p50 and p99 <= 1.3×, throughput >= 0.7× the bare library.

export interface TransportSpeedOptions {
  readonly transports: readonly Exclude<TransportKind, 'memory'>[];
  /** Measured round trips per variant. */
  readonly roundTrips: number;
  /** Measured bursts per variant. */
  readonly bursts: number;
  /** Publications per burst. */
  readonly burstSize: number;
  readonly payloadBytes: number;
  readonly warmup: number;
  readonly log: (line: string) => void;
  readonly progress: (done: number, total: number) => void;
}

/** Two participants, A and B, of one variant. */
interface Pair {
  /** ms from A's publication until B's reply reaches A. */
  roundTrip(): Promise<number>;
  /** ms from A's first publication until B has all `size` and A has every acknowledgement. */
  burst(size: number): Promise<number>;
  close(): Promise<void>;
}

/** What both variants need of a participant: a publication's promise settles on the acknowledgement. */
interface Endpoint {
  subscribe(topic: string, handler: () => void): Promise<void> | void;
  publish(topic: string, payload: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

const fromTransport = (transport: Transport): Endpoint => ({
  subscribe: (topic, handler) => void transport.subscribe(topic, { qos: 1 }).subscribe(() => handler()),
  publish: (topic, payload) => transport.publish(topic, payload, { qos: 1 }),
  close: () => transport.close(),
});

const fromBare = (client: BareClient): Endpoint => ({
  subscribe: (topic, handler) => client.subscribe(topic, () => handler()),
  publish: (topic, payload) => client.publish(topic, payload, { qos: 1 }),
  close: () => client.close(),
});

async function pair(a: Endpoint, b: Endpoint, root: string, payload: Uint8Array, settled: () => Promise<void>): Promise<Pair> {
  const topics = { reply: `${root}/a/reply`, ping: `${root}/b/ping`, burst: `${root}/b/burst` };
  let replied: (() => void) | undefined;
  const bursts = new Burst();
  const acks: Promise<void>[] = [];
  await a.subscribe(topics.reply, () => replied?.());
  await b.subscribe(topics.ping, () => void acks.push(b.publish(topics.reply, payload)));
  await b.subscribe(topics.burst, () => bursts.arrived());
  await settled();
  return {
    async roundTrip() {
      const t0 = performance.now();
      let t1 = 0;
      const reply = new Promise<void>((resolve) => {
        replied = () => {
          t1 = performance.now();
          resolve();
        };
      });
      acks.push(a.publish(topics.ping, payload));
      await reply;
      // Every acknowledgement (A's, and B's for its reply) is in before the next round starts.
      await Promise.all(acks.splice(0));
      return t1 - t0;
    },
    burst: (size) => bursts.burst(size, () => a.publish(topics.burst, payload)),
    async close() {
      await a.close();
      await b.close();
    },
  };
}

interface Measured {
  readonly net: Networks;
  readonly rtt: { ours: number[]; bare: number[] };
  readonly rate: { ours: number[]; bare: number[] };
}

async function measure(kind: Exclude<TransportKind, 'memory'>, options: TransportSpeedOptions): Promise<Measured> {
  const { roundTrips, bursts, burstSize, warmup, log } = options;
  const net = await openNetworks(kind);
  log(`transport-speed on ${kind}: ${net.ours} against ${net.bare}…`);
  const payload = new Uint8Array(options.payloadBytes).map((_, i) => 32 + (i % 95));
  const [oa, ob] = [net.transport('speed-a'), net.transport('speed-b')];
  await Promise.all([oa.connect(), ob.connect()]);
  const ours = await pair(fromTransport(oa), fromTransport(ob), 'cm/bench/ours', payload, () => net.settled());
  const bare = await pair(
    fromBare(await net.bareClient('speed-a')),
    fromBare(await net.bareClient('speed-b')),
    'cm/bench/bare',
    payload,
    () => Promise.resolve(),
  );
  const variants = [
    ['ours', ours],
    ['bare', bare],
  ] as const;
  const rtt = { ours: [] as number[], bare: [] as number[] };
  const rate = { ours: [] as number[], bare: [] as number[] };
  const total = roundTrips + bursts;
  log(
    `  ${warmup} warm-up and ${roundTrips} measured round trips, then ${bursts} bursts of ${burstSize}, ours and the bare library taking turns…`,
  );
  for (let round = 0; round < warmup + roundTrips; round++) {
    for (let k = 0; k < variants.length; k++) {
      const [id, variant] = variants[(round + k) % variants.length] ?? variants[0];
      const took = await variant.roundTrip();
      if (round >= warmup) rtt[id].push(took);
    }
    const done = round + 1 - warmup;
    if (done > 0 && (done % 100 === 0 || done === roundTrips)) options.progress(done, total);
  }
  // One burst each to warm up, then the measured ones.
  for (let round = -1; round < bursts; round++) {
    for (let k = 0; k < variants.length; k++) {
      const [id, variant] = variants[(round + 1 + k) % variants.length] ?? variants[0];
      for (let i = 0; i < 10; i++) await nextTurn();
      const took = await variant.burst(burstSize);
      if (round >= 0) rate[id].push(burstSize / (took / 1000));
    }
    if (round >= 0) options.progress(roundTrips + round + 1, total);
  }
  await ours.close();
  await bare.close();
  await net.close();
  return { net, rtt, rate };
}

/** Runs the benchmark on each transport in turn and returns the report to print. */
export async function transportSpeed(options: TransportSpeedOptions): Promise<string> {
  const results: Measured[] = [];
  for (const kind of options.transports) results.push(await measure(kind, options));
  const rows: string[][] = [];
  const latencyChart: (Parameters<typeof bars>[0][number] | undefined)[] = [];
  const rateChart: (Parameters<typeof bars>[0][number] | undefined)[] = [];
  const verdicts: string[] = [];
  for (const { net, rtt, rate } of results) {
    const r50 = percentile(rtt.ours, 0.5) / percentile(rtt.bare, 0.5);
    const r99 = percentile(rtt.ours, 0.99) / percentile(rtt.bare, 0.99);
    const rr = median(rate.ours) / median(rate.bare);
    const met = { latency: r50 <= 1.3 && r99 <= 1.3, rate: rr >= 0.7 };
    const cells = (v: { ours: number[]; bare: number[] }, w: { ours: number[]; bare: number[] }, id: 'ours' | 'bare') => [
      ms(percentile(v[id], 0.5)),
      ms(percentile(v[id], 0.99)),
      msgPerSecond(median(w[id])),
    ];
    rows.push(
      [`${net.kind}: ${net.ours}`, ...cells(rtt, rate, 'ours')],
      [`  bare: ${net.bare}`, ...cells(rtt, rate, 'bare')],
      [`  ratio (targets ≤ 1.3×, ≤ 1.3×, ≥ 0.7×)`, ratio(r50), ratio(r99), ratio(rr)],
    );
    latencyChart.push(
      { label: `${net.kind} contactmesh`, value: percentile(rtt.ours, 0.5), text: ms(percentile(rtt.ours, 0.5)) },
      { label: `${net.kind} bare`, value: percentile(rtt.bare, 0.5), text: ms(percentile(rtt.bare, 0.5)) },
      undefined,
    );
    rateChart.push(
      { label: `${net.kind} contactmesh`, value: median(rate.ours), text: msgPerSecond(median(rate.ours)) },
      { label: `${net.kind} bare`, value: median(rate.bare), text: msgPerSecond(median(rate.bare)) },
      undefined,
    );
    record({
      name: `transport round trip p50, ${net.kind}`,
      unit: 'ms',
      ours: percentile(rtt.ours, 0.5),
      baseline: percentile(rtt.bare, 0.5),
      target: '<= 1.3x',
      met: r50 <= 1.3,
    });
    record({
      name: `transport round trip p99, ${net.kind}`,
      unit: 'ms',
      ours: percentile(rtt.ours, 0.99),
      baseline: percentile(rtt.bare, 0.99),
      target: '<= 1.3x',
      met: r99 <= 1.3,
    });
    record({
      name: `transport burst throughput, ${net.kind}`,
      unit: 'msg/s',
      ours: median(rate.ours),
      baseline: median(rate.bare),
      target: '>= 0.7x',
      met: rr >= 0.7,
    });
    verdicts.push(
      `${net.kind}: round trip ${met.latency ? 'met' : 'missed'} (${ratio(r50)}, ${ratio(r99)}), throughput ${met.rate ? 'met' : 'missed'} (${ratio(rr)})`,
    );
  }
  const { roundTrips, bursts, burstSize, payloadBytes } = options;
  return [
    '',
    `transport round trip and throughput, ${payloadBytes}-byte payloads, QoS 1 (${roundTrips} round trips and ${bursts} bursts of ${burstSize} per variant, ours and the bare library interleaved)`,
    table(['', 'RTT p50', 'RTT p99', 'burst (median)'], rows),
    '',
    'round trip p50:',
    bars(latencyChart.slice(0, -1)),
    '',
    'throughput (median burst):',
    bars(rateChart.slice(0, -1)),
    '',
    `targets — round trip p50 and p99 <= 1.3×, throughput >= 0.7× the bare library: ${verdicts.join('; ')}`,
  ].join('\n');
}
