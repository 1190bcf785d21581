import { type ConnectionState, createStatusClient, type StatusClient, type StatusSnapshot } from '../client/create-status-client.js';
import type { CustomerCommand } from '../client/customer-command.js';
import type { CustomerStatus } from '../client/customer-status.js';
import { StatusClientError, StatusClientErrorCode } from '../client/status-client-error.js';
import { browserClock } from '../client/status-clock.js';
import { type CommandPanel, createCommandPanel } from './command-panel.js';
import { ContactCommandResultEvent } from './contact-command-result-event.js';
import { ContactStatusChangeEvent } from './contact-status-change-event.js';
import { h } from './dom.js';
import { createLocalizer, type Localizer, pickLocale } from './i18n/localizer.js';
import { LiveAnnouncer } from './live-announcer.js';
import { bannerText, type CommandOutcome, resultText } from './result-text.js';
import { createStatusView, type StatusView } from './status-view.js';
import { contactStatusSheet } from './styles.js';

interface Ui {
  readonly localizer: Localizer;
  readonly container: HTMLElement;
  readonly banner: HTMLElement;
  readonly view: StatusView;
  readonly result: HTMLElement;
  readonly panel: CommandPanel;
  readonly announcer: LiveAnnouncer;
}

/**
 * `<contact-status token="…" endpoint="https://…" lang="en">`: a customer's live view of their own
 * queued contact, and the controls to steer it (status-page claims 1, 4, 11, 15–18, 21, 28, 32, 38).
 * Shows the state, place in the queue, expected wait with its range, the agent's name, the queue
 * and the media; a control per command the contact allows, and the confirmation or the refusal
 * after each. Its own styles only (constructable stylesheet), no markup built from strings, so it
 * runs under a strict Content-Security-Policy.
 *
 * @example
 * ```html
 * <script src="https://status.example.com/widget.js" async></script>
 * <contact-status token="Vq3eXz0Ln4cT8mWb2RkJ1g" lang="de"></contact-status>
 * ```
 * ```ts
 * // In your own script file (no inline script: the widget is made for strict CSPs):
 * document.addEventListener('contact-command-result', ({ detail }) => track(detail.command, detail.accepted));
 * ```
 *
 * @fires contact-status-change - {@link ContactStatusChangeEvent}: the status changed; `detail` is the new status.
 * @fires contact-command-result - {@link ContactCommandResultEvent}: a command was accepted or refused.
 * @csspart container - The box around everything; carries `data-connection` (connecting, live, reconnecting, expired, ended).
 * @csspart banner - The line saying connecting, reconnecting (stale), expired or ended.
 * @csspart status - The list of status values.
 * @csspart label - Each label of the list.
 * @csspart value - Each value of the list; also one of `state`, `position`, `wait`, `agent`, `skillset`, `media`.
 * @csspart wait-method - The note naming the estimator of the wait.
 * @csspart result - The confirmation or refusal of the last command.
 * @csspart commands - The section holding the commands.
 * @csspart command - One command's disclosure (`<details>`), with `data-command` set to its kind.
 * @csspart command-summary - The control that opens a command's form.
 * @csspart command-form - A command's form.
 * @csspart field - A label with its control.
 * @csspart input - A text field, text area or select.
 * @csspart button - A button.
 * @cssprop --cm-font-family - Font (default: the page's).
 * @cssprop --cm-font-size - Base font size (default 1rem).
 * @cssprop --cm-color-text - Text (default #1a1a1a).
 * @cssprop --cm-color-muted - Labels and notes (default #575757).
 * @cssprop --cm-color-background - Box and fields (default #ffffff).
 * @cssprop --cm-color-border - Box, separators and fields (default #8a8a8a).
 * @cssprop --cm-color-accent - Buttons and command summaries (default #0b57d0).
 * @cssprop --cm-color-accent-text - Text on buttons (default #ffffff).
 * @cssprop --cm-color-focus - The focus ring (default #0b57d0).
 * @cssprop --cm-color-success - A confirmation (default #146c2e).
 * @cssprop --cm-color-danger - A refusal, and the button that cancels (default #b3261e).
 * @cssprop --cm-color-stale-background - Behind a status that is not live (default #fff4d6).
 * @cssprop --cm-radius - Corner radius (default 0.5rem).
 * @cssprop --cm-spacing - Padding and gaps of the box (default 1rem).
 * @cssprop --cm-target-size - Least height and width of every control (default 2.75rem; keep it at least 24px).
 */
export class ContactStatusElement extends HTMLElement {
  static readonly observedAttributes: readonly string[] = ['token', 'endpoint', 'lang'];
  /** The gateway used when `endpoint` is missing: `define.ts` sets it to where the script came from. */
  static defaultEndpoint: string | undefined;

  #client: StatusClient | undefined;
  #snapshot: StatusSnapshot = { connection: 'connecting' };
  #ui: Ui | undefined;
  #started = false;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).adoptedStyleSheets = [contactStatusSheet()];
  }

  /** The last status known, if any. */
  get status(): CustomerStatus | undefined {
    return this.#snapshot.status;
  }

  /** How the element is connected to the gateway. */
  get connection(): ConnectionState {
    return this.#snapshot.connection;
  }

  connectedCallback(): void {
    this.#started = true;
    this.#render();
    this.#connect();
  }

  disconnectedCallback(): void {
    this.#started = false;
    this.#disconnect();
    this.#ui?.announcer.dispose();
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (!this.#started || before === after) return;
    if (name === 'lang') {
      this.#render();
      this.#show(this.#snapshot);
    } else {
      this.#disconnect();
      this.#connect();
    }
  }

  #connect(): void {
    this.#snapshot = { connection: 'connecting' };
    try {
      this.#client = createStatusClient({
        endpoint: this.getAttribute('endpoint') ?? ContactStatusElement.defaultEndpoint ?? '',
        token: this.getAttribute('token') ?? '',
      });
    } catch {
      // No usable endpoint: the link cannot work, which the customer sees as an expired one.
      this.#show({ connection: 'expired' });
      return;
    }
    this.#client.subscribe((snapshot) => this.#show(snapshot));
  }

  #disconnect(): void {
    this.#client?.close();
    this.#client = undefined;
  }

  #render(): void {
    this.#ui?.announcer.dispose();
    const localizer = createLocalizer(pickLocale(this.getAttribute('lang'), [...navigator.languages, navigator.language]));
    const region = h('div', { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', class: 'sr-only' });
    const result = h('p', { part: 'result', class: 'result', role: 'status', tabindex: '-1', hidden: '' });
    const ui: Ui = {
      localizer,
      container: h('div', { part: 'container', class: 'root', lang: localizer.locale }),
      banner: h('p', { part: 'banner', class: 'banner' }),
      view: createStatusView(localizer),
      result,
      panel: createCommandPanel(
        localizer.messages,
        (command) => this.#send(command),
        () => result.focus(),
      ),
      announcer: new LiveAnnouncer(browserClock, (text) => {
        region.textContent = text;
      }),
    };
    ui.container.append(ui.banner, ui.view.element, result, ui.panel.element, region);
    this.shadowRoot?.replaceChildren(ui.container);
    this.#ui = ui;
  }

  #show(snapshot: StatusSnapshot): void {
    const previous = this.#snapshot.status;
    this.#snapshot = snapshot;
    const ui = this.#ui;
    if (ui === undefined) return;
    const { connection, status } = snapshot;
    const banner = bannerText(ui.localizer, snapshot);
    ui.container.dataset.connection = connection;
    ui.container.classList.toggle('stale', connection === 'reconnecting' && status !== undefined);
    ui.container.setAttribute('aria-busy', String(connection === 'connecting'));
    ui.banner.hidden = banner === undefined;
    ui.banner.textContent = banner ?? '';
    ui.view.show(connection === 'expired' ? undefined : status);
    ui.panel.show(status, connection !== 'expired' && connection !== 'ended');
    if (connection === 'expired' || connection === 'ended') ui.announcer.say(banner ?? '', connection);
    else if (status !== undefined) ui.announcer.say(ui.localizer.announcement(status), `${connection}:${status.state}`);
    if (status !== undefined && status !== previous) this.dispatchEvent(new ContactStatusChangeEvent(status));
  }

  async #send(command: CustomerCommand): Promise<boolean> {
    const client = this.#client;
    if (client === undefined) return false;
    this.#result(this.#ui?.localizer.messages.sending ?? '', 'pending');
    let outcome: CommandOutcome;
    try {
      const answer = await client.command(command);
      outcome = answer.accepted ? { accepted: true } : { accepted: false, reason: answer.reason ?? '' };
    } catch (error) {
      outcome = { accepted: false, error: error instanceof StatusClientError ? error.code : StatusClientErrorCode.GATEWAY_UNREACHABLE };
    }
    const messages = this.#ui?.localizer.messages;
    if (messages !== undefined) this.#result(resultText(messages, command, outcome), outcome.accepted ? 'accepted' : 'refused');
    const reason = 'reason' in outcome ? outcome.reason : 'error' in outcome ? outcome.error : undefined;
    this.dispatchEvent(
      new ContactCommandResultEvent({ command: command.kind, accepted: outcome.accepted, ...(reason === undefined ? {} : { reason }) }),
    );
    return outcome.accepted;
  }

  #result(text: string, outcome: 'pending' | 'accepted' | 'refused'): void {
    const result = this.#ui?.result;
    if (result === undefined) return;
    result.hidden = false;
    result.textContent = text;
    result.className = `result ${outcome}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contact-status': ContactStatusElement;
  }
  // Global, not only HTMLElement's: the events bubble and are composed, so a listener on document
  // or window gets them typed too.
  interface GlobalEventHandlersEventMap {
    'contact-status-change': ContactStatusChangeEvent;
    'contact-command-result': ContactCommandResultEvent;
  }
}
