import type { CustomerStatus } from '../client/customer-status.js';
import { h } from './dom.js';
import type { Localizer } from './i18n/localizer.js';

/** The rows of the status list, each shown only when the status has a value for it (claims 4, 28). */
export const statusRows = ['state', 'position', 'wait', 'agent', 'skillset', 'media'] as const;
type Row = (typeof statusRows)[number];

/** The status list: a `<dl>` whose values are updated in place, so nothing focusable is ever rebuilt. */
export interface StatusView {
  readonly element: HTMLDListElement;
  show(status: CustomerStatus | undefined): void;
}

/**
 * Builds the status list in the words of `localizer`. Every value the server sent is written as
 * text (`textContent`), never as markup.
 *
 * @example
 * ```ts
 * const view = createStatusView(createLocalizer('en'));
 * view.show(status); // Place in the queue: 3, Expected wait: about 4 minutes (3–6), …
 * ```
 */
export function createStatusView(localizer: Localizer): StatusView {
  const { labels } = localizer.messages;
  const method = h('span', { class: 'method', part: 'wait-method' });
  const element = h('dl', { part: 'status', class: 'status' });
  const cells = new Map<Row, { readonly row: HTMLElement; readonly text: HTMLElement }>();
  for (const name of statusRows) {
    const text = h('span');
    const value = h('dd', { part: `value ${name}` }, text);
    if (name === 'wait') value.append(method);
    const row = h('div', { hidden: '' }, h('dt', { part: 'label' }, labels[name]), value);
    cells.set(name, { row, text });
    element.append(row);
  }

  const set = (name: Row, text: string | undefined) => {
    const cell = cells.get(name);
    if (cell === undefined) return;
    cell.row.hidden = text === undefined;
    if (cell.text.textContent !== (text ?? '')) cell.text.textContent = text ?? '';
  };

  return {
    element,
    show(status) {
      element.hidden = status === undefined;
      if (status === undefined) return;
      set('state', localizer.state(status));
      set('position', status.position === undefined ? undefined : localizer.number(status.position));
      const wait = status.expectedWait;
      set('wait', wait === undefined ? undefined : localizer.wait(wait));
      method.textContent = wait === undefined ? '' : localizer.messages.method(wait.method);
      set('agent', status.agent);
      set('skillset', status.skillset);
      set('media', localizer.messages.media[status.media]);
    },
  };
}
