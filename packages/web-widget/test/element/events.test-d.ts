import { expectTypeOf, test } from 'vitest';
import {
  type CommandResult,
  ContactCommandResultEvent,
  ContactStatusChangeEvent,
  type ContactStatusElement,
  type CustomerStatus,
} from '../../src/index.js';

// The element's events are typed wherever a page listens: on the element, on document, on window.

test('listeners get the typed event classes', () => {
  const widget = document.createElement('contact-status');
  expectTypeOf(widget).toEqualTypeOf<ContactStatusElement>();
  widget.addEventListener('contact-status-change', (event) => expectTypeOf(event.detail).toEqualTypeOf<CustomerStatus>());
  document.addEventListener('contact-command-result', (event) => expectTypeOf(event).toEqualTypeOf<ContactCommandResultEvent>());
  window.addEventListener('contact-status-change', (event) => expectTypeOf(event).toEqualTypeOf<ContactStatusChangeEvent>());
  expectTypeOf<ContactCommandResultEvent['detail']>().toEqualTypeOf<CommandResult>();
});

test('the events are classes with their names on them', () => {
  expectTypeOf(ContactStatusChangeEvent.eventName).toEqualTypeOf<'contact-status-change'>();
  expectTypeOf(ContactCommandResultEvent.eventName).toEqualTypeOf<'contact-command-result'>();
});
