import type { AuctionClosedEvent, Centre, Clock } from '@contactmesh/core';

/** One point of the service-level and speed-of-answer chart, per centre. */
export interface Sample {
  /** Simulated time. */
  readonly at: number;
  readonly byCentre: Readonly<Record<string, { readonly serviceLevel: number | undefined; readonly asa: number | undefined }>>;
}

/** A handover the demo saw: a contact moving from one centre to another. */
export interface Handover {
  readonly at: number;
  readonly contact: string;
  readonly from: string;
  readonly to: string;
  readonly agent: string | undefined;
}

/** What the dashboard shows of one centre now. */
export interface CentreView {
  readonly id: string;
  readonly mode: string;
  readonly waiting: readonly { readonly queue: string; readonly waiting: number; readonly longestWaitSeconds: number }[];
  readonly agents: Readonly<Record<string, number>>;
  readonly serviceLevel: number | undefined;
  readonly asa: number | undefined;
  readonly offered: number;
  readonly handled: number;
  readonly abandoned: number;
}

const keep = 60;

/**
 * The network demo's memory for its dashboard: samples of every centre's service level and
 * average speed of answer, the last auctions with their explanations, the last handovers. Bounded:
 * the newest {@link keep} of each.
 */
export class DashboardState {
  readonly samples: Sample[] = [];
  readonly auctions: (AuctionClosedEvent & { readonly centre: string; readonly at: number })[] = [];
  readonly handovers: Handover[] = [];

  constructor(
    private readonly centres: readonly Centre[],
    private readonly clock: Clock,
  ) {
    for (const centre of centres) {
      centre.events$.subscribe((event) => {
        if (event.type === 'auction.closed') this.#push(this.auctions, { ...event, centre: centre.id, at: clock.now() });
      });
    }
  }

  /** The ACD of `from` was told to forward `contact` to `to`. */
  handedOver(from: string, contact: string, to: string, agent: string | undefined): void {
    this.#push(this.handovers, { at: this.clock.now(), contact, from, to, agent });
  }

  /** Takes a sample of every centre's figures (the demo calls it every few seconds). */
  sample(): void {
    const byCentre: Record<string, { serviceLevel: number | undefined; asa: number | undefined }> = {};
    for (const centre of this.centres) {
      const { window } = centre.metrics().centre;
      byCentre[centre.id] = { serviceLevel: window.serviceLevel, asa: window.averageSpeedOfAnswerSeconds };
    }
    this.#push(this.samples, { at: this.clock.now(), byCentre });
  }

  /** Every centre as it is now. */
  view(): CentreView[] {
    return this.centres.map((centre) => {
      const metrics = centre.metrics();
      const agents: Record<string, number> = {};
      for (const agent of centre.replicas.agents({ centre: centre.id })) agents[agent.state] = (agents[agent.state] ?? 0) + 1;
      const mode = centre.mode();
      return {
        id: centre.id,
        mode: mode.kind,
        waiting: metrics.queues.map((q) => ({ queue: q.queue, waiting: q.waiting, longestWaitSeconds: q.longestWaitSeconds })),
        agents,
        serviceLevel: metrics.centre.cumulative.serviceLevel,
        asa: metrics.centre.cumulative.averageSpeedOfAnswerSeconds,
        offered: metrics.centre.cumulative.offered,
        handled: metrics.centre.cumulative.handled,
        abandoned: metrics.centre.cumulative.abandoned,
      };
    });
  }

  #push<T>(list: T[], item: T): void {
    list.push(item);
    if (list.length > keep) list.shift();
  }
}
