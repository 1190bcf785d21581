import type { EventObject } from 'xstate';
import type { CommandAnswer } from '../machines/contact/context.js';
import type { CustomerCommand } from '../protocol/messages/customer-command.js';
import { PROTOCOL_VERSION } from '../protocol/primitives.js';
import type { Runtime } from '../runtime/runtime.js';
import type { CentreState } from './centre-state.js';
import { hashToken, isStatusToken } from './status-token.js';

const commandTimeoutMs = 10_000;

/**
 * The centre's desk for its customers' commands given through `centre.command`: finds the contact
 * of a token, hands it the command and waits for its answer (or gives up after 10 s with a
 * retryable refusal). The contact decides; the desk only carries the question and the answer.
 *
 * @example
 * ```ts
 * const desk = commandDesk(runtime, state, ids);
 * await desk.ask(token, { kind: 'cancel' }, 'cmd-1'); // { accepted: true }
 * ```
 */
export function commandDesk(runtime: Runtime, state: CentreState, ids: () => string) {
  const { clock } = runtime;
  const answers = new Map<string, (answer: CommandAnswer) => void>();
  const desk = runtime.endpoint('desk', 'main', (event: EventObject) => {
    const result = event as EventObject & { body?: { commandId?: string; accepted?: boolean; reason?: string; retry?: boolean } };
    const settle = result.body?.commandId === undefined ? undefined : answers.get(result.body.commandId);
    if (result.type !== 'command.result' || settle === undefined || result.body === undefined) return;
    const { accepted, reason, retry } = result.body;
    settle({ accepted: accepted === true, ...(reason === undefined ? {} : { reason }), ...(retry === true ? { retry } : {}) });
  });
  return {
    /** Sends a command to its contact and waits for the contact's answer (or a time-out). */
    async ask(token: string, command: CustomerCommand, commandId: string): Promise<CommandAnswer> {
      if (!isStatusToken(token)) return { accepted: false, reason: 'unknown status token' };
      const tokenHash = hashToken(token);
      const contactId = state.contactOf(tokenHash);
      if (contactId === undefined) {
        // A repeat of a command the contact answered before it ended gets that answer again.
        const earlier = state.answered(tokenHash, commandId);
        if (earlier !== undefined) return earlier;
        return { accepted: false, reason: state.known(tokenHash) ? 'the contact has ended' : 'unknown status token' };
      }
      const to = `${runtime.centre}/contact/${contactId}`;
      return new Promise<CommandAnswer>((resolve) => {
        const timer = clock.setTimer(commandTimeoutMs, () => settle({ accepted: false, reason: 'no answer from the contact; try again' }));
        const settle = (answer: CommandAnswer) => {
          clock.clearTimer(timer);
          answers.delete(commandId);
          resolve(answer);
        };
        answers.set(commandId, settle);
        runtime.deliver(to, {
          type: 'command.request',
          v: PROTOCOL_VERSION,
          id: ids(),
          from: desk,
          to,
          ts: clock.now(),
          body: { commandId, tokenHash, command },
        });
      });
    },
    /** Answers every command still waiting: the centre stops. */
    stop(): void {
      for (const settle of [...answers.values()]) settle({ accepted: false, reason: 'the centre stopped' });
    },
  };
}
