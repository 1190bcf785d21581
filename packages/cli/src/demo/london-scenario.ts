import type { Scenario, SimulatedAgent } from './scenario.js';

// Twelve agents: specialists, and some who cover a second skillset at a lower proficiency.
const roster: readonly [string, Readonly<Record<string, number>>][] = [
  ['Ada Lovelace', { billing: 8 }],
  ['Alan Turing', { billing: 7, support: 4 }],
  ['Grace Hopper', { billing: 6 }],
  ['Edsger Dijkstra', { billing: 5, sales: 3 }],
  ['Barbara Liskov', { sales: 8 }],
  ['Donald Knuth', { sales: 7 }],
  ['Frances Allen', { sales: 6, billing: 3 }],
  ['John Backus', { sales: 5 }],
  ['Margaret Hamilton', { support: 9 }],
  ['Ken Thompson', { support: 7 }],
  ['Radia Perlman', { support: 6, sales: 4 }],
  ['Tony Hoare', { support: 5, billing: 4 }],
];

const agents: SimulatedAgent[] = roster.map(([displayName, skills], i) => ({
  id: `a${String(i + 1).padStart(2, '0')}`,
  displayName,
  skills,
}));

/**
 * The demo centre: "london", twelve agents, three voice skillsets loaded to about 80 % occupancy,
 * so queues form and drain and a few impatient customers hang up.
 *
 * @example
 * ```ts
 * const run = await runOneCentre({ clock: new VirtualClock(0), seed: 1, scenario: londonScenario });
 * ```
 */
export const londonScenario: Scenario = {
  centre: 'london',
  network: 'demo',
  agents,
  traffic: [
    { skillset: 'billing', arrivalsPerHour: 60, meanHandleSeconds: 200, meanPatienceSeconds: 180 },
    { skillset: 'sales', arrivalsPerHour: 45, meanHandleSeconds: 240, meanPatienceSeconds: 120 },
    { skillset: 'support', arrivalsPerHour: 30, meanHandleSeconds: 300, meanPatienceSeconds: 240 },
  ],
  answer: { minDelaySeconds: 1, maxDelaySeconds: 4, missChance: 0.03, offerTimeoutSeconds: 10 },
  wrapUpSeconds: 15,
  serviceLevelSeconds: 20,
};
