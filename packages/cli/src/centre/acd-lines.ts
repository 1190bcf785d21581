import type { Adapter, Centre } from '@contactmesh/core';
import type { ControlCommand } from './control.js';
import type { AcdLine, OutputLine } from './output.js';

/**
 * The centre's adapter for an ACD on the other end of standard output: every command is a line
 * (`offer`, `stopRinging`, `connect`, `end`, `forward`, `substitute`) with the adapter's fields.
 *
 * @example
 * ```ts
 * const centre = createCentre({ id: 'london', network: 'acme', transport, adapter: acdLines((line) => console.log(JSON.stringify(line))) });
 * ```
 */
export function acdLines(print: (line: AcdLine) => void): Adapter {
  return {
    offer: ({ agent, contact, media }) => print({ type: 'offer', agent, contact, media }),
    stopRinging: ({ agent, contact }) => print({ type: 'stopRinging', agent, contact }),
    connect: ({ contact, agent }) => print({ type: 'connect', contact, agent }),
    end: ({ contact, outcome, reason }) => print({ type: 'end', contact, outcome, reason }),
    forward: ({ contact, to, agent }) => print({ type: 'forward', contact, to, ...(agent === undefined ? {} : { agent }) }),
    substitute: ({ contact, substitute, skillset, seniority, priority }) =>
      print({ type: 'substitute', contact, substitute, skillset, seniority, priority }),
  };
}

type AcdCommand = Extract<ControlCommand, { readonly op: `${string}.${string}` }>;

/**
 * Carries out one line of the ACD (`agent.login`, `contact.arrive`, …) on the centre: the
 * centre's own checks apply (a bad state throws, answered as an `error` line by the caller).
 * `contact.arrive` is answered with the customer's status token; the rest with `done`.
 */
export function acdCommand(centre: Centre, command: AcdCommand, ref: { readonly ref?: string }): OutputLine {
  const done: OutputLine = { type: 'done', op: command.op, ...ref };
  switch (command.op) {
    case 'agent.login': {
      const { agent, skills, displayName, capacity, languages } = command;
      centre.agents.login(agent, {
        displayName: displayName ?? agent,
        skills,
        ...(capacity === undefined ? {} : { capacity }),
        ...(languages === undefined ? {} : { languages }),
      });
      return done;
    }
    case 'agent.ready':
      centre.agents.ready(command.agent);
      return done;
    case 'agent.notReady':
      centre.agents.notReady(command.agent, command.reason ?? 'not ready');
      return done;
    case 'agent.logout':
      centre.agents.logout(command.agent);
      return done;
    case 'agent.answer':
      centre.agents.answer(command.agent, command.contact);
      return done;
    case 'agent.decline':
      centre.agents.decline(command.agent, command.contact);
      return done;
    case 'contact.arrive': {
      const { op: _op, ref: _ref, ...spec } = command;
      const arrived = centre.contacts.arrive({ ...spec, media: spec.media ?? 'voice' });
      return { type: 'arrived', contact: arrived.id, token: arrived.token, ...ref };
    }
    case 'contact.end':
      centre.contacts.end(command.contact);
      return done;
    case 'contact.wrapped':
      centre.contacts.wrapped(command.contact);
      return done;
    case 'contact.abandon':
      centre.contacts.abandon(command.contact);
      return done;
    case 'contact.resync':
      centre.contacts.resync(command.contact, command.agent);
      return done;
  }
}
