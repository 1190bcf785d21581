import type { Envelope } from '../../protocol/registry.js';

/** Events a command actor takes; the runtime stamps each with `at`. */
export type CommandEvent =
  // From the contact
  | (Envelope<
      'command.result',
      { readonly commandId: string; readonly accepted: boolean; readonly reason?: string; readonly retry?: true }
    > & { readonly at: number })
  // Own timer
  | { readonly type: 'command.timeout'; readonly at: number };
