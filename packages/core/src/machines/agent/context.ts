import type { AgentSnapshot, AgentState } from '../../protocol/messages/snapshots.js';
import type { Media } from '../../protocol/primitives.js';

/** How an agent's home centre treats the agent: offer timeout, wrap-up, ring-fail back-off, leases. */
export interface AgentPolicy {
  /** How long an offer rings before it counts as missed. */
  readonly offerTimeoutMs: number;
  /** Wrap-up after the agent's last contact ends; 0 = none. */
  readonly wrapUpMs: number;
  /** After `maxMissed` offers in a row ring out, the agent goes notReady (`ringFail`) and comes back by itself after a back-off that doubles each time, up to `maxBackoffMs`. */
  readonly ringFail: { readonly maxMissed: number; readonly backoffMs: number; readonly maxBackoffMs: number };
  /** The longest lease granted, whatever a chooser asks for. */
  readonly maxLeaseMs: number;
}

export const defaultAgentPolicy: AgentPolicy = {
  offerTimeoutMs: 20_000,
  wrapUpMs: 5_000,
  ringFail: { maxMissed: 2, backoffMs: 30_000, maxBackoffMs: 300_000 },
  maxLeaseMs: 30_000,
};

/** Default capacity per media: one call, three chats, five emails, … */
export const defaultCapacity: Readonly<Partial<Record<Media, number>>> = { voice: 1, video: 1, chat: 3, sms: 3, email: 5, webform: 5 };

/** A lease the agent's owner granted: only an offer carrying `fence` may assign the agent. */
export interface Lease {
  readonly leaseId: string;
  readonly fence: number;
  readonly contact: string;
  readonly media: Media;
  /** The address that asked; it is told when the lease ends. */
  readonly holder: string;
}

/** A contact ringing at the agent. */
export interface Offer {
  readonly contact: string;
  readonly media: Media;
  readonly fence: number;
  /** The address that offered (the contact's actor); it gets the `offer.result`. */
  readonly from: string;
}

/** A contact the agent is working on. */
export interface Work {
  readonly contact: string;
  readonly media: Media;
  readonly from: string;
}

export interface AgentInput {
  readonly id: string;
  readonly home: string;
  /** The address of the centre's router, which hears of every change. */
  readonly router: string;
  readonly displayName: string;
  readonly skills: Readonly<Record<string, number>>;
  readonly capacity?: Readonly<Partial<Record<Media, number>>>;
  readonly languages?: readonly string[];
  readonly policy?: Partial<AgentPolicy>;
  /** Clock time at creation. */
  readonly at: number;
  /**
   * The rev to go on from (default 0). A centre passes its incarnation or the last replicated rev,
   * so the agent's snapshots after a restart are newer than those of its previous life.
   */
  readonly rev?: number;
}

export interface AgentContext {
  readonly id: string;
  readonly home: string;
  readonly router: string;
  readonly displayName: string;
  readonly skills: Readonly<Record<string, number>>;
  readonly capacity: Readonly<Partial<Record<Media, number>>>;
  readonly languages: readonly string[];
  readonly policy: AgentPolicy;
  readonly work: readonly Work[];
  readonly lease: Lease | null;
  readonly offer: Offer | null;
  /** The last fence granted; grows with every lease so an old lease can never assign. */
  readonly fence: number;
  readonly rev: number;
  readonly idleSince: number | null;
  readonly reason: string | null;
  readonly missedOffers: number;
  /** How many ring-fail back-offs in a row (the back-off doubles with each). */
  readonly backoffs: number;
  readonly updatedAt: number;
  /** The state last published (`free` = ready with no lease or offer), for changes that do not move the machine. */
  readonly shown: AgentState | 'free';
  /**
   * A lease is held that the network was never shown (no snapshot since it was granted): its end
   * is not news either, unless someone was refused meanwhile (then its end is published, so their
   * router, which skips the agent until a newer rev, tries it again).
   */
  readonly quietLease: boolean;
}

export const initialContext = (input: AgentInput): AgentContext => ({
  id: input.id,
  home: input.home,
  router: input.router,
  displayName: input.displayName,
  skills: { ...input.skills },
  capacity: { ...(input.capacity ?? defaultCapacity) },
  languages: [...(input.languages ?? [])],
  policy: { ...defaultAgentPolicy, ...input.policy },
  work: [],
  lease: null,
  offer: null,
  // Fences go on from the rev too, so a release from an earlier life never matches a new lease.
  fence: input.rev ?? 0,
  rev: input.rev ?? 0,
  idleSince: null,
  reason: null,
  missedOffers: 0,
  backoffs: 0,
  updatedAt: input.at,
  shown: 'loggedOut',
  quietLease: false,
});

/** Contacts of `media` the agent is working on or has ringing. */
export const load = (context: AgentContext, media: Media): number => context.work.filter((w) => w.media === media).length;

/** The replicated view of the agent, as published after change `rev`. */
export function toSnapshot(context: AgentContext, state: AgentState): AgentSnapshot {
  const byMedia: Partial<Record<Media, number>> = {};
  for (const work of context.work) byMedia[work.media] = (byMedia[work.media] ?? 0) + 1;
  return {
    id: context.id,
    home: context.home,
    rev: context.rev,
    state,
    displayName: context.displayName,
    skills: { ...context.skills },
    capacity: { ...context.capacity },
    load: byMedia,
    idleSince: state === 'idle' ? context.idleSince : null,
    updatedAt: context.updatedAt,
    ...(context.languages.length > 0 ? { languages: [...context.languages] } : {}),
    ...(context.reason === null ? {} : { reason: context.reason }),
  };
}
