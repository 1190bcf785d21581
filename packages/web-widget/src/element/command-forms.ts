import type { CustomerCommand } from '../client/customer-command.js';
import type { CommandKind } from '../client/customer-status.js';
import { h } from './dom.js';
import type { FieldName, Messages } from './i18n/messages.js';

/** One command's form: its fields, and how the command is read from them. */
export interface CommandForm {
  readonly fields: readonly HTMLElement[];
  /** The secondary buttons next to the submit button ("Keep waiting" of cancel). */
  readonly extraButtons: readonly HTMLButtonElement[];
  read(data: FormData): CustomerCommand;
}

const text = (data: FormData, name: FieldName) => String(data.get(name) ?? '').trim();

const field = (messages: Messages, name: FieldName, control: HTMLElement) =>
  h('label', { part: 'field' }, h('span', {}, messages.fields[name]), control);

const input = (name: FieldName, attributes: Readonly<Record<string, string>>) =>
  h('input', { part: 'input', name, required: '', ...attributes });

const textarea = (name: FieldName, maxlength: string) => h('textarea', { part: 'input', name, required: '', rows: '3', maxlength });

/**
 * The fields of each command's form (claims 5, 6, 9, 16–18): native controls with native
 * validation, so they work with a keyboard and a screen reader as any form does.
 */
export function commandForm(kind: CommandKind, messages: Messages, closeForm: () => void): CommandForm {
  switch (kind) {
    case 'switchQueue':
      return {
        fields: [field(messages, 'skillset', h('select', { part: 'input', name: 'skillset', required: '' }))],
        extraButtons: [],
        read: (data) => ({ kind, skillset: text(data, 'skillset') }),
      };
    case 'requestCallback':
      return {
        fields: [
          field(
            messages,
            'number',
            input('number', { type: 'tel', autocomplete: 'tel', inputmode: 'tel', maxlength: '32', pattern: '\\+?[0-9 \\(\\)\\-]{3,32}' }),
          ),
        ],
        extraButtons: [],
        read: (data) => ({ kind, number: text(data, 'number') }),
      };
    case 'switchToEmail':
      return {
        fields: [
          field(messages, 'address', input('address', { type: 'email', autocomplete: 'email', maxlength: '320' })),
          field(messages, 'text', textarea('text', '10000')),
        ],
        extraButtons: [],
        read: (data) => ({ kind, address: text(data, 'address'), text: text(data, 'text') }),
      };
    case 'switchToWebForm':
      return {
        fields: [
          field(messages, 'name', input('name', { type: 'text', autocomplete: 'name', maxlength: '200' })),
          field(messages, 'message', textarea('message', '2000')),
        ],
        extraButtons: [],
        read: (data) => ({ kind, fields: { name: text(data, 'name'), message: text(data, 'message') } }),
      };
    case 'cancel': {
      const keep = h('button', { part: 'button', type: 'button', class: 'secondary' }, messages.keepWaiting);
      keep.addEventListener('click', closeForm);
      return { fields: [h('p', {}, messages.cancelQuestion)], extraButtons: [keep], read: () => ({ kind }) };
    }
  }
}

/** Shows `queues` as the options of a switch-queue select, keeping the choice when it is still offered. */
export function setQueueOptions(select: HTMLSelectElement, queues: readonly string[]): void {
  const current = [...select.options].map((option) => option.value);
  if (current.join('\n') === queues.join('\n')) return;
  const chosen = select.value;
  select.replaceChildren(...queues.map((queue) => h('option', { value: queue }, queue)));
  if (queues.includes(chosen)) select.value = chosen;
}
