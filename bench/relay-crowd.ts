import type { Transport } from '../packages/core/src/index.js';
import { createRelay, createWebSocketTransport, type WebSocketTransport } from '../packages/transports/src/websocket/index.js';
import { Burst } from './burst.js';
import { record } from './results.js';
import { median, msgPerSecond } from './stats.js';
import { ratio, table } from './table.js';

// The relay's routing among many subscriptions: a burst of QoS 1 publications from A to B through
// a relay where 20 other participants hold 1,000 subscriptions each that match none of them (every
// one a wildcard filter under the same first levels, as a network's topics are), against the same
// burst through a relay with nobody else on it — in turns, in one process. Target: the crowded
// relay no more than 1.2× slower.

export interface RelayCrowdOptions {
  readonly bursts: number;
  readonly burstSize: number;
  readonly crowd: number;
  readonly subscriptionsEach: number;
  readonly log: (line: string) => void;
}

interface Lane {
  burst(size: number): Promise<number>;
  close(): Promise<void>;
}

async function lane(crowd: number, subscriptionsEach: number): Promise<Lane> {
  const relay = await createRelay({ port: 0, host: '127.0.0.1' });
  const url = relay.url ?? '';
  const made: WebSocketTransport[] = [];
  const open = async (id: string): Promise<WebSocketTransport> => {
    const transport = createWebSocketTransport({ url, id });
    made.push(transport);
    await transport.connect();
    return transport;
  };
  for (let p = 0; p < crowd; p += 1) {
    const other: Transport = await open(`crowd-${p}`);
    for (let i = 0; i < subscriptionsEach; i += 1) other.subscribe(`cm/bench/inbox/crowd-${p}/${i}/+`).subscribe();
  }
  const a = await open('a');
  const b = await open('b');
  const bursts = new Burst();
  b.subscribe('cm/bench/inbox/b/+', { qos: 1 }).subscribe(() => bursts.arrived());
  await Promise.all(made.map((t) => t.subscribed()));
  const payload = new Uint8Array(256);
  return {
    burst: (size) => bursts.burst(size, () => a.publish('cm/bench/inbox/b/from-a', payload, { qos: 1 })),
    async close() {
      await Promise.all(made.map((t) => t.close()));
      await relay.close();
    },
  };
}

export async function relayCrowd(options: RelayCrowdOptions): Promise<string> {
  const { bursts, burstSize, crowd, subscriptionsEach, log } = options;
  log(
    `relay crowd: ${crowd} participants × ${subscriptionsEach} non-matching subscriptions; ${bursts} bursts of ${burstSize}, crowded and empty relays in turns…`,
  );
  const crowded = await lane(crowd, subscriptionsEach);
  const empty = await lane(0, 0);
  const rate = { crowded: [] as number[], empty: [] as number[] };
  for (let round = -1; round < bursts; round += 1) {
    for (const [id, l] of [
      ['crowded', crowded],
      ['empty', empty],
    ] as const) {
      const took = await l.burst(burstSize);
      if (round >= 0) rate[id].push(burstSize / (took / 1000));
    }
  }
  await crowded.close();
  await empty.close();
  const slower = median(rate.empty) / median(rate.crowded);
  record({
    name: `relay throughput with ${crowd * subscriptionsEach} non-matching subscriptions`,
    unit: 'msg/s',
    ours: median(rate.crowded),
    baseline: median(rate.empty),
    target: '<= 1.2x slower',
    met: slower <= 1.2,
  });
  return [
    `relay throughput to one subscriber, ${burstSize}-message bursts of 256 bytes, QoS 1 (median of ${bursts})`,
    table(
      ['', 'throughput'],
      [
        [`${crowd} others × ${subscriptionsEach} non-matching subscriptions`, msgPerSecond(median(rate.crowded))],
        ['nobody else on the relay', msgPerSecond(median(rate.empty))],
        ['slower by (target ≤ 1.2×)', ratio(slower)],
      ],
    ),
  ].join('\n');
}
