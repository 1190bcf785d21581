import type { CommandKind } from '../client/customer-status.js';

/** What a {@link ContactCommandResultEvent} carries. */
export interface CommandResult {
  readonly command: CommandKind;
  readonly accepted: boolean;
  /** The owner's reason for a refusal, or the error code (`CM_ERR_…`) when the request itself failed. */
  readonly reason?: string;
}

/**
 * Fired by `<contact-status>` after each command the customer gave: accepted (claims 32, 38: the
 * confirmation) or refused with a reason. Bubbles out of the shadow root.
 *
 * @example
 * ```ts
 * widget.addEventListener('contact-command-result', ({ detail }) => {
 *   if (detail.accepted && detail.command === 'cancel') location.assign('/goodbye');
 * });
 * ```
 */
export class ContactCommandResultEvent extends CustomEvent<CommandResult> {
  static readonly eventName = 'contact-command-result' as const;

  constructor(result: CommandResult) {
    super(ContactCommandResultEvent.eventName, { detail: result, bubbles: true, composed: true });
  }
}
