import type { CustomerCommand } from './customer-command.js';
import { commandKinds } from './customer-status.js';

/**
 * Throws a `TypeError` for a command that is not one of the contract's kinds: a programmer's
 * mistake, found before anything is sent. The fields are the gateway's to check (400).
 */
export function checkCommand(command: CustomerCommand): void {
  const kind: unknown = typeof command === 'object' && command !== null ? command.kind : undefined;
  if (!commandKinds.some((known) => known === kind)) {
    throw new TypeError(
      `A command needs a kind among ${commandKinds.join(', ')}, such as { kind: 'cancel' }; got ${JSON.stringify(kind)}.`,
    );
  }
}
