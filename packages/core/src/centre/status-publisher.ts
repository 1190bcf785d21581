import type { EventObject } from 'xstate';
import type { RouterContext } from '../machines/router/context.js';
import type { ContactSnapshot } from '../protocol/messages/snapshots.js';
import type { Runtime } from '../runtime/runtime.js';
import type { CentreState } from './centre-state.js';

/** How long a final status stays retained for the customer's page (where the transport honours expiry). */
export const finalStatusSeconds = 900;

const terminal = new Set(['ended', 'abandoned', 'expired', 'substituted']);

/** What {@link publishStatuses} needs from its centre. */
export interface StatusPublisherOptions {
  readonly runtime: Runtime;
  readonly state: CentreState;
  /** The router's address: every contact of this centre tells it each new snapshot. */
  readonly routerAddress: string;
  readonly router: () => RouterContext | undefined;
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

  /** The last snapshot of each live contact of this centre, as its router took it. */
  const seen = new Map<string, ContactSnapshot>();
  const took = (event: EventObject) => {
    if (event.type !== 'contact.snapshot') return;
    const after = (event as unknown as { readonly body: ContactSnapshot }).body;
    if (after.owner !== centre) return;
    const before = seen.get(after.id);
    if (before !== undefined && before.rev >= after.rev) return;
    if (terminal.has(after.state) || after.state === 'forwarded') seen.delete(after.id);
    else seen.set(after.id, after);
    if (after.state === 'forwarded') last.delete(after.id);
    else publish(after);
    // A contact that left a queue (or joined one) moves the others of that queue.
    if (before?.state !== after.state || before?.skillset !== after.skillset) {
      for (const skillset of new Set([before?.skillset, after.skillset].filter((s): s is string => s !== undefined))) queueOf(skillset);
    }
  };
  // Learnt from this centre's own runtime, once the router has taken each snapshot (queue
  // positions are current), not from the broker's echo of the replica topics.
  return { stop: options.runtime.watch(options.routerAddress, took) };
}
