import type { AuctionOptions, RouterMode } from '@contactmesh/core';
import type { SimulatedAgent, Traffic } from '../demo/scenario.js';

/** One centre of the network demo. */
export interface DemoCentre {
  readonly id: string;
  readonly agents: readonly SimulatedAgent[];
  readonly traffic: readonly Traffic[];
  readonly mode: RouterMode;
  /** Auction this centre's waiting contacts between the centres (docs/auctions.md). */
  readonly auctions?: AuctionOptions;
}

const agent = (id: string, displayName: string, skills: Readonly<Record<string, number>>): SimulatedAgent => ({ id, displayName, skills });

/**
 * Three centres with different skills and staffing: London is strong in billing, Paris in sales,
 * New York in support, and each is short of what the others have plenty of — so contacts cross.
 * London and Paris route across the network (replicated agents, longest idle anywhere); New York
 * keeps its own queue and auctions what waits there to the others (auction claims 1–18).
 */
export const networkScenario: readonly DemoCentre[] = [
  {
    id: 'london',
    mode: { kind: 'network' },
    agents: [
      agent('l1', 'Ada Lovelace', { billing: 8 }),
      agent('l2', 'Alan Turing', { billing: 7, support: 4 }),
      agent('l3', 'Grace Hopper', { billing: 6 }),
      agent('l4', 'Edsger Dijkstra', { billing: 5, sales: 3 }),
      agent('l5', 'Tony Hoare', { support: 5, billing: 4 }),
    ],
    traffic: [
      { skillset: 'billing', arrivalsPerHour: 70, meanHandleSeconds: 200, meanPatienceSeconds: 240 },
      { skillset: 'sales', arrivalsPerHour: 25, meanHandleSeconds: 240, meanPatienceSeconds: 180 },
    ],
  },
  {
    id: 'paris',
    mode: { kind: 'network' },
    agents: [
      agent('p1', 'Barbara Liskov', { sales: 8 }),
      agent('p2', 'Donald Knuth', { sales: 7 }),
      agent('p3', 'Frances Allen', { sales: 6, billing: 3 }),
      agent('p4', 'John Backus', { sales: 5, support: 3 }),
    ],
    traffic: [
      { skillset: 'sales', arrivalsPerHour: 45, meanHandleSeconds: 240, meanPatienceSeconds: 180 },
      { skillset: 'billing', arrivalsPerHour: 20, meanHandleSeconds: 200, meanPatienceSeconds: 240 },
    ],
  },
  {
    id: 'new-york',
    mode: { kind: 'local' },
    auctions: { strategy: { kind: 'collect' }, rule: { kind: 'command', command: 'fastest' }, deadlineMs: 3_000, retryMs: 30_000 },
    agents: [
      agent('n1', 'Margaret Hamilton', { support: 9 }),
      agent('n2', 'Ken Thompson', { support: 7 }),
      agent('n3', 'Radia Perlman', { support: 6, sales: 4 }),
    ],
    traffic: [
      { skillset: 'support', arrivalsPerHour: 40, meanHandleSeconds: 300, meanPatienceSeconds: 300 },
      { skillset: 'billing', arrivalsPerHour: 15, meanHandleSeconds: 200, meanPatienceSeconds: 240 },
    ],
  },
];
