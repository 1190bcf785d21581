import type { CustomerStatus } from '../client/customer-status.js';

/**
 * Fired by `<contact-status>` whenever the status of the contact changes (claims 11, 21: the new
 * status after a command, and every live update). Bubbles out of the shadow root.
 *
 * @example
 * ```ts
 * widget.addEventListener('contact-status-change', (event) => analytics.track(event.detail.state));
 * ```
 */
export class ContactStatusChangeEvent extends CustomEvent<CustomerStatus> {
  static readonly eventName = 'contact-status-change' as const;

  constructor(status: CustomerStatus) {
    super(ContactStatusChangeEvent.eventName, { detail: status, bubbles: true, composed: true });
  }
}
