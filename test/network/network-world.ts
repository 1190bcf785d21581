import {
  type AuctionOptions,
  type BiddingPolicy,
  type Centre,
  type CentreEvent,
  createCentre,
  type PresencePolicy,
  type RouterMode,
  type RouterPolicy,
  type ScoringCommandRegistry,
  type SigningOptions,
  sequentialIds,
  VirtualClock,
} from '@contactmesh/core';
import { createMemoryHub, type FaultPlan } from '@contactmesh/transports/memory';
import type { Subscription } from 'rxjs';

/** What the ACDs of a test network were told to do, in order. */
export interface AcdLog {
  readonly offers: { readonly centre: string; readonly agent: string; readonly contact: string }[];
  readonly forwards: { readonly centre: string; readonly contact: string; readonly to: string; readonly agent: string }[];
  readonly outcomes: { readonly centre: string; readonly contact: string; readonly outcome: string }[];
  readonly failures: CentreEvent[];
  readonly auctions: Extract<CentreEvent, { type: 'auction.closed' }>[];
}

/**
 * Centres on one memory hub with a virtual clock: a network for scenario tests. `settle()` runs
 * everything due now (messages, zero-delay timers) without moving time.
 */
export async function networkOf(
  ids: readonly string[],
  options: {
    readonly mode?: RouterMode;
    readonly modes?: Readonly<Record<string, RouterMode>>;
    readonly seed?: number;
    readonly faults?: FaultPlan;
    readonly router?: Partial<RouterPolicy>;
    /** Every centre's heartbeat and silence allowance (`policies.presence`). */
    readonly presence?: Partial<PresencePolicy>;
    /** Per centre: auction its waiting contacts (docs/auctions.md). */
    readonly auctions?: Readonly<Record<string, AuctionOptions>>;
    /** Per centre: how it bids (default: as createCentre's default). */
    readonly bidding?: Readonly<Record<string, BiddingPolicy | false>>;
    readonly scoringCommands?: ScoringCommandRegistry;
    /** Per centre: its signatures (docs/security.md, "Signatures"). */
    readonly signing?: Readonly<Record<string, SigningOptions>>;
    /** Every centre's pinned membership (`createCentre({ peers })`); default none: a centre is whoever announced a presence. */
    readonly peers?: readonly string[];
  } = {},
) {
  const clock = new VirtualClock(0);
  const hub = createMemoryHub({ clock, seed: options.seed ?? 1, ...(options.faults ? { faults: options.faults } : {}) });
  const log: AcdLog = { offers: [], forwards: [], outcomes: [], failures: [], auctions: [] };
  const centres: Record<string, Centre> = {};
  const recovered: { readonly centre: string; readonly kind: string; readonly id: string; readonly agent?: string }[] = [];
  const watching = new Map<string, Subscription>();
  const make = (id: string, incarnation: number) => {
    const mode = options.modes?.[id] ?? options.mode ?? { kind: 'network' };
    const centre = createCentre({
      id,
      network: 'acme',
      transport: hub.transport(id),
      clock,
      ids: sequentialIds(`${id}.${incarnation}`),
      incarnation,
      mode,
      ...(options.auctions?.[id] === undefined ? {} : { auctions: options.auctions[id] }),
      ...(options.bidding?.[id] === undefined ? {} : { bidding: options.bidding[id] }),
      ...(options.scoringCommands === undefined ? {} : { scoringCommands: options.scoringCommands }),
      ...(options.signing?.[id] === undefined ? {} : { signing: options.signing[id] }),
      ...(options.peers === undefined ? {} : { peers: options.peers }),
      policies: {
        contact: { skillsets: ['billing', 'sales'] },
        agent: { wrapUpMs: 0 },
        ...(options.router ? { router: options.router } : {}),
        ...(options.presence ? { presence: options.presence } : {}),
      },
      adapter: {
        offer: ({ agent, contact }) => void log.offers.push({ centre: id, agent, contact }),
        forward: ({ contact, to, agent }) => void log.forwards.push({ centre: id, contact, to, agent: agent ?? '' }),
      },
    });
    watching.get(id)?.unsubscribe();
    const watch = centre.events$.subscribe((event) => {
      if (event.type === 'contact.outcome') log.outcomes.push({ centre: id, contact: event.contact, outcome: event.outcome });
      if (event.type === 'actor.failed' || event.type === 'effect.failed' || event.type === 'adapter.failed') log.failures.push(event);
      if (event.type === 'auction.closed') log.auctions.push(event);
      if (event.type === 'centre.recovered')
        recovered.push({ centre: id, kind: event.kind, id: event.id, ...(event.agent === undefined ? {} : { agent: event.agent }) });
    });
    watching.set(id, watch);
    centres[id] = centre;
    return centre;
  };
  // Each centre's own incarnation (so its revs start apart from the others', as in real life).
  for (const [i, id] of ids.entries()) make(id, (i + 1) * 1_000);
  for (const centre of Object.values(centres)) await centre.start();
  const settle = () => {
    for (let i = 0; i < 10_000 && clock.nextDeadline() === clock.now(); i++) clock.advance(0);
  };
  settle();
  const centre = (id: string): Centre => {
    const found = centres[id];
    if (found === undefined) throw new Error(`no centre ${id}`);
    return found;
  };
  /** Where contact `id` lives now: the centres hosting it (invariant 2 wants exactly one, or none once it ended). */
  const owners = (contact: string) => ids.filter((c) => centre(c).runtime.snapshot(`${c}/contact/${contact}`) !== undefined);
  /** Crashes a centre (its will goes out) and starts a new life of it, which knows nothing yet. */
  let lives = 1;
  const restart = async (id: string) => {
    hub.crash(id);
    // The process is gone: nothing of the old life runs on (and what it tried is not news).
    watching.get(id)?.unsubscribe();
    await centres[id]?.stop();
    settle();
    // A new life: its incarnation (and so its revs) must pass every rev of the last one, as a
    // clock in ms does between real restarts.
    lives += 1;
    const next = make(id, lives * 1_000_000);
    await next.start();
    settle();
    return next;
  };
  const stop = async () => {
    for (const c of Object.values(centres)) await c.stop();
  };
  return { clock, hub, log, recovered, centre, centres, settle, owners, restart, stop };
}
