import type { StatusSnapshot } from '../client/create-status-client.js';
import type { CustomerCommand } from '../client/customer-command.js';
import { StatusClientErrorCode as Code, type StatusClientErrorCode } from '../client/status-client-error.js';
import type { Localizer } from './i18n/localizer.js';
import type { Messages } from './i18n/messages.js';

/** How a command ended: accepted, refused by the contact's owner, or failed on the way. */
export type CommandOutcome =
  | { readonly accepted: true }
  | { readonly accepted: false; readonly reason: string }
  | { readonly accepted: false; readonly error: StatusClientErrorCode };

const failures: Readonly<Record<StatusClientErrorCode, keyof Messages['failed']>> = {
  [Code.RATE_LIMITED]: 'rateLimited',
  [Code.INVALID_ARGUMENT]: 'invalid',
  [Code.PAYLOAD_TOO_LARGE]: 'invalid',
  [Code.UNKNOWN_TOKEN]: 'expired',
  [Code.GATEWAY_UNREACHABLE]: 'unreachable',
  [Code.INVALID_MESSAGE]: 'unreachable',
  [Code.TRANSPORT_CLOSED]: 'unreachable',
};

/**
 * What the customer reads after a command (claims 11, 21, 32, 38): the confirmation naming what
 * was done, the owner's reason for a refusal, or why the request did not get through.
 *
 * @example
 * ```ts
 * resultText(messagesEn, { kind: 'switchQueue', skillset: 'sales' }, { accepted: true });
 * // 'Done: you are now in the sales queue, and you keep your place in line.'
 * ```
 */
export function resultText(messages: Messages, command: CustomerCommand, outcome: CommandOutcome): string {
  if (outcome.accepted) {
    const named =
      command.kind === 'switchQueue'
        ? command.skillset
        : command.kind === 'requestCallback'
          ? command.number
          : command.kind === 'switchToEmail'
            ? command.address
            : '';
    return messages.accepted[command.kind](named);
  }
  return 'reason' in outcome ? messages.refused(outcome.reason) : messages.failed[failures[outcome.error]];
}

/** The banner over the status: connecting, stale since when, expired or ended; `undefined` while live. */
export function bannerText(localizer: Localizer, { connection, status, reason }: StatusSnapshot): string | undefined {
  const words = localizer.messages.connection;
  switch (connection) {
    case 'live':
      return undefined;
    case 'connecting':
      return words.connecting;
    case 'reconnecting':
      return status === undefined ? words.connecting : words.stale(localizer.time(status.updatedAt));
    case 'expired':
      return words.expired;
    case 'ended':
      return reason === 'originRefused' ? words.originRefused : words.ended;
  }
}
