import {
  boundedArray,
  boundedRecord,
  CentreId,
  closedType,
  finite,
  int,
  Media,
  oneOf,
  Proficiency,
  SkillName,
} from '@contactmesh/core/protocol';
import * as t from 'io-ts';

// The JSON file `contactmesh simulate` reads; docs/simulation.md lists every field with its default.

const day = 86_400;

const HandleTime = closedType(
  'HandleTime',
  { mean: finite(0.001, day) },
  {
    /** `exponential` (default), `fixed` (every call takes `mean`), `lognormal` (with `sd`, default `mean`). */
    distribution: oneOf(['exponential', 'fixed', 'lognormal']),
    sd: finite(0, day),
  },
);

const AgentGroup = closedType('AgentGroup', { count: int(1, 10_000), skills: boundedRecord(SkillName, Proficiency, 64) }, {});

const ScenarioCentre = closedType('ScenarioCentre', { id: CentreId, agents: boundedArray(AgentGroup, 1_000) }, {});

const ScenarioTraffic = closedType(
  'ScenarioTraffic',
  { centre: CentreId, skillset: SkillName, perHour: finite(0.001, 1_000_000), handleSeconds: HandleTime },
  {
    /** Default `voice`. */
    media: Media,
    /** Mean of an exponential patience; `null` (default): nobody abandons. */
    patienceSeconds: t.union([finite(0.001, day), t.null]),
  },
);

const AuctionSettings = closedType(
  'AuctionSettings',
  {},
  {
    deadlineSeconds: finite(0.001, 300),
    strategy: oneOf(['collect', 'best-so-far', 'first-acceptable']),
    /** The reserve: move a contact only when a bid improves its local expected wait by at least this. */
    improveBySeconds: finite(0, day),
    retrySeconds: t.union([finite(1, day), t.null]),
    queuePromise: t.boolean,
  },
);

/** Faults of every link between the centres, as the memory hub applies them (docs/simulation.md, Faults). */
const NetworkFaults = closedType(
  'NetworkFaults',
  {},
  {
    delayMs: int(0, 60_000),
    jitterMs: int(0, 60_000),
    drop: finite(0, 0.5),
    duplicate: finite(0, 0.5),
    reorder: finite(0, 0.5),
  },
);

/** A what-if study: centres, their agents, their traffic and how the network routes (docs/simulation.md). */
export const ScenarioFile = closedType(
  'Scenario',
  {
    durationSeconds: finite(1, 31 * day),
    routing: oneOf(['isolated', 'network', 'auction']),
    centres: boundedArray(ScenarioCentre, 64),
    traffic: boundedArray(ScenarioTraffic, 1_000),
  },
  {
    seed: int(0, 0xffffffff),
    warmupSeconds: finite(0, 31 * day),
    serviceLevelSeconds: finite(0, day),
    /** Seconds between an offer and the agent's answer (default 0: at once). */
    answerDelaySeconds: finite(0, 600),
    /** After-call work (default 0). */
    wrapUpSeconds: finite(0, day),
    auction: AuctionSettings,
    faults: NetworkFaults,
  },
);
export type ScenarioFile = t.TypeOf<typeof ScenarioFile>;
export type ScenarioCentre = t.TypeOf<typeof ScenarioCentre>;
export type ScenarioTraffic = t.TypeOf<typeof ScenarioTraffic>;
export type HandleTime = t.TypeOf<typeof HandleTime>;

/** How the network routes in a simulation. */
export type Routing = ScenarioFile['routing'];

/** The auction settings with defaults applied. */
export interface AuctionPlan {
  readonly deadlineMs: number;
  readonly strategy: 'collect' | 'best-so-far' | 'first-acceptable';
  readonly improveByMs: number;
  readonly retryMs: number | null;
  readonly queuePromise: boolean;
}

/** A checked scenario with every default applied: what a simulation runs. */
export interface SimulationScenario {
  readonly seed: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly serviceLevelSeconds: number;
  readonly routing: Routing;
  readonly answerDelaySeconds: number;
  readonly wrapUpSeconds: number;
  readonly centres: readonly ScenarioCentre[];
  readonly traffic: readonly {
    readonly centre: string;
    readonly skillset: string;
    readonly media: t.TypeOf<typeof Media>;
    readonly perHour: number;
    readonly handleSeconds: Required<Pick<HandleTime, 'mean' | 'distribution'>> & { readonly sd: number };
    readonly patienceSeconds: number | null;
  }[];
  readonly auction: AuctionPlan;
  /** Faults of every link between centres; `undefined`: a perfect network. */
  readonly faults?: t.TypeOf<typeof NetworkFaults>;
}

/**
 * Applies the defaults of every optional field (docs/simulation.md).
 *
 * @example
 * ```ts
 * withDefaults(decoded).serviceLevelSeconds; // 20 unless the file says otherwise
 * ```
 */
export function withDefaults(file: ScenarioFile): SimulationScenario {
  const auction = file.auction ?? {};
  return {
    seed: file.seed ?? 1,
    durationSeconds: file.durationSeconds,
    warmupSeconds: file.warmupSeconds ?? 0,
    serviceLevelSeconds: file.serviceLevelSeconds ?? 20,
    routing: file.routing,
    answerDelaySeconds: file.answerDelaySeconds ?? 0,
    wrapUpSeconds: file.wrapUpSeconds ?? 0,
    centres: file.centres,
    traffic: file.traffic.map((traffic) => ({
      centre: traffic.centre,
      skillset: traffic.skillset,
      media: traffic.media ?? 'voice',
      perHour: traffic.perHour,
      handleSeconds: {
        mean: traffic.handleSeconds.mean,
        distribution: traffic.handleSeconds.distribution ?? 'exponential',
        sd: traffic.handleSeconds.sd ?? traffic.handleSeconds.mean,
      },
      patienceSeconds: traffic.patienceSeconds ?? null,
    })),
    auction: {
      deadlineMs: Math.round((auction.deadlineSeconds ?? 2) * 1_000),
      strategy: auction.strategy ?? 'collect',
      improveByMs: Math.round((auction.improveBySeconds ?? 0) * 1_000),
      retryMs: auction.retrySeconds === null ? null : Math.round((auction.retrySeconds ?? 15) * 1_000),
      queuePromise: auction.queuePromise ?? true,
    },
    ...(file.faults === undefined ? {} : { faults: file.faults }),
  };
}
