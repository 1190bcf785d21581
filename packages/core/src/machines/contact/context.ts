import type { Substitute } from '../../effects/adapter-command.js';
import { centreOf } from '../../protocol/address.js';
import { derivedId } from '../../protocol/derived-id.js';
import type { ContactSnapshot, ContactState } from '../../protocol/messages/snapshots.js';
import type { Media } from '../../protocol/primitives.js';

/** How a centre treats its contacts. */
export interface ContactPolicy {
  /** A contact still waiting this long after arrival expires; `null` = never. */
  readonly maxWaitMs: number | null;
  /** The lease asked of an agent; also how long a reservation may go unanswered before the contact re-queues. */
  readonly leaseMs: number;
  /** How long the contact waits in `offered` for the agent's answer before it gives the offer back and re-queues (a lost message must not strand it). Longer than the agent's own ring time. */
  readonly offerAnswerMs: number;
  /** Wrap-up of the contact after the conversation, if the ACD does not end it sooner. */
  readonly wrapUpMs: number;
  /** Skillsets a customer may switch to. */
  readonly skillsets: readonly string[];
  /**
   * How long the contact waits for the new owner to acknowledge a handover before asking again;
   * it doubles with each ask, up to 30 s. Only the new owner's answer ends a handover.
   */
  readonly handoverMs: number;
  /**
   * After a restart, how long a contact that was in a call waits for the ACD's re-sync
   * (`contacts.resync`) before it queues again.
   */
  readonly resyncMs: number;
}

export const defaultContactPolicy: ContactPolicy = {
  maxWaitMs: 3_600_000,
  leaseMs: 5_000,
  offerAnswerMs: 60_000,
  wrapUpMs: 30_000,
  skillsets: [],
  handoverMs: 1_000,
  resyncMs: 60_000,
};

export interface Requirement {
  readonly skill: string;
  readonly minProficiency: number;
}

export type { Substitute } from '../../effects/adapter-command.js';

/** The first answer given to a command id; a repeat gets it again (invariant 7). */
export interface CommandAnswer {
  readonly accepted: boolean;
  readonly reason?: string;
  /** A refusal for now (an agent is being connected): not remembered, so the same command id may be tried again. */
  readonly retry?: true;
}

export interface ContactInput {
  readonly id: string;
  readonly owner: string;
  readonly router: string;
  /** The owner's auctioneer, when the owner auctions its contacts: it hears of every change, as the router does. */
  readonly auctioneer?: string;
  readonly media: Media;
  readonly skillset: string;
  readonly requirements?: readonly Requirement[];
  readonly priority?: number;
  readonly language?: string;
  readonly value?: number;
  /** SHA-256 (hex) of the customer's status token; commands must carry it. */
  readonly tokenHash?: string;
  /** Clock time of arrival. */
  readonly at: number;
  /** Seniority to keep (a substitute or a forwarded contact); default: the arrival time. */
  readonly seniority?: number;
  readonly policy?: Partial<ContactPolicy>;
  /** The owner's incarnation: a handover request carries it, so a request from an earlier life is refused. */
  readonly incarnation?: number;
  /** The rev to go on from (default 0): a restarted centre's incarnation, or a recovered contact's last rev. */
  readonly rev?: number;
  /**
   * A contact recovered after a restart that was being handed over (to the centre of `agent`) when
   * the centre went down: it asks that centre again with the same handover id (`{id}:{rev}`), whose
   * answer says whether the contact lives there now.
   */
  readonly resume?: { readonly agent: string; readonly rev: number };
  /**
   * A contact recovered after a restart that was with an agent (address) of this centre: in a
   * call (`connected`) it waits up to `resyncMs` for the ACD's re-sync before it queues again; in
   * wrap-up it only finishes its wrap-up.
   */
  readonly held?: { readonly agent: string; readonly state: 'connected' | 'wrapUp' };
  /** The centre the contact first arrived at (kept across handovers); default: `owner`. */
  readonly origin?: string;
  /**
   * A contact handed over from another centre (DESIGN.md §4): its last `rev` there (this owner goes
   * on from `rev + 1`, so replicas order the two owners' snapshots), the answers it gave to commands,
   * and the agent it holds a lease on — it is offered to that agent under `fence` at once.
   */
  readonly adopted?: {
    readonly rev: number;
    readonly agent: string;
    readonly fence: number;
    readonly attempts?: number;
    readonly commands?: Readonly<Record<string, CommandAnswer>>;
  };
}

export interface ContactContext {
  readonly id: string;
  readonly owner: string;
  readonly router: string;
  /** See {@link ContactInput.auctioneer}. */
  readonly auctioneer?: string;
  readonly media: Media;
  readonly skillset: string;
  readonly requirements: readonly Requirement[];
  readonly priority: number;
  readonly language: string | undefined;
  readonly value: number | undefined;
  readonly tokenHash: string | undefined;
  readonly arrivedAt: number;
  readonly seniority: number;
  readonly policy: ContactPolicy;
  /** The agent being reserved, offered or connected (address), and the lease that allows it. */
  readonly agent: string | null;
  readonly requestId: string | null;
  readonly fence: number | null;
  readonly attempts: number;
  readonly substitute: Substitute | null;
  readonly commands: Readonly<Record<string, CommandAnswer>>;
  readonly reason: string | null;
  readonly origin: string;
  readonly incarnation: number | undefined;
  /** The router that made the current assignment: it hears if the agent cannot be had. */
  readonly assignedBy: string | null;
  /** Recovered after a restart while with an agent of this centre: where it was (see `ContactInput.held`). */
  readonly held: 'connected' | 'wrapUp' | null;
  /** The auction whose award the contact is moving for, if it is (not a router's choice). */
  readonly movedBy: string | null;
  /** The customer hung up while a handover was under way: the new owner is told once it answers. */
  readonly hungUp: boolean;
  /** The handover under way (to the agent's centre), and how many times it was asked. */
  readonly handover: { readonly id: string; readonly to: string; readonly asked: number } | null;
  /** Set once, on reaching a terminal state. */
  readonly outcome: 'handled' | 'abandoned' | 'expired' | 'substituted' | 'forwarded' | null;
  readonly rev: number;
  readonly updatedAt: number;
}

export const requirementsFor = (skillset: string): Requirement[] => [{ skill: skillset, minProficiency: 1 }];

export const initialContext = (input: ContactInput): ContactContext => ({
  id: input.id,
  owner: input.owner,
  router: input.router,
  ...(input.auctioneer === undefined ? {} : { auctioneer: input.auctioneer }),
  media: input.media,
  skillset: input.skillset,
  requirements: [...(input.requirements ?? requirementsFor(input.skillset))],
  priority: input.priority ?? 0,
  language: input.language,
  value: input.value,
  tokenHash: input.tokenHash,
  arrivedAt: input.at,
  seniority: input.seniority ?? input.at,
  policy: { ...defaultContactPolicy, ...input.policy },
  agent: input.adopted?.agent ?? input.resume?.agent ?? input.held?.agent ?? null,
  requestId: null,
  fence: input.adopted?.fence ?? null,
  attempts: input.adopted?.attempts ?? 0,
  substitute: null,
  commands: input.adopted?.commands ?? {},
  reason: null,
  origin: input.origin ?? input.owner,
  incarnation: input.incarnation,
  assignedBy: null,
  held: input.held?.state ?? null,
  movedBy: null,
  hungUp: false,
  handover: input.resume === undefined ? null : { id: derivedId(input.id, input.resume.rev), to: centreOf(input.resume.agent), asked: 0 },
  outcome: null,
  rev: input.adopted === undefined ? (input.rev ?? 0) : input.adopted.rev + 1,
  updatedAt: input.at,
});

/** The agent id in an agent address `{centre}/agent/{id}`. */
export const agentId = (address: string): string => address.slice(address.lastIndexOf('/') + 1);

/** The replicated view of the contact after change `rev`. */
export function toSnapshot(context: ContactContext, state: ContactState): ContactSnapshot {
  return {
    id: context.id,
    owner: context.owner,
    rev: context.rev,
    state,
    media: context.media,
    skillset: context.skillset,
    requirements: context.requirements.map((r) => ({ ...r })),
    priority: context.priority,
    arrivedAt: context.arrivedAt,
    seniority: context.seniority,
    updatedAt: context.updatedAt,
    ...(context.language === undefined ? {} : { language: context.language }),
    ...(context.value === undefined ? {} : { value: context.value }),
    ...(context.agent === null ? {} : { agent: context.agent }),
    ...(context.substitute === null ? {} : { substitute: context.substitute.id }),
    ...(context.tokenHash === undefined ? {} : { tokenHash: context.tokenHash }),
    ...(context.reason === null ? {} : { reason: context.reason }),
    ...(context.origin === context.owner ? {} : { origin: context.origin }),
  };
}
