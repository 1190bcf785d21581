import { BoundedMap } from '../bounded-map.js';
import type { AgentContext } from '../machines/agent/context.js';
import type { CommandAnswer, ContactContext } from '../machines/contact/context.js';
import type { ContactOutcome } from '../machines/contact/machine.js';
import type { RouterContext } from '../machines/router/context.js';
import { publicContactState } from '../machines/state-names.js';
import type { ContactState } from '../protocol/messages/snapshots.js';
import type { Runtime } from '../runtime/runtime.js';
import { type CustomerStatus, compileStatus, type ExpectedWait } from './customer-status.js';

const finalState: Record<ContactOutcome['outcome'], ContactState> = {
  handled: 'ended',
  abandoned: 'abandoned',
  expired: 'expired',
  substituted: 'substituted',
  forwarded: 'forwarded',
};

/**
 * The centre's own book-keeping around its actors: which token hash belongs to which contact, and
 * the final status of recently ended contacts (their actors are gone). Never holds a token.
 */
export class CentreState {
  readonly #byHash = new Map<string, string>();
  readonly #hashOf = new Map<string, string>();
  /** Final statuses of recently ended contacts, for lookups after their actors are gone (`maxRememberedOutcomes`). */
  readonly #recent: BoundedMap<string, { readonly status: CustomerStatus; readonly commands: Readonly<Record<string, CommandAnswer>> }>;

  constructor(
    private readonly runtime: Runtime,
    private readonly router: string,
    private readonly skillsets: readonly string[],
    private readonly expectedWait: (skillset: string, position: number) => ExpectedWait | undefined,
  ) {
    this.#recent = new BoundedMap(runtime.limits.maxRememberedOutcomes);
  }

  arrived(contact: string, tokenHash: string): void {
    this.#byHash.set(tokenHash, contact);
    this.#hashOf.set(contact, tokenHash);
  }

  ended(contact: string, outcome: ContactOutcome): void {
    const tokenHash = this.#hashOf.get(contact);
    if (tokenHash === undefined) return;
    this.#byHash.delete(tokenHash);
    this.#hashOf.delete(contact);
    const final = compileStatus({
      state: finalState[outcome.outcome],
      media: outcome.media,
      skillset: outcome.skillset,
      updatedAt: outcome.at,
      skillsets: [],
      substitute: outcome.substitute?.slice(outcome.substitute.lastIndexOf('.') + 1),
    });
    this.#recent.set(tokenHash, { status: final, commands: outcome.commands });
  }

  contactOf = (tokenHash: string): string | undefined => this.#byHash.get(tokenHash);
  /** The token hash of a contact this centre holds now. */
  tokenHashOf = (contact: string): string | undefined => this.#hashOf.get(contact);
  /** The answer an ended contact gave to a command id, for a customer who repeats it. */
  answered = (tokenHash: string, commandId: string): CommandAnswer | undefined => this.#recent.get(tokenHash)?.commands[commandId];
  known = (tokenHash: string): boolean => this.#byHash.has(tokenHash) || this.#recent.has(tokenHash);

  /** The agent a contact is offered or connected to (an address), if any. */
  agentOf(contact: string): string | undefined {
    const context = this.#contact(contact)?.context;
    return context?.agent ?? undefined;
  }

  status(tokenHash: string): CustomerStatus | undefined {
    const contact = this.#byHash.get(tokenHash);
    if (contact === undefined) return this.#recent.get(tokenHash)?.status;
    const snapshot = this.#contact(contact);
    if (snapshot === undefined) return this.#recent.get(tokenHash)?.status;
    const { context } = snapshot;
    const router = this.runtime.snapshot(this.router) as { context: RouterContext } | undefined;
    const agent = context.agent === null ? undefined : (this.runtime.snapshot(context.agent) as { context: AgentContext } | undefined);
    const position = router?.context.contacts.position(contact);
    const wait = position === undefined ? undefined : this.expectedWait(context.skillset, position);
    return compileStatus({
      // A contact waiting for its re-sync after a restart is, for the customer, still in the call.
      state: publicContactState(snapshot.value, 'queued'),
      media: context.media,
      skillset: context.skillset,
      updatedAt: context.updatedAt,
      skillsets: this.skillsets,
      position,
      expectedWait: wait === undefined ? undefined : { seconds: wait.seconds, low: wait.low, high: wait.high, method: wait.method },
      agentName: agent?.context.displayName,
    });
  }

  #contact(contact: string): { value: unknown; context: ContactContext } | undefined {
    return this.runtime.snapshot(`${this.runtime.centre}/contact/${contact}`) as { value: unknown; context: ContactContext } | undefined;
  }
}
