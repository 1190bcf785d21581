import type { AuctionOptions, BiddingPolicy, RouterMode } from '@contactmesh/core';
import type { LinkFaults } from '@contactmesh/transports/memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkOf } from '../network/network-world.js';
import { acds, checkInvariants, checkQuiet, type Net, openAuctions } from './auction-world.js';

// Auction source, claims 1, 16, 17, 24–28, 34–36, over random networks of 3–5 centres: random
// agents, contacts, auction policies (strategy, rule, bid form, deadline, reserve) and seeded
// duplicate/reorder faults. After every step: DESIGN.md §8 invariants 1 (one call per agent) and
// 2 (one offer and one owner per contact), nothing lost (3), and no auction open past its bound
// (4: deadline, then awardMs per candidate and for the handover). Once quiet: every auction closed,
// exactly once, and no agent is left reserved (4).
const names = ['london', 'paris', 'new-york', 'rome', 'oslo'] as const;

const strategy = fc.oneof(
  fc.constant({ kind: 'collect' } as const),
  fc.constant({ kind: 'best-so-far' } as const),
  fc.integer({ min: 0, max: 10 }).map((threshold) => ({ kind: 'first-acceptable', threshold }) as const),
);
const rule = fc.constantFrom<NonNullable<AuctionOptions['rule']>>(
  { kind: 'command', command: 'most-skilled' },
  { kind: 'command', command: 'fastest' },
  { kind: 'command', command: 'cheapest' },
  { kind: 'weighted', weights: { cost: -1, proficiency: 2 }, penalties: { rome: -3 } },
);
const policy: fc.Arbitrary<AuctionOptions> = fc
  .record({
    strategy,
    rule,
    bidForm: fc.constantFrom('direct', 'entry', 'modified-entity'),
    deadlineMs: fc.constantFrom(300, 1_000, 2_000),
    awardMs: fc.constantFrom(200, 1_000),
    reserve: fc.option(fc.record({ improveByMs: fc.constantFrom(0, 5_000, 60_000) }), { nil: undefined }),
    // A contact nobody won stays; with retries it is auctioned again.
    retryMs: fc.constantFrom(null, 5_000),
  })
  .map(({ reserve, ...rest }): AuctionOptions => (reserve === undefined ? rest : { ...rest, reserve }));

interface World {
  readonly centres: number;
  /** Per centre after London: does it auction too (in network mode), and with what policy. */
  readonly auctions: readonly (AuctionOptions | null)[];
  readonly agents: readonly { readonly centre: number; readonly skill: number }[];
  readonly costs: readonly number[];
  readonly faults: LinkFaults;
  readonly seed: number;
}

const world: fc.Arbitrary<World> = fc.record({
  centres: fc.integer({ min: 3, max: 5 }),
  auctions: fc.array(fc.option(policy, { nil: null, freq: 3 }), { minLength: 5, maxLength: 5 }),
  agents: fc.array(fc.record({ centre: fc.nat(4), skill: fc.integer({ min: 1, max: 10 }) }), { minLength: 1, maxLength: 6 }),
  costs: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 5, maxLength: 5 }),
  faults: fc.constantFrom<LinkFaults>({}, { duplicate: 0.3 }, { reorder: 0.3, jitterMs: 20 }, { duplicate: 0.2, reorder: 0.2 }),
  seed: fc.integer({ min: 1, max: 1_000 }),
});

type Op =
  | { op: 'arrive'; centre: number }
  | { op: 'ready' | 'notReady' | 'logout'; agent: number }
  | { op: 'answer' | 'decline' | 'end' | 'abandon'; pick: number }
  | { op: 'wait'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('arrive' as const), centre: fc.nat(4) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constantFrom('ready' as const, 'notReady' as const, 'logout' as const), agent: fc.nat(5) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constantFrom('answer' as const, 'decline' as const), pick: fc.nat() }), weight: 3 },
  fc.record({ op: fc.constantFrom('end' as const, 'abandon' as const), pick: fc.nat() }),
  { arbitrary: fc.record({ op: fc.constant('wait' as const), ms: fc.constantFrom(50, 200, 700, 2_000, 5_000) }), weight: 3 },
);

type AuctionActor = { context: { deadline: number; ranked: readonly unknown[]; policy: { awardMs: number } } };

/** No auction stays open past its bound: the deadline, then awardMs for each candidate and for the contact's answer. */
function checkBounded(net: Net): void {
  for (const address of openAuctions(net)) {
    const centre = address.slice(0, address.indexOf('/'));
    const { context } = net.centre(centre).runtime.snapshot(address) as AuctionActor;
    const bound = context.deadline + context.policy.awardMs * (context.ranked.length + 1);
    expect(net.clock.now(), `${address} is open past ${bound}`).toBeLessThanOrEqual(bound);
  }
}

async function runWorld(w: World, ops: readonly Op[]): Promise<{ auctions: number; awarded: number }> {
  const ids = names.slice(0, w.centres);
  const modes: Record<string, RouterMode> = {};
  const auctions: Record<string, AuctionOptions> = { london: w.auctions[0] ?? {} };
  const bidding: Record<string, BiddingPolicy> = {};
  for (const [i, id] of ids.entries()) {
    modes[id] = i === 0 ? { kind: 'local' } : { kind: 'network' };
    const own = w.auctions[i];
    // Only London retries: its contacts can always be served once every agent is ready (here or,
    // by auction, anywhere), while another centre's contact may have nobody who can take it —
    // London lends no agents — and would be auctioned again for ever.
    if (i > 0 && own !== null && own !== undefined) auctions[id] = { ...own, retryMs: null };
    const cost = w.costs[i] ?? 0;
    bidding[id] = { cost: () => cost };
  }
  const net = await networkOf(ids, { seed: w.seed, faults: { default: w.faults }, modes, auctions, bidding });
  const agents = w.agents.map((a, i) => ({ centre: ids[a.centre % ids.length] as string, id: `a${i}`, skill: a.skill }));
  for (const a of agents) {
    net.centre(a.centre).agents.login(a.id, { displayName: a.id, skills: { billing: a.skill } });
    net.centre(a.centre).agents.ready(a.id);
  }
  net.settle();
  const contacts: string[] = [];
  const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
  const live = (state?: string) =>
    contacts.flatMap((c) =>
      net.owners(c).flatMap((o) => {
        const value = (net.centre(o).runtime.snapshot(`${o}/contact/${c}`) as { value: string }).value;
        return state === undefined || value === state ? [{ centre: o, contact: c }] : [];
      }),
    );
  for (const step of ops) {
    switch (step.op) {
      case 'arrive': {
        const centre = ids[step.centre % ids.length] as string;
        contacts.push(net.centre(centre).contacts.arrive({ id: `c${contacts.length + 1}`, media: 'voice', skillset: 'billing' }).id);
        break;
      }
      case 'ready':
      case 'notReady':
      case 'logout': {
        const agent = pick(agents, step.agent);
        if (agent === undefined) break;
        const acd = net.centre(agent.centre).agents;
        if (step.op === 'ready') {
          acd.login(agent.id, { displayName: agent.id, skills: { billing: agent.skill } });
          acd.ready(agent.id);
        } else if (step.op === 'notReady') acd.notReady(agent.id, 'break');
        else acd.logout(agent.id);
        break;
      }
      case 'answer':
      case 'decline': {
        const ringing = agents.flatMap((a) => {
          const offer = (
            net.centre(a.centre).runtime.snapshot(`${a.centre}/agent/${a.id}`) as { context: { offer: { contact: string } | null } }
          ).context.offer;
          return offer === null ? [] : [{ ...a, contact: offer.contact }];
        });
        const ring = pick(ringing, step.pick);
        if (ring !== undefined) net.centre(ring.centre).agents[step.op](ring.id, ring.contact);
        break;
      }
      case 'end': {
        const call = pick(live('connected'), step.pick);
        if (call === undefined) break;
        net.centre(call.centre).contacts.end(call.contact);
        net.centre(call.centre).contacts.wrapped(call.contact);
        break;
      }
      case 'abandon': {
        const waiting = pick(live(), step.pick);
        if (waiting !== undefined) net.centre(waiting.centre).contacts.abandon(waiting.contact);
        break;
      }
      case 'wait':
        for (let t = 0; t < step.ms; t += 50) {
          net.clock.advance(Math.min(50, step.ms - t));
          net.settle();
          checkInvariants(net, contacts);
          checkBounded(net);
        }
        break;
    }
    net.settle();
    checkInvariants(net, contacts);
    checkBounded(net);
  }

  // Quiet: no faults, every agent ready, calls answered and ended as they come, time for every auction to end.
  net.hub.setFaults({});
  for (const a of agents) {
    net.centre(a.centre).agents.login(a.id, { displayName: a.id, skills: { billing: a.skill } });
    net.centre(a.centre).agents.ready(a.id);
  }
  const acd = acds(net, 1_000);
  for (let t = 0; t < 400; t++) {
    net.clock.advance(100);
    acd.step();
    checkInvariants(net, contacts);
    checkBounded(net);
  }
  checkQuiet(net, contacts);
  // Nothing stuck half-way: a contact not served yet (nobody may serve it: London lends no agents)
  // waits in exactly one queue.
  for (const contact of contacts) {
    const where = net.owners(contact).map((o) => (net.centre(o).runtime.snapshot(`${o}/contact/${contact}`) as { value: string }).value);
    expect(where.length === 0 || (where.length === 1 && where[0] === 'queued'), `${contact} is ${where}`).toBe(true);
  }
  expect(net.log.failures).toEqual([]);
  const result = { auctions: net.log.auctions.length, awarded: net.log.auctions.filter((a) => a.result === 'awarded').length };
  await net.stop();
  return result;
}

describe('auctions keep DESIGN.md §8 invariants on random networks (property)', () => {
  it('1 one call per agent, 2 one offer and one owner per contact, 3 nothing lost, 4 every auction ends in bounded time and leaves no lease behind (claims 1, 16, 17, 24–28, 34–36)', async () => {
    let auctions = 0;
    let awarded = 0;
    await fc.assert(
      fc.asyncProperty(world, fc.array(op, { minLength: 5, maxLength: 30 }), async (w, ops) => {
        const run = await runWorld(w, ops);
        auctions += run.auctions;
        awarded += run.awarded;
      }),
      { numRuns: 40 },
    );
    // The runs held real auctions that moved contacts: the invariants were checked on real traffic.
    // (Bidders bid only with a free agent here, or promise a queue whose wait they can estimate;
    // these short runs have no wait history, so most awards need an agent free at that moment.)
    expect(auctions).toBeGreaterThan(40);
    expect(awarded).toBeGreaterThan(5);
  }, 120_000);
});
