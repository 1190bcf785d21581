import type { RouterMode } from '../router/context.js';
import type { Adoption } from './adoption.js';

/**
 * What the centre knows around a handover that the desk machine cannot know itself, read by the
 * desk that passes the message on at the moment it arrives: what the network's replicas say, this
 * centre's own copy of the contact and whether it is stopping.
 */
export interface HandoverFacts {
  /** The contact's owner as the replicas know it, if they know it. */
  readonly owner?: string;
  /** The sender's presence as the replicas know it: its incarnation and status. */
  readonly sender?: { readonly incarnation?: number; readonly status?: string };
  /** This centre's mode. */
  readonly mode: RouterMode['kind'];
  readonly stopping: boolean;
  /** The copy of the contact this centre hosts: none, one it is handing over itself, or another. */
  readonly held: 'none' | 'handingOver' | 'live';
}

/** The request as the desk passes it on (DESIGN.md §4, handover). */
export interface HandoverRequestEvent {
  readonly type: 'handover.request';
  readonly at: number;
  readonly from: string;
  readonly body: {
    readonly handoverId: string;
    readonly contact: Adoption['contact'];
    readonly fence?: number;
    readonly attempts?: number;
    readonly commands?: Adoption['commands'];
    readonly incarnation?: number;
  };
  readonly facts: HandoverFacts;
}

/** The old owner says the customer hung up while the contact was being handed over. */
export interface ContactAbandonedEvent {
  readonly type: 'contact.abandoned';
  readonly at: number;
  readonly from: string;
  readonly body: { readonly contact: string };
  readonly facts: Pick<HandoverFacts, 'held'>;
}

/** Events the handover desk machine takes; the runtime stamps each with `at`. */
export type HandoverEvent = HandoverRequestEvent | ContactAbandonedEvent;
