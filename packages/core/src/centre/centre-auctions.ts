import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { EMPTY, type Observable } from 'rxjs';
import { AssessmentStrategy, createAssessment } from '../auction/assessment.js';
import { Reserve } from '../auction/reserve.js';
import { createScoringCommandRegistry, type ScoringCommandRegistry } from '../auction/scoring-commands.js';
import { compileRule } from '../auction/scoring-rule.js';
import { ContactmeshError, ErrorCode, preview } from '../errors/index.js';
import { type AuctionOptions, type AuctionOutcome, type AuctionPolicy, defaultAuctionPolicy } from '../machines/auction/context.js';
import { auctioneerMachine } from '../machines/auctioneer/machine.js';
import type { RouterContext } from '../machines/router/context.js';
import type { CentreMonitor } from '../metrics/centre-monitor.js';
import { ScoredField } from '../protocol/bid-terms.js';
import { boundedArray } from '../protocol/codecs.js';
import { BidForm } from '../protocol/messages/auction.js';
import type { HostedKind, Runtime } from '../runtime/runtime.js';
import { AuctionDesk } from './auctions.js';
import { Bidder, type BiddingPolicy } from './bidder.js';
import type { CentreNetwork } from './network.js';

/** The auction parts of a centre: its desk (when it auctions) and its bidder (unless `bidding: false`). */
export interface CentreAuctions {
  readonly desk: AuctionDesk | undefined;
  readonly bidder: Bidder | undefined;
  /** Every auction's end at this centre. */
  readonly closed$: Observable<AuctionOutcome>;
  stop(): void;
}

/** A centre's auction policy, checked: a bad rule or strategy is a programmer's error, found at once. */
export function auctionPolicy(options: AuctionOptions, registry: ScoringCommandRegistry): AuctionPolicy {
  const { queues: _queues, ...given } = options;
  const policy: AuctionPolicy = { ...defaultAuctionPolicy, ...given };
  const rule = compileRule(policy.rule, registry);
  if (!rule.ok) {
    // An unknown command keeps its own code: register the command (on every centre) or use a built-in.
    if (rule.error.code === ErrorCode.UNKNOWN_SCORING_COMMAND) throw rule.error;
    throw new ContactmeshError(
      ErrorCode.INVALID_OPTION,
      `auctions.rule: ${rule.error.message}`,
      { path: 'auctions.rule' },
      { cause: rule.error },
    );
  }
  if (!AssessmentStrategy.is(policy.strategy)) {
    throw new ContactmeshError(
      ErrorCode.INVALID_OPTION,
      'auctions.strategy must be { kind: "best-so-far" | "collect" | "first-acceptable" }.',
      {
        path: 'auctions.strategy',
        value: policy.strategy,
      },
    );
  }
  // The rest goes into every entity: a value bidders cannot decode would make every auction of
  // this centre end without bids (or, for the strategy, fail at its first bid), so refuse it now.
  const assessment = createAssessment({ strategy: policy.strategy, rule: policy.rule, registry });
  if (!assessment.ok) {
    throw new ContactmeshError(
      ErrorCode.INVALID_OPTION,
      `auctions: ${assessment.error.message}`,
      { path: 'auctions.strategy', value: policy.strategy },
      { cause: assessment.error },
    );
  }
  const fields: [string, t.Decoder<unknown, unknown>, unknown, string][] = [
    ['bidForm', BidForm, policy.bidForm, '"direct", "entry" or "modified-entity"'],
    ['params', boundedArray(ScoredField, 3), policy.params, 'a list of "cost", "proficiency" and "timeToServiceMs"'],
    ['reserve', Reserve, policy.reserve ?? {}, '{ improveByMs?: 0 to 86400000, improveByPercent?: 0 to 100 }'],
  ];
  for (const [name, codec, value, what] of fields) {
    if (isLeft(codec.decode(value))) {
      throw new ContactmeshError(ErrorCode.INVALID_OPTION, `auctions.${name} must be ${what}; got ${preview(value)}.`, {
        path: `auctions.${name}`,
        value,
      });
    }
  }
  for (const [name, value] of [
    ['deadlineMs', policy.deadlineMs],
    ['awardMs', policy.awardMs],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 300_000) {
      throw new ContactmeshError(
        ErrorCode.INVALID_OPTION,
        `auctions.${name} must be an integer number of ms from 1 to 300000; got ${String(value)}.`,
        {
          path: `auctions.${name}`,
          value,
        },
      );
    }
  }
  const { retryMs } = policy;
  if (retryMs !== null && (!Number.isInteger(retryMs) || retryMs < 1 || retryMs > 3_600_000)) {
    throw new ContactmeshError(
      ErrorCode.INVALID_OPTION,
      `auctions.retryMs must be null or an integer number of ms from 1 to 3600000; got ${String(retryMs)}.`,
      {
        path: 'auctions.retryMs',
        value: retryMs,
      },
    );
  }
  return policy;
}

/** The address of a centre's auctioneer (machines/auctioneer): its contacts tell it of every change. */
export const auctioneerAddress = (centre: string): string => `${centre}/auctioneer/main`;

/** Hosts the centre's auctioneer and opens its auction desk. */
function auctionDesk(
  runtime: Runtime,
  options: AuctionOptions,
  registry: ScoringCommandRegistry,
  waitMs: (skillset: string, position: number) => number,
  router: () => RouterContext | undefined,
): AuctionDesk {
  const policy = auctionPolicy(options, registry);
  const auctioneer = runtime.host('auctioneer', 'main', auctioneerMachine, {
    input: {
      owner: runtime.centre,
      desk: `${runtime.centre}/auctions/main`,
      queues: options.queues ?? null,
      retryMs: policy.retryMs,
      remember: runtime.limits.maxRememberedOutcomes,
    },
  });
  return new AuctionDesk({
    runtime,
    policy,
    registry,
    auctioneer,
    localWaitMs: (contact) => waitMs(contact.skillset, router()?.contacts.position(contact.id) ?? 1),
  });
}

/** Sets up the auction desk and the bidder of a centre. */
export function attachAuctions(parts: {
  readonly runtime: Runtime;
  readonly network: CentreNetwork;
  readonly monitor: CentreMonitor;
  readonly router: () => RouterContext | undefined;
  readonly auctions: AuctionOptions | undefined;
  readonly bidding: BiddingPolicy | false | undefined;
  readonly registry: ScoringCommandRegistry | undefined;
  /** The centre's incarnation, in its bid ids. */
  readonly incarnation: number;
  /** The runtime's `hosts`, where the bidder lists its bid actors' kind. */
  readonly hosts: Record<string, HostedKind>;
}): CentreAuctions {
  const { runtime, network, monitor, router } = parts;
  const registry = parts.registry ?? createScoringCommandRegistry();
  const centre = runtime.centre;
  // Logged in counts, ready or not: an agent on a break comes back, so the queue here is slow, not
  // hopeless (docs/auctions.md, the reserve). Only a queue nobody logged in here can serve is `Infinity`.
  const staffedHere = (skillset: string): number => {
    let staffed = 0;
    for (const agent of router()?.local.values() ?? []) {
      if (agent.home === centre && agent.state !== 'loggedOut' && (agent.skills[skillset] ?? 0) > 0) staffed += 1;
    }
    return staffed;
  };
  /** The expected wait here of a contact at `position`: `Infinity` when nobody here can serve; 0 when nobody can tell yet. */
  const waitMs = (skillset: string, position: number): number => {
    if (staffedHere(skillset) === 0) return Number.POSITIVE_INFINITY;
    const estimate = monitor.expectedWait(skillset, position);
    return estimate === undefined ? 0 : estimate.seconds * 1_000;
  };
  const desk = parts.auctions === undefined ? undefined : auctionDesk(runtime, parts.auctions, registry, waitMs, router);
  const bidder =
    parts.bidding === false
      ? undefined
      : new Bidder({
          runtime,
          replicas: network.replicas,
          policy: parts.bidding ?? {},
          takesFromNetwork: (skillset) => network.takesFromNetwork(skillset),
          // A promise needs an estimate: a centre that cannot tell its wait yet does not promise one.
          queueWaitMs: (skillset) => {
            if (staffedHere(skillset) === 0) return undefined;
            const estimate = monitor.expectedWait(skillset, (router()?.contacts.waiting(skillset) ?? 0) + 1);
            return estimate === undefined ? undefined : estimate.seconds * 1_000;
          },
          incarnation: parts.incarnation,
          hosts: parts.hosts,
        });
  return {
    desk,
    bidder,
    closed$: desk === undefined ? EMPTY : desk.closed$,
    stop: () => {
      desk?.stop();
      bidder?.stop();
    },
  };
}
