import type { NetworkModelOptions } from './network-model.js';

/** A ready-made network to check: what it is about, and the network. */
export interface Scenario {
  readonly description: string;
  readonly network: NetworkModelOptions;
}

const billing = (id: string) => ({ id, skills: { billing: 5 } });

/**
 * The built-in scenarios of `contactmesh check --scenario NAME` (docs/model-checking.md lists
 * them with their sizes). Each is small enough to explore whole, or says in its description that
 * it is not.
 *
 * @example
 * ```ts
 * const result = explore(networkModel(scenarios['handover-with-crash'].network), { properties: Object.values(invariants) });
 * ```
 */
export const scenarios = {
  'two-centres-reservation': {
    description:
      'two centres routing as one network, an agent each, three callers; the network may lose one message and copy one, and one centre may crash and restart (more than 19 million worlds: not whole in minutes; sample it with seeds)',
    network: {
      centres: { london: { mode: 'network', agents: [billing('a1')] }, paris: { mode: 'network', agents: [billing('a2')] } },
      arrivals: [
        { centre: 'london', id: 'c1', skillset: 'billing' },
        { centre: 'paris', id: 'c2', skillset: 'billing' },
        { centre: 'london', id: 'c3', skillset: 'billing' },
      ],
      faults: { drops: 1, duplicates: 1, crashes: 1 },
      horizonMs: 4_000,
    },
  },
  'auction-three-bidders': {
    description:
      'london auctions a caller it has nobody for; paris, madrid and rome bid with an agent each; bids, awards and confirmations in any order (more than 500,000 worlds within 11 steps: not whole in minutes; sample it with seeds)',
    network: {
      centres: {
        london: { auctions: true },
        paris: { mode: 'overflow', agents: [billing('p1')] },
        madrid: { mode: 'overflow', agents: [billing('m1')] },
        rome: { mode: 'overflow', agents: [billing('r1')] },
      },
      arrivals: [{ centre: 'london', id: 'c1', skillset: 'billing' }],
      auction: { deadlineMs: 1_000, awardMs: 1_000, retryMs: null },
      horizonMs: 10_000,
    },
  },
  'handover-with-crash': {
    description:
      "a caller at london moves to paris's agent; either centre may crash at any point of the move and restart at any point after",
    network: {
      centres: { london: { mode: 'network' }, paris: { mode: 'network', agents: [billing('a1')] } },
      arrivals: [{ centre: 'london', id: 'c1', skillset: 'billing' }],
      faults: { crashes: 1 },
      horizonMs: 4_000,
    },
  },
  'status-commands-race': {
    description:
      "a caller at london moving to paris's agent cancels, or asks for a call-back, from the status page at any point of the move and the offer",
    network: {
      centres: { london: { mode: 'network' }, paris: { mode: 'network', agents: [billing('a1')] } },
      arrivals: [
        {
          centre: 'london',
          id: 'c1',
          skillset: 'billing',
          commands: [{ kind: 'cancel' }, { kind: 'requestCallback', number: '+442071234567' }],
        },
      ],
      horizonMs: 4_000,
    },
  },
} as const satisfies Record<string, Scenario>;

/** The name of a built-in scenario. */
export type ScenarioName = keyof typeof scenarios;
