import { type Choice, choices, type Model, type NetworkModelOptions, networkModel, take, type World } from '../../src/check/index.js';

const agents = (ids: readonly string[]) => ids.map((id) => ({ id, skills: { billing: 5 } }));

/** London has a caller, Paris the only agent: the contact moves to Paris by reservation and handover (4 s of time unless `more` says). */
export const oneMoveNetwork = (more: Partial<NetworkModelOptions> = {}): Model =>
  networkModel({
    centres: { london: { mode: 'network' }, paris: { mode: 'network', agents: agents(['a1']) } },
    arrivals: [{ centre: 'london', id: 'c1', skillset: 'billing' }],
    horizonMs: 4_000,
    ...more,
  });

/**
 * Three centres, six callers, five agents, messages between centres in any order, lost and
 * copied, agents who may decline, a minute of time: too large to explore whole, sampled by walks.
 */
export const busyNetwork = (more: Partial<NetworkModelOptions> = {}): Model =>
  networkModel({
    centres: {
      london: { mode: 'network', agents: agents(['l1', 'l2']) },
      paris: { mode: 'network', agents: agents(['p1', 'p2']) },
      rome: { mode: 'network', agents: agents(['r1']) },
    },
    arrivals: ['london', 'paris', 'rome', 'london', 'paris', 'london'].map((centre, i) => ({
      centre,
      id: `c${i + 1}`,
      skillset: 'billing',
    })),
    ordering: 'unordered',
    faults: { drops: 3, duplicates: 3 },
    answers: 'any',
    horizonMs: 60_000,
    ...more,
  });

/** Seeds 1…n. */
export const seeds = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/**
 * Auctions: london auctions its callers and has no agents of its own; paris and madrid bid, one
 * agent each, and route only their own agents (`overflow` with no trigger).
 */
export const auctionNetwork = (more: Partial<NetworkModelOptions> = {}): Model =>
  networkModel({
    centres: {
      london: { auctions: true },
      paris: { mode: 'overflow', agents: agents(['p1']) },
      madrid: { mode: 'overflow', agents: agents(['m1']) },
    },
    arrivals: [
      { centre: 'london', id: 'c1', skillset: 'billing' },
      { centre: 'london', id: 'c2', skillset: 'billing' },
    ],
    horizonMs: 40_000,
    ...more,
  });

/** The auction network with every fault the model has: messages in any order, lost and copied, offers declined, calls that end, customers who hang up. */
export const faultyAuctions = (more: Partial<NetworkModelOptions> = {}): Model =>
  auctionNetwork({
    faults: { drops: 1, duplicates: 1 },
    ordering: 'unordered',
    answers: 'any',
    calls: 'end',
    hangUps: true,
    ...more,
  });

/** In a {@link oneMoveNetwork}: the caller has arrived and london's request for paris's agent is on its way. */
export function requestOnItsWay(model: Model): World {
  let world = take(model, model.initial, { kind: 'outside' });
  while (!world.flight.some((f) => f.to.startsWith('paris/agent/'))) {
    const next = choices(model, world).find((c) => c.kind === 'deliver' || c.kind === 'timer') as Choice;
    world = take(model, world, next);
  }
  return world;
}
