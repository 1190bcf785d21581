import type { CustomerCommand } from '../../protocol/messages/customer-command.js';
import type { CommandAnswer } from '../contact/context.js';

/** How long a customer's command waits for its contact's answer before it is refused for now. */
export const commandTimeoutMs = 10_000;

/** The answer when the contact did not answer in time: a refusal for now, so the same command may be tried again. */
export const noAnswer: CommandAnswer = { accepted: false, reason: 'no answer from the contact; try again', retry: true };

export interface CommandInput {
  readonly commandId: string;
  /** The contact's address. */
  readonly contact: string;
  readonly tokenHash: string;
  readonly command: CustomerCommand;
  /** Default {@link commandTimeoutMs}. */
  readonly timeoutMs?: number;
}

export interface CommandContext extends Required<CommandInput> {
  /** The contact's answer, or the refusal for want of one; null while it waits. */
  readonly answer: CommandAnswer | null;
}

export const initialContext = (input: CommandInput): CommandContext => ({
  ...input,
  timeoutMs: input.timeoutMs ?? commandTimeoutMs,
  answer: null,
});
