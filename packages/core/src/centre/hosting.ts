import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError } from '../errors/contactmesh-error.js';
import type { AgentContext, AgentPolicy } from '../machines/agent/context.js';
import { resumeRefusal } from '../machines/agent/guards.js';
import { agentMachine } from '../machines/agent/machine.js';
import type { ContactContext, ContactPolicy } from '../machines/contact/context.js';
import { contactMachine } from '../machines/contact/machine.js';
import { firstRev, type HostingFacts, recoveredInput } from '../machines/handover/adoption.js';
import { contactIn } from '../machines/state-names.js';
import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import type { Runtime } from '../runtime/runtime.js';
import type { AgentProfile, CentreEvent } from './centre.js';
import type { CentreState } from './centre-state.js';

/** What {@link ContactHosting} needs from its centre. */
export interface HostingOptions {
  readonly runtime: Runtime;
  readonly centre: string;
  readonly router: string;
  /** The centre's auctioneer, when it auctions its contacts. */
  readonly auctioneer?: string;
  readonly incarnation: number;
  readonly contactPolicy: Partial<ContactPolicy>;
  readonly agentPolicy?: Partial<AgentPolicy>;
  readonly state: CentreState;
  readonly stopping: () => boolean;
  readonly recovered: (event: Extract<CentreEvent, { type: 'centre.recovered' }>) => void;
}

/**
 * Actors a centre hosts from replicated snapshots rather than from its ACD: the objects of its
 * previous life after a restart. (Contacts handed over by other centres are started by the
 * handover desk machine's `effect.host`: see `handover-desk.ts`.)
 */
export class ContactHosting {
  constructor(private readonly options: HostingOptions) {}

  /**
   * The rev a new actor goes on from: past this life's incarnation, and past anything the network
   * remembers of an object with the same id (a previous life, or an ACD that reuses its ids), so
   * every replica takes its snapshots as newer.
   */
  readonly firstRev = (...known: (number | undefined)[]): number => firstRev(this.options.incarnation, ...known);

  /** Hosts an agent actor (logged out until told otherwise), going on from `rev`. */
  hostAgent(id: string, profile: AgentProfile, rev: number): void {
    const { runtime, centre, router, agentPolicy } = this.options;
    runtime.host('agent', id, agentMachine, {
      input: { id, home: centre, router, ...profile, ...(agentPolicy ? { policy: agentPolicy } : {}), rev },
    });
  }

  /** Hosts an object of this centre's previous life, found in the network's replicas. */
  readonly recover = (object: { readonly agent: AgentSnapshot } | { readonly contact: ContactSnapshot }): void => {
    const { runtime, centre, state } = this.options;
    if (this.options.stopping()) return;
    if ('agent' in object) {
      // Back as logged out, going on from its last rev: the ACD logs the agent in again if it is still there.
      const { agent } = object;
      const { displayName, skills, capacity, languages } = agent;
      this.hostAgent(
        agent.id,
        { displayName, skills, capacity, ...(languages === undefined ? {} : { languages }) },
        this.firstRev(agent.rev),
      );
      this.options.recovered({ type: 'centre.recovered', kind: 'agent', id: agent.id, state: agent.state });
      return;
    }
    // Back in the queue with its seniority; a contact that was with an agent is for the ACD to re-sync.
    const { contact } = object;
    const local = `${centre}/agent/`;
    if (contact.tokenHash !== undefined) state.arrived(contact.id, contact.tokenHash);
    runtime.host('contact', contact.id, contactMachine, { input: recoveredInput(contact, this.#facts()) });
    this.options.recovered({
      type: 'centre.recovered',
      kind: 'contact',
      id: contact.id,
      state: contact.state,
      ...(contact.agent?.startsWith(local) ? { agent: contact.agent.slice(local.length) } : {}),
    });
  };

  /**
   * The ACD's re-sync after a restart: contact `contactId` (back queued) is still with agent
   * `agentId` of this centre, who must be logged in with no lease or offer. The agent takes it as
   * work again and the contact is connected, with no offer and no ring. Throws when either side
   * is not where a re-sync can happen.
   */
  resync(contactId: string, agentId: string): void {
    const { runtime, centre } = this.options;
    const contactAddress = `${centre}/contact/${contactId}`;
    const agentAddress = `${centre}/agent/${agentId}`;
    const contact = runtime.snapshot(contactAddress) as { value: unknown; context: ContactContext } | undefined;
    const agent = runtime.snapshot(agentAddress) as { value: unknown; context: AgentContext } | undefined;
    const why =
      contact === undefined
        ? `contact ${contactId} is not here`
        : !contactIn(contact, 'queued', 'resyncing')
          ? `contact ${contactId} is ${String(contact.value)}, not queued`
          : agent === undefined
            ? `agent ${agentId} is not here: log them in first`
            : resumeRefusal(agent.context, agent.value, contactId, contact.context.media);
    if (why !== null) {
      throw new ContactmeshError(ErrorCode.INVALID_STATE, `Cannot re-sync ${contactId} with ${agentId}: ${why}.`, {
        value: { contact: contactId, agent: agentId },
      });
    }
    runtime.deliver(agentAddress, { type: 'resume', contact: contactId, media: contact?.context.media, from: contactAddress });
  }

  /** What every contact actor this centre hosts from a replicated snapshot is given. */
  #facts(): HostingFacts {
    const { centre, router, auctioneer, contactPolicy, incarnation } = this.options;
    return { centre, router, contactPolicy, incarnation, ...(auctioneer === undefined ? {} : { auctioneer }) };
  }
}
