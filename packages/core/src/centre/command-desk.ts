import { commandMachine } from '../machines/command/machine.js';
import type { CommandAnswer } from '../machines/contact/context.js';
import type { CustomerCommand } from '../protocol/messages/customer-command.js';
import type { Runtime } from '../runtime/runtime.js';
import type { CentreState } from './centre-state.js';
import { hashToken, isStatusToken } from './status-token.js';

/**
 * The centre's desk for its customers' commands given through `centre.command`: finds the contact
 * of a token and starts a command actor ({@link commandMachine}) that asks the contact and waits
 * for its answer or its time-out; the actor's output answers the caller. The contact decides and
 * the command actor waits; the desk only carries the question and the answer.
 *
 * @example
 * ```ts
 * const desk = commandDesk(runtime, state);
 * await desk.ask(token, { kind: 'cancel' }, 'cmd-1'); // { accepted: true }
 * ```
 */
export function commandDesk(runtime: Runtime, state: CentreState) {
  /** Command actors waiting, by address, with the caller to answer. */
  const waiting = new Map<string, (answer: CommandAnswer) => void>();
  let asked = 0;
  const subscription = runtime.events$.subscribe((event) => {
    const settle = event.type === 'actor.done' ? waiting.get(event.address) : undefined;
    if (event.type !== 'actor.done' || settle === undefined) return;
    waiting.delete(event.address);
    settle(event.output as CommandAnswer);
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
      const contact = `${runtime.centre}/contact/${contactId}`;
      // One actor per call, even for a repeated command id: the contact answers a repeat itself.
      const id = `q${++asked}`;
      return new Promise<CommandAnswer>((resolve) => {
        // Waiting before it starts: the contact may answer within the same drain.
        waiting.set(`${runtime.centre}/command/${id}`, resolve);
        runtime.host('command', id, commandMachine, { input: { commandId, contact, tokenHash, command } });
      });
    },
    /** Answers every command still waiting: the centre stops. */
    stop(): void {
      subscription.unsubscribe();
      for (const settle of [...waiting.values()]) settle({ accepted: false, reason: 'the centre stopped' });
      waiting.clear();
    },
  };
}
