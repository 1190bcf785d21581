import { describe, expect, it } from 'vitest';
import { createActor, getNextSnapshot } from 'xstate';
import type { Effect } from '../../src/effects/effects.js';
import { type CommandEvent, commandMachine } from '../../src/machines/command/index.js';

const contact = 'london/contact/c1';
const result = (body: { commandId: string; accepted: boolean; reason?: string; retry?: true }, from = contact, at = 10): CommandEvent => ({
  type: 'command.result',
  v: 1,
  id: `m-${at}`,
  from,
  ts: 0,
  at,
  body,
});

function command() {
  const actor = createActor(commandMachine, {
    input: { commandId: 'cmd-1', contact, tokenHash: 'ab'.repeat(32), command: { kind: 'cancel' } },
  });
  const emitted: Effect[] = [];
  actor.on('*', (effect) => emitted.push(effect as Effect));
  actor.start();
  return { actor, emitted };
}

describe('the command machine', () => {
  it('asks the contact and waits for its answer at most 10 s', () => {
    const { emitted } = command();
    expect(emitted).toEqual([
      {
        type: 'effect.send',
        to: contact,
        message: { type: 'command.request', body: { commandId: 'cmd-1', tokenHash: 'ab'.repeat(32), command: { kind: 'cancel' } } },
      },
      { type: 'effect.schedule', timerId: 'answer', delayMs: 10_000, event: { type: 'command.timeout' } },
    ]);
  });

  it('answers with the contact’s answer and stops waiting', () => {
    const { actor, emitted } = command();
    actor.send(result({ commandId: 'cmd-1', accepted: false, reason: 'not now', retry: true }));
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().output).toEqual({ accepted: false, reason: 'not now', retry: true });
    expect(emitted.at(-1)).toEqual({ type: 'effect.cancel', timerId: 'answer' });
  });

  it('takes no answer from another address, or to another command', () => {
    const { actor } = command();
    actor.send(result({ commandId: 'cmd-1', accepted: true }, 'london/contact/c2'));
    actor.send(result({ commandId: 'cmd-2', accepted: true }));
    expect(actor.getSnapshot().status).toBe('active');
  });

  it('refuses for now when the contact does not answer in time: the customer may try the same command again', () => {
    const { actor } = command();
    actor.send({ type: 'command.timeout', at: 10_000 });
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().output).toEqual({ accepted: false, reason: 'no answer from the contact; try again', retry: true });
  });

  it('ignores an answer that comes after the time-out', () => {
    const { actor } = command();
    actor.send({ type: 'command.timeout', at: 10_000 });
    // The actor is done (the runtime removes it); stepped on, the late answer changes nothing.
    const late = getNextSnapshot(commandMachine, actor.getSnapshot(), result({ commandId: 'cmd-1', accepted: true }, contact, 10_001));
    expect(late.value).toBe('timedOut');
    expect(late.output).toEqual({ accepted: false, reason: 'no answer from the contact; try again', retry: true });
  });
});
