import type { CustomerStatus } from './customer-status.js';

/** A command a customer gives their own contact: the body's `command` of `POST …/commands`. */
export type CustomerCommand =
  | { readonly kind: 'switchQueue'; readonly skillset: string }
  | { readonly kind: 'requestCallback'; readonly number: string; readonly window?: { readonly from: number; readonly to: number } }
  | { readonly kind: 'switchToEmail'; readonly address: string; readonly text: string }
  | { readonly kind: 'switchToWebForm'; readonly fields: Readonly<Record<string, string>> }
  | { readonly kind: 'cancel' };

/**
 * The owner's answer to a command (claims 11, 21, 32, 38): accepted, with the contact's new status,
 * or refused with a reason; `retry` says the same command may succeed later.
 */
export interface CommandAnswer {
  readonly accepted: boolean;
  readonly reason?: string;
  readonly retry?: boolean;
  readonly status?: CustomerStatus;
}
