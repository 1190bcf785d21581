import type { InspectionEvent } from 'xstate';
import { type Centre, createCentre, encode, realClock } from '../packages/core/src/index.js';
import { type Networks, openNetworks, type TransportKind } from './networks.js';
import { record } from './results.js';
import { ms, nextTurn, percentile } from './stats.js';
import { bars, ratio, table } from './table.js';

// Auction latency: from the moment the owner's auction publishes its contact information entity
// until the winner's confirmation reaches it (entity → bid → award → confirm: four hops), with 3
// bidding centres, on each transport, against the floor: the bare library carrying the same four
// hops with payloads of the same size (see networks.ts). Target: p50 and p99 <= 1.5× the floor.

const network = 'bench';
const bidders = ['b1', 'b2', 'b3'];
// Longest wait for the centres to be idle again between rounds (late bids answered, agents free).
const settleMs = 2_000;

export interface AuctionLatencyOptions {
  readonly transports: readonly TransportKind[];
  readonly rounds: number;
  readonly warmup: number;
  readonly log: (line: string) => void;
  readonly progress: (done: number, total: number) => void;
}

/** Ours: real centres; resolves with the ms from the auction's start until the confirmation arrives. */
async function centresWithAuctions(net: Networks) {
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
    transport: net.transport('owner'),
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
      transport: net.transport(id),
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
  await net.settled();
  for (const [i, id] of bidders.entries()) {
    const centre = centres[i + 1] as Centre;
    centre.agents.login(`${id}-a`, { displayName: id, skills: { billing: 5 + i } });
    centre.agents.ready(`${id}-a`);
  }
  // Each bidder's agent free as its own centre holds it — no lease, no offer, no call — and shown
  // idle: a lease for a bid is not published, so the replicas alone would call a winner free
  // before its hand-over and call had run, and the next round would start on top of them.
  const free = (centre: Centre | undefined, id: string): boolean => {
    const agent = centre?.runtime.snapshot(`${id}/agent/${id}-a`) as
      | { readonly context: { readonly lease: unknown; readonly offer: unknown; readonly work: readonly unknown[] } }
      | undefined;
    return agent !== undefined && agent.context.lease === null && agent.context.offer === null && agent.context.work.length === 0;
  };
  const idle = () =>
    bidders.every((id, i) => free(centres[i + 1], id) && centres[i + 1]?.replicas.agent(id, `${id}-a`)?.state === 'idle') &&
    !owner.runtime.addresses().some((a) => a.includes('/contact/'));
  const busy = () => !idle() || owner.runtime.addresses().some((a) => a.includes('/auction/'));
  let n = 0;
  let unsettled = 0;
  return {
    async once(): Promise<number> {
      const deadline = performance.now() + settleMs;
      while (busy() && performance.now() < deadline) await nextTurn();
      if (busy()) unsettled += 1;
      const took = new Promise<number>((resolve) => {
        done = resolve;
      });
      owner.contacts.arrive({ id: `c${++n}`, media: 'voice', skillset: 'billing' });
      return took;
    },
    /** Rounds that started before the previous one had settled (after waiting `settleMs`). */
    unsettled: () => unsettled,
    async stop() {
      for (const centre of centres) await centre.stop();
    },
  };
}

/** The floor: four bare hops with payloads of the same sizes (entity, bid, award, confirm). */
async function bareHops(net: Networks) {
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
  // Topics as long as ours (cm/bench/auction/owner/c1, cm/bench/inbox/owner/from/b1).
  const topics = {
    entity: 'cm/bare/auction/owner/c1',
    inbox: (to: string, from: string) => `cm/bare/inbox/${to}/from/${from}`,
    inboxOf: (id: string) => `cm/bare/inbox/${id}/from/+`,
  };
  const owner = await net.bareClient('owner');
  const raw = [owner];
  let bids = 0;
  let awarded = false;
  let t0 = 0;
  let done: ((ms: number) => void) | undefined;
  // Every bid of a round is in before the next round starts, so a late one never counts as early.
  let allBids: (() => void) | undefined;
  let drained = Promise.resolve();
  await owner.subscribe(topics.inboxOf('owner'), (message) => {
    const text = new TextDecoder().decode(message);
    if (text.includes('"auction.bid"')) {
      bids += 1;
      if (!awarded) {
        awarded = true;
        void owner.publish(topics.inbox('b1', 'owner'), award, { qos: 1 });
      }
      if (bids === bidders.length) allBids?.();
    } else if (text.includes('"auction.confirm"') && done !== undefined) {
      const resolve = done;
      done = undefined;
      resolve(performance.now() - t0);
    }
  });
  for (const id of bidders) {
    const client = await net.bareClient(id);
    await client.subscribe(topics.entity, () => void client.publish(topics.inbox('owner', id), bid, { qos: 1 }));
    await client.subscribe(topics.inboxOf(id), () => void client.publish(topics.inbox('owner', id), confirm, { qos: 1 }));
    raw.push(client);
  }
  return {
    async once(): Promise<number> {
      await drained;
      for (let i = 0; i < 10; i++) await nextTurn(); // acknowledgements of the last round land first
      bids = 0;
      awarded = false;
      drained = new Promise<void>((resolve) => {
        allBids = resolve;
      });
      const took = new Promise<number>((resolve) => {
        done = resolve;
      });
      t0 = performance.now();
      void owner.publish(topics.entity, entity, { retain: true, qos: 1 });
      return took;
    },
    async stop() {
      for (const client of raw) await client.close();
    },
  };
}

interface Measured {
  readonly net: Networks;
  readonly ours: number[];
  readonly floor: number[];
  readonly unsettled: number;
}

async function measure(kind: TransportKind, options: AuctionLatencyOptions): Promise<Measured> {
  const { rounds, warmup, log } = options;
  const net = await openNetworks(kind);
  log(`auction-latency on ${kind}: an owner and ${bidders.length} bidding centres (${net.ours}), the floor on ${net.bare}…`);
  const ours = await centresWithAuctions(net);
  const floor = await bareHops(net);
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
  await net.close();
  return { net, ...samples, unsettled: ours.unsettled() };
}

/** Runs the benchmark on each transport in turn and returns the report to print. */
export async function auctionLatency(options: AuctionLatencyOptions): Promise<string> {
  const results: Measured[] = [];
  for (const kind of options.transports) results.push(await measure(kind, options));
  const p = (values: readonly number[], q: number) => percentile(values, q);
  const rows: string[][] = [];
  const chart: (Parameters<typeof bars>[0][number] | undefined)[] = [];
  const verdicts: string[] = [];
  for (const { net, ours, floor, unsettled } of results) {
    const r50 = p(ours, 0.5) / p(floor, 0.5);
    const r99 = p(ours, 0.99) / p(floor, 0.99);
    rows.push(
      [`${net.kind}: contactmesh auction on ${net.ours}`, ms(p(ours, 0.5)), ms(p(ours, 0.99))],
      [`  bare: ${net.bare}, the same 4 hops and payload sizes`, ms(p(floor, 0.5)), ms(p(floor, 0.99))],
      ['  ratio (target ≤ 1.5×)', ratio(r50), ratio(r99)],
    );
    chart.push(
      { label: `${net.kind} contactmesh`, value: p(ours, 0.5), text: ms(p(ours, 0.5)) },
      { label: `${net.kind} bare`, value: p(floor, 0.5), text: ms(p(floor, 0.5)) },
      undefined,
    );
    verdicts.push(`${net.kind} ${r50 <= 1.5 && r99 <= 1.5 ? 'met' : 'missed'} (${ratio(r50)}, ${ratio(r99)})`);
    record({
      name: `auction latency p50, ${net.kind}`,
      unit: 'ms',
      ours: p(ours, 0.5),
      baseline: p(floor, 0.5),
      target: '<= 1.5x',
      met: r50 <= 1.5,
    });
    record({
      name: `auction latency p99, ${net.kind}`,
      unit: 'ms',
      ours: p(ours, 0.99),
      baseline: p(floor, 0.99),
      target: '<= 1.5x',
      met: r99 <= 1.5,
    });
    if (unsettled > 0) verdicts.push(`  (${net.kind}: ${unsettled} rounds of ours started before the centres were idle again)`);
  }
  const { rounds } = options;
  return [
    '',
    `auction latency, entity published → winner's confirmation at the owner (entity → reserve + bid → award → confirm; ${rounds} rounds per transport, ours and the bare library interleaved; real clock, ${bidders.length} bidders, first-acceptable)`,
    table(['', 'p50', 'p99'], rows),
    '',
    'p50:',
    bars(chart.slice(0, -1)),
    '',
    `target p50 and p99 <= 1.5× the bare library: ${verdicts.join('; ')}`,
  ].join('\n');
}
