import { SkillName } from '../../protocol/primitives.js';
import { type CommandAnswer, type ContactContext, requirementsFor, type Substitute } from './context.js';
import type { ContactEvent } from './events.js';

/** Where the contact is, as far as customer commands care. */
export type CommandPhase = 'queued' | 'connecting' | 'connected';

/** What a command does: the answer, and where the contact goes. */
export interface Decision {
  readonly answer: CommandAnswer;
  /** True when this command id was answered before: answer again, change nothing (invariant 7). */
  readonly repeat: boolean;
  readonly next: 'stay' | 'requeue' | 'substituted' | 'abandoned';
  readonly patch?: Partial<ContactContext>;
}

const described: Record<Substitute['kind'], string> = { callback: 'a call-back', email: 'an e-mail', webform: 'a web form' };

const reject = (reason: string): Decision => ({ answer: { accepted: false, reason }, repeat: false, next: 'stay' });
/** A refusal for now: not remembered, so a retry with the same id may succeed. */
const retryLater = (reason: string): Decision => ({ answer: { accepted: false, reason, retry: true }, repeat: false, next: 'stay' });
const accept = (next: Decision['next'], patch?: Partial<ContactContext>): Decision => ({
  answer: { accepted: true },
  repeat: false,
  next,
  ...(patch ? { patch } : {}),
});

/**
 * Decides a customer command (status-page claims 5, 6, 30, 31, 35–38). Pure and deterministic, so
 * guards and actions can both ask it. Seniority and priority are never touched: a switched or
 * substituted contact keeps its place (invariant 6).
 */
export function decide(context: ContactContext, event: ContactEvent, phase: CommandPhase): Decision {
  if (event.type !== 'command.request') return reject('not a command');
  const { commandId, tokenHash, command } = event.body;
  const earlier = context.commands[commandId];
  if (earlier !== undefined) return { answer: earlier, repeat: true, next: 'stay' };
  if (context.tokenHash === undefined || tokenHash !== context.tokenHash) return retryLater('the status token does not match this contact');
  if (phase === 'connecting') return retryLater('an agent is being connected to this contact; try again in a moment');
  if (phase === 'connected') return reject('the contact is connected to an agent and can no longer be changed');
  const substitute = (s: Substitute) => accept('substituted', { substitute: s, reason: `replaced by ${described[s.kind]}` });
  switch (command.kind) {
    case 'switchQueue': {
      if (command.skillset === context.skillset) return reject(`the contact is already in the ${command.skillset} queue`);
      if (!SkillName.is(command.skillset)) return reject('there is no such queue; a queue is a skill name (a-z, 0-9, _ -)');
      const allowed = context.policy.skillsets;
      if (allowed.length > 0 && !allowed.includes(command.skillset)) {
        return reject(`there is no ${command.skillset} queue here; choose one of ${allowed.join(', ')}`);
      }
      return accept('requeue', { skillset: command.skillset, requirements: requirementsFor(command.skillset) });
    }
    case 'requestCallback':
      return substitute({
        kind: 'callback',
        id: `${context.id}.callback`,
        number: command.number,
        ...(command.window ? { window: command.window } : {}),
      });
    case 'switchToEmail':
      return substitute({ kind: 'email', id: `${context.id}.email`, address: command.address, text: command.text });
    case 'switchToWebForm':
      return substitute({ kind: 'webform', id: `${context.id}.webform`, fields: command.fields });
    case 'cancel':
      return accept('abandoned', { reason: 'cancelled by the customer' });
    default:
      // Only a local caller that skipped the door's check can get here (the wire decodes commands):
      // refuse, never throw — a throw would fail the contact's actor.
      return reject(`unknown command ${JSON.stringify(String((command as { kind?: unknown }).kind)).slice(0, 80)}`);
  }
}
