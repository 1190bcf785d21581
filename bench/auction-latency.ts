import type { InspectionEvent } from 'xstate';
import { type Centre, createCentre, encode, realClock, type Transport } from '../packages/core/src/index.js';
import { createMemoryHub } from '../packages/transports/src/memory/index.js';
import { ratio, table } from './table.js';

// Auction latency: from the moment the owner's auction publishes its contact information entity
// until the winner's confirmation reaches it (entity → bid → award → confirm: four hops), with 3
// bidding centres on one memory hub, against the floor: the same hub carrying the same four hops
// between bare transports with payloads of the same size. Target: p50 and p99 <= 1.5× the floor.

const network = 'bench';
const bidders = ['b1', 'b2', 'b3'];

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const percentile = (values: readonly number[], p: number): number => sorted(values)[Math.floor((values.length - 1) * p)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(3)} ms`;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface AuctionLatencyOptions {
  readonly rounds: number;
  readonly warmup: number;
  readonly log: (line: string) => void;
  readonly progress: (done: number, total: number) => void;
}

/** Ours: real centres; resolves with the ms from the auction's start until the confirmation arrives. */
async function centresWithAuctions(hub: ReturnType<typeof createMemoryHub>) {
  let t0 = 0;
  let done: ((ms: number) => void) | undefined;
  const inspect = (event: InspectionEvent) => {
    if (event.type === '@xstate.actor' && (event.actorRef as { id?: string }).id?.includes('auction') === true) t0 = performance.now();
    if (event.type === '@xstate.event' && event.event.type === 'auction.confirm' && done !== undefined) {
      const resolve = done;
      done = undefined;
      resolve(performance.now() - t0);
    }
  };
  const centres: Centre[] = [];
  const owner = createCentre({
    id: 'owner',
    network,
    transport: hub.transport('owner'),
    clock: realClock,
    mode: { kind: 'local' },
    inspect,
    // First acceptable bid wins at once: the figure is the protocol's, not the deadline's.
    auctions: { strategy: { kind: 'first-acceptable' }, rule: { kind: 'command', command: 'most-skilled' }, deadlineMs: 10_000 },
    adapter: { offer: () => undefined },
  });
  centres.push(owner);
  for (const id of bidders) {
    const centre: Centre = createCentre({
      id,
      network,
      transport: hub.transport(id),
      clock: realClock,
      policies: { agent: { wrapUpMs: 0 } },
      adapter: {
        // The agent answers at once and the call ends: the agent is free for the next round.
        offer: ({ agent, contact }) =>
          void queueMicrotask(() => {
            centre.agents.answer(agent, contact);
            centre.contacts.end(contact);
            centre.contacts.wrapped(contact);
          }),
      },
    });
    centres.push(centre);
  }
  for (const centre of centres) await centre.start();
  for (const [i, id] of bidders.entries()) {
    const centre = centres[i + 1] as Centre;
    centre.agents.login(`${id}-a`, { displayName: id, skills: { billing: 5 + i } });
    centre.agents.ready(`${id}-a`);
  }
  const idle = () => bidders.every((id, i) => centres[i + 1]?.replicas.agent(id, `${id}-a`)?.state === 'idle');
  let n = 0;
  return {
    async once(): Promise<number> {
      for (let i = 0; i < 10_000 && (!idle() || owner.runtime.addresses().some((a) => a.includes('/auction/'))); i++) await nextTurn();
      const took = new Promise<number>((resolve) => {
        done = resolve;
      });
      owner.contacts.arrive({ id: `c${++n}`, media: 'voice', skillset: 'billing' });
      return took;
    },
    async stop() {
      for (const centre of centres) await centre.stop();
    },
  };
}

/** The floor: four bare hops with payloads of the same sizes (entity, bid, award, confirm). */
async function bareHops(hub: ReturnType<typeof createMemoryHub>) {
  const payload = (type: string, body: unknown) => {
    const encoded = encode({ v: 1, id: 'raw-1', type, from: 'owner/auction/c1:1', ts: Date.now(), body });
    if (!encoded.ok) throw encoded.error;
    return encoded.value;
  };
  const entity = payload('auction.entity', {
    auctionId: 'c1:1',
    owner: 'owner',
    replyTo: 'owner/auctions/main',
    contact: {
      id: 'c1',
      media: 'voice',
      skillset: 'billing',
      requirements: [{ skill: 'billing', minProficiency: 1 }],
      priority: 0,
      seniority: 0,
    },
    params: ['cost', 'proficiency', 'timeToServiceMs'],
    rule: { kind: 'command', command: 'most-skilled' },
    strategy: { kind: 'first-acceptable' },
    bidForm: 'direct',
    deadline: Date.now(),
    leaseMs: 19_000,
  });
  const bid = payload('auction.bid', {
    auctionId: 'c1:1',
    bidId: 'b1.1',
    bidder: 'b1',
    replyTo: 'b1/bidder/main',
    terms: { cost: 0, proficiency: 5, timeToServiceMs: 0 },
    promise: 'agent',
    agent: 'b1-a',
    fence: 1,
    expiresAt: Date.now(),
  });
  const award = payload('auction.award', { auctionId: 'c1:1', bidId: 'b1.1', contact: 'c1', fence: 1 });
  const confirm = payload('auction.confirm', { auctionId: 'c1:1', bidId: 'b1.1', result: 'confirmed' });
  const owner = hub.transport('raw-owner');
  await owner.connect();
  const raw: Transport[] = [];
  let awarded = false;
  let t0 = 0;
  let done: ((ms: number) => void) | undefined;
  owner.subscribe('raw/owner/inbox').subscribe((message) => {
    const text = new TextDecoder().decode(message.payload);
    if (text.includes('"auction.bid"') && !awarded) {
      awarded = true;
      void owner.publish('raw/b1/inbox', award, { qos: 1 });
    } else if (text.includes('"auction.confirm"') && done !== undefined) {
      const resolve = done;
      done = undefined;
      resolve(performance.now() - t0);
    }
  });
  for (const id of bidders) {
    const transport = hub.transport(`raw-${id}`);
    await transport.connect();
    transport.subscribe('raw/auction/+').subscribe(() => void transport.publish('raw/owner/inbox', bid, { qos: 1 }));
    transport.subscribe(`raw/${id}/inbox`).subscribe(() => void transport.publish('raw/owner/inbox', confirm, { qos: 1 }));
    raw.push(transport);
  }
  return {
    async once(): Promise<number> {
      for (let i = 0; i < 100; i++) await nextTurn(); // the late bids of the last round drain first
      awarded = false;
      const took = new Promise<number>((resolve) => {
        done = resolve;
      });
      t0 = performance.now();
      void owner.publish('raw/auction/c1', entity, { retain: true, qos: 1 });
      return took;
    },
    async stop() {
      for (const transport of [owner, ...raw]) await transport.close();
    },
  };
}

/** Runs the benchmark and returns the report to print. */
export async function auctionLatency(options: AuctionLatencyOptions): Promise<string> {
  const { rounds, warmup, log } = options;
  log(`auction-latency: an owner and ${bidders.length} bidding centres on one memory hub (real clock)…`);
  const hub = createMemoryHub();
  const ours = await centresWithAuctions(hub);
  const floor = await bareHops(hub);
  const samples = { ours: [] as number[], floor: [] as number[] };
  log(`  ${warmup} warm-up and ${rounds} measured rounds, ours and the floor taking turns…`);
  for (let round = 0; round < warmup + rounds; round++) {
    const order = round % 2 === 0 ? (['ours', 'floor'] as const) : (['floor', 'ours'] as const);
    for (const id of order) {
      const took = await (id === 'ours' ? ours : floor).once();
      if (round >= warmup) samples[id].push(took);
    }
    const done = round + 1 - warmup;
    if (done > 0 && (done % 20 === 0 || done === rounds)) options.progress(done, rounds);
  }
  await ours.stop();
  await floor.stop();
  const p50 = percentile(samples.ours, 0.5) / percentile(samples.floor, 0.5);
  const p99 = percentile(samples.ours, 0.99) / percentile(samples.floor, 0.99);
  const row = (label: string, values: readonly number[]) => [label, ms(percentile(values, 0.5)), ms(percentile(values, 0.99))];
  return [
    '',
    `auction latency, entity published → winner's confirmation at the owner (${rounds} rounds, interleaved; memory hub, real clock, ${bidders.length} bidders)`,
    table(
      ['', 'p50', 'p99'],
      [
        row('contactmesh auction (entity → reserve + bid → award → confirm)', samples.ours),
        row('bare transport, the same 4 hops and payload sizes', samples.floor),
        ['ratio', ratio(p50), ratio(p99)],
      ],
    ),
    `target p50 and p99 <= 1.5× the bare transport: ${p50 <= 1.5 && p99 <= 1.5 ? 'met' : 'missed'}`,
  ].join('\n');
}
