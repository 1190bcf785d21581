import type { CustomerCommand } from '../client/customer-command.js';
import { type CommandKind, type CustomerStatus, commandKinds } from '../client/customer-status.js';
import { commandForm, setQueueOptions } from './command-forms.js';
import { h } from './dom.js';
import type { Messages } from './i18n/messages.js';

/** Sends a command; resolves with whether its owner accepted it. */
export type SendCommand = (command: CustomerCommand) => Promise<boolean>;

/** The controls of the allowed commands (claims 1 b–d, 15 b–c): one disclosure with a form each. */
export interface CommandPanel {
  readonly element: HTMLElement;
  /** Shows the commands `status` allows (none without a status or when `enabled` is false). */
  show(status: CustomerStatus | undefined, enabled: boolean): void;
}

/**
 * Builds the command controls. Each command is a `<details>` whose `<summary>` opens its form;
 * cancel asks for confirmation in its form. After an accepted command the form closes and focus
 * returns to its summary, or to `whenGone()` when the command is no longer offered.
 *
 * @example
 * ```ts
 * const panel = createCommandPanel(messages, (command) => client.command(command).then((a) => a.accepted), () => result.focus());
 * panel.show(status, true);
 * ```
 */
export function createCommandPanel(messages: Messages, send: SendCommand, whenGone: () => void): CommandPanel {
  const element = h('section', { part: 'commands', class: 'commands' }, h('h2', {}, messages.commandsHeading));
  const panels = new Map<CommandKind, HTMLDetailsElement>();
  let select: HTMLSelectElement | undefined;

  for (const kind of commandKinds) {
    const summary = h('summary', { part: 'command-summary' }, messages.commands[kind].title);
    const details = h('details', { part: 'command', 'data-command': kind, hidden: '' }, summary);
    const close = () => {
      details.open = false;
      summary.focus();
    };
    const form = commandForm(kind, messages, close);
    const submit = h(
      'button',
      { part: 'button', type: 'submit', class: kind === 'cancel' ? 'danger' : undefined },
      messages.commands[kind].submit,
    );
    const formElement = h('form', { part: 'command-form' }, ...form.fields, h('div', { class: 'buttons' }, submit, ...form.extraButtons));
    select ??= formElement.querySelector('select') ?? undefined;
    let sending = false;
    formElement.addEventListener('submit', (event) => {
      // The form never navigates: no form-action is needed in the page's CSP.
      event.preventDefault();
      if (sending) return;
      sending = true;
      formElement.setAttribute('aria-busy', 'true');
      void send(form.read(new FormData(formElement))).then((accepted) => {
        sending = false;
        formElement.removeAttribute('aria-busy');
        if (!accepted) return;
        formElement.reset();
        if (details.hidden || element.hidden) whenGone();
        else close();
      });
    });
    details.append(formElement);
    panels.set(kind, details);
    element.append(details);
  }

  return {
    element,
    show(status, enabled) {
      const allowed = enabled && status !== undefined ? status.allowedCommands : [];
      for (const [kind, details] of panels) details.hidden = !allowed.includes(kind);
      element.hidden = allowed.length === 0;
      if (select !== undefined && status !== undefined) setQueueOptions(select, status.otherQueues);
    },
  };
}
