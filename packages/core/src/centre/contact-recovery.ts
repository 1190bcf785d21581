import { filter, type Observable, Subject } from 'rxjs';
import { type ContactContext, toSnapshot } from '../machines/contact/context.js';
import { publicContactState } from '../machines/state-names.js';
import type { Runtime } from '../runtime/runtime.js';
import type { RuntimeEvent } from '../runtime/runtime-events.js';
import type { CentreEvent } from './centre.js';
import type { ContactHosting } from './hosting.js';

type ActorFailed = Extract<RuntimeEvent, { type: 'actor.failed' }>;

/** What {@link recoverFailedContacts} needs from its centre. */
export interface ContactRecoveryOptions {
  readonly runtime: Runtime;
  readonly centre: string;
  readonly router: string;
  readonly hosting: ContactHosting;
  /** Tells the ACD the contact ended (`adapter.end`); its failure is the ACD's to report. */
  readonly end: (command: { readonly contact: string; readonly outcome: string; readonly reason: string }) => void;
  /** The centre forgets the contact (token, network book-keeping); `rev` is its last snapshot's. */
  readonly forget: (contact: string, rev: number) => void;
}

/**
 * A contact is never lost to an actor failure (DESIGN.md §8, invariant 3): a contact actor that
 * fails is hosted again from its last snapshot, as after a restart (a `centre.recovered` event
 * tells the ACD; a call in progress waits for its re-sync). One that fails again is ended: the ACD
 * is told with `adapter.end` (outcome `failed`), the router and the network see it end, and a
 * `contact.outcome` event says why. Returns the outcomes it decided.
 */
export function recoverFailedContacts(options: ContactRecoveryOptions): Observable<CentreEvent> {
  const { runtime, centre, router, hosting } = options;
  const outcomes = new Subject<CentreEvent>();
  const failedBefore = new Set<string>();
  const prefix = `${centre}/contact/`;
  runtime.events$
    .pipe(filter((e): e is ActorFailed => e.type === 'actor.failed' && e.address.startsWith(prefix) && e.snapshot !== undefined))
    .subscribe({
      next: (failure) => {
        const id = failure.address.slice(prefix.length);
        const context = failure.snapshot?.context as ContactContext;
        const value = failure.snapshot?.value;
        const state = publicContactState(value, 'queued');
        if (!failedBefore.has(id)) {
          failedBefore.add(id);
          hosting.recover({ contact: toSnapshot(context, state) });
          return;
        }
        failedBefore.delete(id);
        const reason = `the contact's actor failed twice (${failure.reason})`;
        const ended = { ...toSnapshot({ ...context, rev: context.rev + 1, reason }, 'ended') };
        runtime.send(failure.address, router, { type: 'contact.snapshot', body: ended });
        if (context.auctioneer !== undefined) runtime.send(failure.address, context.auctioneer, { type: 'contact.snapshot', body: ended });
        runtime.publish(`replica/${centre}/contact/${id}`, { type: 'contact.snapshot', body: ended }, { retain: true, qos: 1 });
        options.forget(id, ended.rev);
        options.end({ contact: id, outcome: 'failed', reason });
        outcomes.next({ type: 'contact.outcome', contact: id, outcome: 'failed', reason });
      },
      complete: () => outcomes.complete(),
    });
  return outcomes;
}
