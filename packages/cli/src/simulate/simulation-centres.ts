import { type Centre, type CentreOptions, createCentre, sequentialIds, type VirtualClock } from '@contactmesh/core';
import type { MemoryHub } from '@contactmesh/transports/memory';
import type { SimulationScenario } from './scenario-file.js';
import type { SimulatedSwitch } from './simulated-switch.js';

/**
 * How each routing sets up a centre (docs/simulation.md, Routing):
 * - `isolated`: `local` mode, every centre alone;
 * - `network`: `network` mode, routing from the replicas of every centre's agents and contacts;
 * - `auction`: a centre's router uses only its own agents (an `overflow` mode with no trigger, so
 *   nothing overflows), its waiting contacts are auctioned, and its bidder bids for the others'
 *   (a `local` centre would not bid: it takes no contacts from the network).
 */
function routingOptions(scenario: SimulationScenario): Pick<CentreOptions, 'mode' | 'auctions' | 'bidding'> {
  if (scenario.routing === 'isolated') return { mode: { kind: 'local' } };
  if (scenario.routing === 'network') return { mode: { kind: 'network' } };
  const { deadlineMs, strategy, improveByMs, retryMs, queuePromise } = scenario.auction;
  return {
    mode: { kind: 'overflow' },
    auctions: {
      rule: { kind: 'command', command: 'fastest' },
      strategy: { kind: strategy },
      deadlineMs,
      retryMs,
      reserve: { improveByMs },
    },
    bidding: { queuePromise },
  };
}

/**
 * The scenario's centres, made with `createCentre` — the production embedding API and statecharts
 * — on the memory hub and the simulation's clock, each driven by the simulated switch. Not started.
 *
 * @example
 * ```ts
 * const centres = simulationCentres({ scenario, clock, hub, acd });
 * for (const centre of centres.values()) await centre.start();
 * ```
 */
export function simulationCentres(options: {
  readonly scenario: SimulationScenario;
  readonly clock: VirtualClock;
  readonly hub: MemoryHub;
  readonly acd: SimulatedSwitch;
}): Map<string, Centre> {
  const { scenario, clock, hub, acd } = options;
  const wrapUpMs = Math.round(scenario.wrapUpSeconds * 1_000);
  const skillsets = [...new Set(scenario.traffic.map((t) => t.skillset))];
  const centres = new Map<string, Centre>();
  for (const [i, { id }] of scenario.centres.entries()) {
    const centre = createCentre({
      id,
      network: 'sim',
      transport: hub.transport(id),
      clock,
      ids: sequentialIds(`${id}.sim`),
      // Each centre's own incarnation, so their revs start apart, as between real processes.
      incarnation: (i + 1) * 1_000,
      seed: (scenario.seed + i) >>> 0 || 1,
      adapter: acd.adapterFor(id),
      ...routingOptions(scenario),
      policies: {
        agent: { wrapUpMs },
        // Customers leave only by their own patience; the switch reports the end of wrap-up itself.
        contact: { skillsets, maxWaitMs: null, wrapUpMs: wrapUpMs + 30_000 },
      },
      metrics: { centre: id, serviceLevelSeconds: scenario.serviceLevelSeconds },
      // The machines' own messages between a centre's actors: the wire's are checked all the same.
      checkLocalMessages: false,
    });
    centres.set(id, centre);
  }
  return centres;
}

/**
 * Logs in every agent of the scenario and makes them ready: ids `a1`, `a2`, … per centre.
 *
 * @example
 * ```ts
 * staffCentres(scenario, centres); // london/agent/a1 … london/agent/a12 are idle now
 * ```
 */
export function staffCentres(scenario: SimulationScenario, centres: ReadonlyMap<string, Centre>): void {
  for (const { id, agents } of scenario.centres) {
    const centre = centres.get(id);
    if (centre === undefined) continue;
    let n = 0;
    for (const group of agents) {
      for (let k = 0; k < group.count; k++) {
        n += 1;
        centre.agents.login(`a${n}`, { displayName: `${id} agent ${n}`, skills: group.skills });
        centre.agents.ready(`a${n}`);
      }
    }
  }
}
