import type { Observable } from 'rxjs';
import type { RouterContext } from '../machines/router/context.js';
import type { ContactSnapshot } from '../protocol/messages/snapshots.js';
import type { ReplicaChange } from '../replica/replica-change.js';
import type { Runtime } from '../runtime/runtime.js';
import type { CentreState } from './centre-state.js';

/** How long a final status stays retained for the customer's page (where the transport honours expiry). */
export const finalStatusSeconds = 900;

const terminal = new Set(['ended', 'abandoned', 'expired', 'substituted']);

/** What {@link publishStatuses} needs from its centre. */
export interface StatusPublisherOptions {
  readonly runtime: Runtime;
  readonly state: CentreState;
  readonly router: () => RouterContext | undefined;
  /** Every replica change; the publisher looks at this centre's own contacts. */
  readonly changes$: Observable<ReplicaChange>;
}

/**
 * Publishes each customer's status (DESIGN.md §6) retained on `status/{tokenHash}`, as a
 * `status.update`, whenever what the customer would see changes: their own contact's state, or
 * their place in the queue when a contact ahead of them leaves it. Only changes are published; a
 * contact handed over is published by its new owner; a final status stays retained for
 * {@link finalStatusSeconds} where the transport honours message expiry. Presentation only: it
 * decides nothing about the contact.
 */
export function publishStatuses(options: StatusPublisherOptions): { stop(): void } {
  const { runtime, state, router } = options;
  const centre = runtime.centre;
  const last = new Map<string, string>();

  const publish = (contact: ContactSnapshot) => {
    const { tokenHash } = contact;
    if (tokenHash === undefined) return;
    const status = state.status(tokenHash);
    if (status === undefined || status.state === 'forwarded') return;
    const text = JSON.stringify(status);
    if (last.get(contact.id) === text) return;
    const final = terminal.has(status.state);
    if (final) last.delete(contact.id);
    else last.set(contact.id, text);
    runtime.publish(
      `status/${tokenHash}`,
      { type: 'status.update', body: { tokenHash, contact: `${centre}/contact/${contact.id}`, rev: contact.rev, status } },
      { retain: true, qos: 1, ...(final ? { expirySeconds: finalStatusSeconds } : {}) },
    );
  };

  /** Everyone of this centre waiting in `skillset` may have moved up. */
  const queueOf = (skillset: string) => {
    for (const waiting of router()?.contacts.queue(skillset) ?? []) {
      if (waiting.owner === centre) publish(waiting);
    }
  };

  const subscription = options.changes$.subscribe((change) => {
    if (change.kind !== 'contact') return;
    const contact = change.after ?? change.before;
    if (contact === undefined || contact.owner !== centre) return;
    if (change.after?.state === 'forwarded') {
      last.delete(contact.id);
    } else {
      publish(change.after ?? contact);
    }
    // A contact that left a queue (or joined one) moves the others of that queue.
    const skillsets = new Set([change.before?.skillset, change.after?.skillset].filter((s): s is string => s !== undefined));
    if (change.before?.state !== change.after?.state || change.before?.skillset !== change.after?.skillset) {
      for (const skillset of skillsets) queueOf(skillset);
    }
  });
  return { stop: () => subscription.unsubscribe() };
}
