import { describe, expect, it } from 'vitest';
import { createScoringCommandRegistry } from '../../src/auction/scoring-commands.js';
import { checkedBidPolicy } from '../../src/check/auction-model.js';
import { explore, invariants, type NetworkModelOptions, networkModel, type Property, walk } from '../../src/check/index.js';
import { createAuctionMachine } from '../../src/machines/auction/machine.js';
import { createBidMachine } from '../../src/machines/bid/machine.js';
import { auctionNetwork, faultyAuctions, seeds } from './networks.js';

// The auction protocol in the checker: the owner's auctioneer and auctions, the bidders' desks and
// bid actors — the production machines, behind desks whose facts come from the world — composed
// with the contacts, agents, routers and handover desks of the replicated protocol.

const properties = Object.values(invariants);
const oneContact = {
  centres: { london: { auctions: true }, paris: { mode: 'overflow', agents: [{ id: 'a1', skills: { billing: 5 } }] } },
  arrivals: [{ centre: 'london', id: 'c1', skillset: 'billing' }],
  horizonMs: 30_000,
} as const satisfies NetworkModelOptions;

describe('auctions in the model checker', { timeout: 120_000 }, () => {
  it('finds the shortest way a contact is served by auction: entity, reserve, bid, deadline, award, confirmation, handover', () => {
    const servedAtParis: Property = {
      name: 'never served at paris',
      check: (world) => (world.actors['paris/contact/c1']?.snapshot.value === 'connected' ? 'c1 is connected at paris' : undefined),
    };
    const result = explore(networkModel(oneContact), { properties: [servedAtParis] });
    expect(result.verdict).toBe('violated');
    const story = result.counterexample?.story.join('\n') ?? '';
    const order = ['auction.entity', 'auction.bid', 'timer deadline', 'auction.award', 'auction.confirm', 'handover.request', 'answers c1'];
    const at = order.map((step) => story.indexOf(step));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Paris routes only its own agents: nothing reaches the contact but the auction.
    expect(story).not.toContain('route.assign');
  });

  it('keeps every invariant when either centre may crash at any point of an auction and restart at any point after', () => {
    // Found an owner's next life queueing a copy of a contact its last life had handed to the
    // winner when the owner's move was not in its replica (within 2,400 worlds).
    const result = explore(networkModel({ ...oneContact, faults: { crashes: 1 } }), { properties, maxStates: 30_000 });
    expect(result.counterexample?.story).toBeUndefined();
    expect(result.verdict).not.toBe('violated');
    expect(result.states).toBeGreaterThan(10_000);
  });

  it('keeps every invariant in every interleaving of one auctioned contact between two centres', () => {
    const result = explore(networkModel(oneContact), { properties, maxStates: 100_000 });
    expect(result).toMatchObject({ verdict: 'holds' });
    expect(result.states).toBeGreaterThan(10_000);
  });

  it('keeps every invariant on seeded walks through two auctions, two bidders and every fault', () => {
    const result = walk(faultyAuctions(), { properties, seeds: seeds(200), steps: 400 });
    expect(result).toMatchObject({ verdict: 'holds', walks: 200 });
    expect(result.steps / result.walks).toBeGreaterThan(60);
  });
});

const auction = createAuctionMachine(createScoringCommandRegistry());
const bid = createBidMachine(checkedBidPolicy);
const nothing = () => {};

describe('auction mutants caught by seeded walks', { timeout: 120_000 }, () => {
  it('a bid actor that forgets to release its lease when it loses leaves the agent leased (invariant 4)', () => {
    const forgetful = bid.provide({ actions: { releaseLease: nothing } });
    const result = walk(auctionNetwork({ machines: { bid: forgetful } }), { properties, seeds: seeds(300), steps: 400 });
    expect(result.verdict).toBe('violated');
    expect(result.counterexample?.property).toBe(invariants.nothingLeftBehind.name);
    expect(result.counterexample?.message).toMatch(/is still leased \(for c\d\) to \w+\/bid\//);
  });

  it('an auction that never tells its contact it was won runs past its time (invariant 4)', () => {
    const mute = auction.provide({ actions: { handOver: nothing } });
    const result = walk(auctionNetwork({ machines: { auction: mute } }), { properties, seeds: seeds(300), steps: 400 });
    expect(result.verdict).toBe('violated');
    expect(result.counterexample?.property).toBe(invariants.nothingLeftBehind.name);
  });
});
