/**
 * The browser entry: the `<contact-status>` element and the headless client, with no side effect.
 * Register the element with `import '@contactmesh/web-widget/define'` (or the gateway's /widget.js).
 *
 * @module @contactmesh/web-widget
 */

// Element
export { ContactStatusElement } from './element/contact-status-element.js';
export { ContactStatusChangeEvent } from './element/contact-status-change-event.js';
export { ContactCommandResultEvent } from './element/contact-command-result-event.js';
export type { CommandResult } from './element/contact-command-result-event.js';

// Headless client
export { createStatusClient, isTerminalState, StatusClientError, StatusClientErrorCode } from './client/index.js';
export type {
  CommandAnswer,
  CommandKind,
  ConnectionState,
  ContactState,
  CustomerCommand,
  CustomerStatus,
  ExpectedWait,
  Media,
  StatusClient,
  StatusClientOptions,
  StatusSnapshot,
} from './client/index.js';
