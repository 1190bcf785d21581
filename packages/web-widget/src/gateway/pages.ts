import type { CustomerStatus } from '@contactmesh/core';
import type { Flash } from './flash.js';
import { html, type Markup } from './html.js';

// The status page, rendered on the server: plain HTML and form posts, so it works with
// JavaScript off (status-page claims 19–23, 28–38). A small script, when it runs, follows the
// live updates; the page needs none of it.

const stateText: Record<string, string> = {
  arriving: 'Your contact is arriving',
  queued: 'Waiting in the queue',
  reserving: 'An agent is being connected',
  offered: 'An agent is being connected',
  connected: 'Connected to an agent',
  wrapUp: 'Your conversation has ended',
  ended: 'Finished — thank you',
  forwarded: 'Moved to another contact centre',
  abandoned: 'Cancelled',
  substituted: 'Replaced',
  expired: 'The wait ran out',
};
const substituteText: Record<string, string> = { callback: 'a call-back', email: 'an e-mail', webform: 'a web form' };
const mediaText: Record<string, string> = {
  voice: 'Call',
  chat: 'Chat',
  email: 'E-mail',
  video: 'Video call',
  sms: 'Text message',
  webform: 'Web form',
};

/** "about 4 minutes (3–6)" */
export function waitText(wait: NonNullable<CustomerStatus['expectedWait']>): string {
  const minutes = (s: number) => Math.max(0, Math.round(s / 60));
  const about = minutes(wait.seconds);
  const main = about < 1 ? 'less than a minute' : `about ${about} minute${about === 1 ? '' : 's'}`;
  return `${main} (${minutes(wait.low)}–${Math.max(1, minutes(wait.high))} min)`;
}

const page = (title: string, body: Markup, script = false): string =>
  html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="/assets/status.css">
${script ? html`<script src="/assets/status-page.js" defer></script>` : ''}
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.text;

/** `GET /`: enter the identifier you were given (claims 19a, 23a). */
export function lookupPage(title: string, problem?: string): string {
  return page(
    title,
    html`<h1>${title}</h1>
<p>Enter the identifier you were given when you contacted us (by text message, chat or e-mail).</p>
${problem === undefined ? '' : html`<p class="problem" role="alert">${problem}</p>`}
<form method="post" action="/lookup">
<label for="token">Your identifier</label>
<input id="token" name="token" autocomplete="off" spellcheck="false" required maxlength="64">
<button type="submit">Show my contact</button>
</form>`,
  );
}

/** Unknown, expired and malformed identifiers all get this one answer. */
export function notFoundPage(title: string): string {
  return page(
    title,
    html`<h1>Contact not found</h1>
<p role="alert">We cannot find a contact with that identifier. It may have ended some time ago, or the identifier may be mistyped.</p>
<p><a href="/">Look up another identifier</a></p>`,
  );
}

/** `GET /c/{token}`: state, place, wait, agent, queue and media (claims 4, 28), and a form per command allowed now. */
export function statusPage(title: string, token: string, status: CustomerStatus, flash: Flash | undefined, commandId: string): string {
  const action = `/c/${token}/commands`;
  const form = (kind: string, label: string, fields: Markup | string = '') =>
    html`<form method="post" action="${action}" class="command">
<input type="hidden" name="kind" value="${kind}">
<input type="hidden" name="commandId" value="${commandId}-${kind}">
${fields}<button type="submit">${label}</button>
</form>`;
  const allowed = new Set(status.allowedCommands);
  const state =
    status.state === 'substituted' && status.substitute !== undefined
      ? `Replaced by ${substituteText[status.substitute] ?? status.substitute}`
      : status.state === 'connected' && status.agent !== undefined
        ? `Connected to ${status.agent}`
        : (stateText[status.state] ?? status.state);
  return page(
    title,
    html`<h1>${title}</h1>
${flash === undefined ? '' : html`<p class="${flash.accepted ? 'done' : 'problem'}" role="alert">${flash.text}</p>`}
<section aria-labelledby="now" data-state="${status.state}" data-updated="${status.updatedAt}" id="status">
<h2 id="now">${state}</h2>
<div role="status" aria-live="polite"><dl>
${status.position === undefined ? '' : html`<dt>Your place in the queue</dt><dd id="position">${status.position}</dd>`}
${status.expectedWait === undefined ? '' : html`<dt>Expected wait</dt><dd id="wait">${waitText(status.expectedWait)} <small>estimated by ${status.expectedWait.method}</small></dd>`}
${status.agent === undefined ? '' : html`<dt>Your agent</dt><dd id="agent">${status.agent}</dd>`}
<dt>Queue</dt><dd id="queue">${status.skillset}</dd>
<dt>Contact type</dt><dd id="media">${mediaText[status.media] ?? status.media}</dd>
</dl></div>
</section>
${
  allowed.size === 0
    ? ''
    : html`<section aria-labelledby="change"><h2 id="change">Change your contact</h2>
${
  allowed.has('switchQueue')
    ? form(
        'switchQueue',
        'Switch queue',
        html`<label for="skillset">Move to the queue</label>
<select id="skillset" name="skillset">${status.otherQueues.map((q) => html`<option value="${q}">${q}</option>`)}</select>
<p class="hint">You keep your place: your waiting time so far counts in the new queue.</p>
`,
      )
    : ''
}
${allowed.has('requestCallback') ? form('requestCallback', 'Call me back instead', html`<label for="number">Your phone number</label><input id="number" name="number" type="tel" autocomplete="tel" required maxlength="32">`) : ''}
${
  allowed.has('switchToEmail')
    ? form(
        'switchToEmail',
        'Write an e-mail instead',
        html`<label for="address">Your e-mail address</label><input id="address" name="address" type="email" autocomplete="email" required maxlength="320">
<label for="text">Your message</label><textarea id="text" name="text" maxlength="10000" rows="4"></textarea>`,
      )
    : ''
}
${
  allowed.has('switchToWebForm')
    ? form(
        'switchToWebForm',
        'Leave a message instead',
        html`<label for="name">Your name</label><input id="name" name="field.name" autocomplete="name" maxlength="200">
<label for="message">What is it about?</label><textarea id="message" name="field.message" maxlength="2000" rows="3"></textarea>`,
      )
    : ''
}
${allowed.has('cancel') ? form('cancel', 'Cancel my contact') : ''}
</section>`
}
<p><a href="/c/${token}">Refresh</a></p>`,
    true,
  );
}
