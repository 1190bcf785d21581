import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { buildWidgetBundle } from '@contactmesh/web-widget/bundle';
import type { CustomerStatus } from '@contactmesh/web-widget/client';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchOptions } from './browser-support.js';
import { type StubGateway, startStubGateway } from './stub-status-gateway.js';

// <contact-status> on a third-party page, in a real Chromium: the page loads the widget with the
// one-line script tag from a stub gateway, under a Content-Security-Policy with no 'unsafe-inline',
// no 'unsafe-eval', no inline script at all, style-src 'none' and Trusted Types required (so any
// innerHTML would be a violation). Status-page claims 4 and 28 (what is shown), 11 and 21 (the new
// status after a command), 15–18 (the controls), 32 and 38 (the confirmation).

const tokens = {
  main: 'mainmainmainmainmain00',
  keys: 'keyskeyskeyskeyskeys00',
  ended: 'endedendedendedended00',
  gone: 'unknownunknownunknown0',
};
const screenshot = fileURLToPath(new URL('../../test-results/contact-status.png', import.meta.url));

const queued = (overrides: Partial<CustomerStatus> = {}): CustomerStatus => ({
  state: 'queued',
  media: 'voice',
  skillset: 'billing',
  position: 3,
  expectedWait: { seconds: 240, low: 180, high: 360, method: 'erlangC' },
  allowedCommands: ['switchQueue', 'requestCallback', 'switchToEmail', 'switchToWebForm', 'cancel'],
  otherQueues: ['sales', 'support'],
  updatedAt: Date.UTC(2026, 0, 5, 10, 42),
  ...overrides,
});

/** Reads text inside the widget's shadow root. */
const shadowText = (page: Page, selector: string) =>
  page.evaluate((s) => document.querySelector('contact-status')?.shadowRoot?.querySelector(s)?.textContent ?? null, selector);

/** Waits until the widget's shadow root has `selector` with text containing `expected`. */
const waitForText = (page: Page, selector: string, expected: string) =>
  page.waitForFunction(
    ({ s, e }) => (document.querySelector('contact-status')?.shadowRoot?.querySelector(s)?.textContent ?? '').includes(e),
    { s: selector, e: expected },
    { timeout: 10_000 },
  );

const waitForConnection = (page: Page, connection: string) =>
  page.waitForFunction(
    (c) => document.querySelector('contact-status')?.shadowRoot?.querySelector('[part="container"]')?.getAttribute('data-connection') === c,
    connection,
    { timeout: 10_000 },
  );

/** What has the focus inside the widget: its tag and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.querySelector('contact-status')?.shadowRoot?.activeElement;
    return active ? `${active.tagName.toLowerCase()}:${active.textContent ?? ''}` : `outside:${document.activeElement?.tagName ?? ''}`;
  });

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

describeInBrowser('<contact-status> on a third-party page under a strict CSP', () => {
  let browser: Browser;
  let stub: StubGateway;
  let site: Server;
  let siteOrigin: string;

  beforeAll(async () => {
    site = createServer((request, response) => {
      const query = new URL(request.url ?? '/', siteOrigin).searchParams;
      const stubHost = new URL(stub.origin).host;
      const endpoint = query.get('endpoint') === 'none' ? '' : ` endpoint="${stub.origin}"`;
      response
        .writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': `default-src 'none'; script-src ${stub.origin}; connect-src ${stub.origin} ws://${stubHost}; style-src 'none'; require-trusted-types-for 'script'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        })
        .end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Your contact with Acme</title>` +
            `<script src="${stub.origin}/widget.js" async></script></head>` +
            `<body><main><h1>Your contact with Acme</h1>` +
            `<contact-status token="${query.get('token') ?? ''}"${endpoint} lang="${query.get('lang') ?? 'en'}"></contact-status></main></body></html>`,
        );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteOrigin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
    stub = await startStubGateway({
      widget: await buildWidgetBundle(),
      pageOrigin: siteOrigin,
      contacts: { [tokens.main]: queued(), [tokens.keys]: queued(), [tokens.ended]: queued() },
      refusals: { requestCallback: 'call-backs are not offered after 18:00' },
    });
    browser = await chromium.launch(launchOptions);
  }, 60_000);

  afterAll(async () => {
    await withTimeout(browser?.close() ?? Promise.resolve(), 10_000);
    await withTimeout(stub?.close() ?? Promise.resolve(), 5_000);
    site?.closeAllConnections();
    await withTimeout(new Promise((resolve) => site?.close(resolve)), 5_000);
  }, 30_000);

  /** Opens the page, recording every CSP violation (and CSP console error) from the first byte. */
  async function open(query: Record<string, string>, options: { bypassCSP?: boolean } = {}) {
    const context = await browser.newContext({ bypassCSP: options.bypassCSP ?? false, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    await page.goto(`${siteOrigin}/?${new URLSearchParams(query)}`);
    const violations = async () => [
      ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
      ...consoleErrors.filter((text) => /Content.Security.Policy|Trusted Type/i.test(text)),
    ];
    return { page, violations, close: () => context.close() };
  }

  it('renders state, place, wait with its range, queue and media from the gateway, styled, with no CSP violation (claims 4, 28)', async () => {
    const { page, violations, close } = await open({ token: tokens.main });
    await waitForConnection(page, 'live');
    expect(await shadowText(page, '[part~="position"] span')).toBe('3');
    expect(await shadowText(page, '[part~="wait"] span')).toBe('about 4 minutes (3–6)');
    expect(await shadowText(page, '[part~="wait-method"]')).toBe('estimated with erlangC');
    expect(await shadowText(page, '[part~="state"]')).toBe('Waiting in the queue');
    expect(await shadowText(page, '[part~="skillset"]')).toBe('billing');
    expect(await shadowText(page, '[part~="media"]')).toBe('Phone call');
    // The adopted stylesheet applies under style-src 'none': controls are at least 24 px (WCAG 2.5.8).
    const sizes = await page.evaluate(() =>
      [...(document.querySelector('contact-status')?.shadowRoot?.querySelectorAll('summary') ?? [])].map(
        (s) => s.getBoundingClientRect().height,
      ),
    );
    expect(sizes).toHaveLength(5);
    for (const height of sizes) expect(height).toBeGreaterThanOrEqual(24);
    mkdirSync(fileURLToPath(new URL('.', `file://${screenshot}`)), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(await violations()).toEqual([]);
    await close();
  });

  it('updates the place live when the gateway pushes a new status: no reload, no focus taken, a polite live region', async () => {
    const { page, violations, close } = await open({ token: tokens.main });
    await waitForConnection(page, 'live');
    await page.evaluate(() => {
      (window as unknown as { samePage: boolean }).samePage = true;
      const changes: unknown[] = [];
      (window as unknown as { changes: unknown[] }).changes = changes;
      document.addEventListener('contact-status-change', (event) => changes.push((event as CustomEvent).detail));
    });
    stub.setStatus(tokens.main, queued({ position: 2, updatedAt: queued().updatedAt + 1 }));
    await waitForText(page, '[part~="position"] span', '2');
    expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { changes: { position: number }[] }).changes.map((s) => s.position))).toEqual([
      2,
    ]);
    expect(await focused(page)).toBe('outside:BODY');
    const region = await page.evaluate(() => {
      const live = document.querySelector('contact-status')?.shadowRoot?.querySelector('[aria-live]');
      return { role: live?.getAttribute('role'), politeness: live?.getAttribute('aria-live'), text: live?.textContent };
    });
    // The first status was announced; the change to 2nd, within 10 s of it, waits for the throttle
    // (unit-tested on a virtual clock: live-announcer.test.ts), so on a slow machine either may be there.
    expect(region).toEqual({
      role: 'status',
      politeness: 'polite',
      text: expect.stringMatching(/^You are (3rd|2nd) in the queue\. Expected wait: about 4 minutes \(3–6\)\.$/),
    });
    expect(await violations()).toEqual([]);
    stub.setStatus(tokens.main, queued({ updatedAt: queued().updatedAt + 2 }));
    await close();
  });

  it('switches queue with the keyboard alone (Tab, Enter, arrows, Space) and shows the confirmation (claims 16, 32, 38)', async () => {
    const { page, violations, close } = await open({ token: tokens.keys });
    await waitForConnection(page, 'live');
    await page.evaluate(() => {
      const results: unknown[] = [];
      (window as unknown as { results: unknown[] }).results = results;
      document.addEventListener('contact-command-result', (event) => results.push((event as CustomEvent).detail));
    });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('summary:Switch queue');
    // The focus is visible: the adopted stylesheet's :focus-visible outline.
    expect(
      await page.evaluate(() => {
        const active = document.querySelector('contact-status')?.shadowRoot?.activeElement;
        return active ? getComputedStyle(active).outlineStyle : 'none';
      }),
    ).toBe('solid');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^select:/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Switch queue');
    await page.keyboard.press('Space');
    await waitForText(page, '[part="result"]', 'you are now in the support queue');
    expect(stub.commands.filter((c) => c.token === tokens.keys)).toEqual([
      { token: tokens.keys, commandId: expect.stringMatching(/^[0-9a-f]{32}$/), command: { kind: 'switchQueue', skillset: 'support' } },
    ]);
    await waitForText(page, '[part~="skillset"]', 'support');
    expect(await page.evaluate(() => (window as unknown as { results: unknown[] }).results)).toEqual([
      { command: 'switchQueue', accepted: true },
    ]);
    // The form closed and the focus went back to where the customer opened it.
    expect(await focused(page)).toBe('summary:Switch queue');
    expect(await violations()).toEqual([]);
    await close();
  });

  it("shows the owner's reason when a command is refused (claims 32, 38)", async () => {
    const { page, violations, close } = await open({ token: tokens.main });
    await waitForConnection(page, 'live');
    await page.locator('contact-status summary', { hasText: 'Request a call-back' }).click();
    await page.locator('contact-status input[name="number"]').fill('+44 20 7946 0000');
    await page.locator('contact-status button', { hasText: 'Call me back' }).click();
    await waitForText(page, '[part="result"]', 'Not possible: call-backs are not offered after 18:00');
    expect(await violations()).toEqual([]);
    await close();
  });

  it('marks the last-known status stale while the live socket is gone, and goes live again', async () => {
    const { page, violations, close } = await open({ token: tokens.main });
    await waitForConnection(page, 'live');
    stub.dropLive(1011, true);
    await waitForConnection(page, 'reconnecting');
    expect(await shadowText(page, '[part="banner"]')).toMatch(/^Reconnecting… This is the last known status, from /);
    expect(await shadowText(page, '[part~="position"] span')).not.toBeNull();
    stub.acceptLive();
    await waitForConnection(page, 'live');
    expect(await violations()).toEqual([]);
    await close();
  });

  it('shows ended, without controls, when the contact reaches a terminal state', async () => {
    const { page, violations, close } = await open({ token: tokens.ended });
    await waitForConnection(page, 'live');
    stub.setStatus(
      tokens.ended,
      queued({ state: 'substituted', substitute: 'callback', allowedCommands: [], otherQueues: [], updatedAt: queued().updatedAt + 5 }),
    );
    await waitForConnection(page, 'ended');
    expect(await shadowText(page, '[part="banner"]')).toBe('This contact has ended.');
    expect(await shadowText(page, '[part~="state"]')).toBe('Replaced by a call-back');
    expect(
      await page.evaluate(() =>
        document.querySelector('contact-status')?.shadowRoot?.querySelector('[part="commands"]')?.hasAttribute('hidden'),
      ),
    ).toBe(true);
    expect(await violations()).toEqual([]);
    await close();
  });

  it('shows "expired" for an unknown token, with the endpoint taken from the script tag', async () => {
    const { page, violations, close } = await open({ token: tokens.gone, endpoint: 'none' });
    await waitForConnection(page, 'expired');
    expect(await shadowText(page, '[part="banner"]')).toBe('This status link is no longer valid (expired).');
    expect(await violations()).toEqual([]);
    await close();
  });

  it('speaks German with lang="de", with its plurals and number format', async () => {
    const { page, violations, close } = await open({ token: tokens.main, lang: 'de' });
    await waitForConnection(page, 'live');
    expect(await shadowText(page, '[part~="wait"] span')).toBe('etwa 4 Minuten (3–6)');
    expect(await shadowText(page, '[part~="state"]')).toBe('Wartet in der Warteschlange');
    expect(await violations()).toEqual([]);
    await close();
  });

  it('passes axe-core with no serious or critical violation, forms open', async () => {
    // axe itself is injected, which the page's CSP rightly forbids: this context bypasses the CSP.
    const { page, close } = await open({ token: tokens.main }, { bypassCSP: true });
    await waitForConnection(page, 'live');
    await page.evaluate(() => {
      for (const details of document.querySelector('contact-status')?.shadowRoot?.querySelectorAll('details') ?? []) details.open = true;
    });
    await page.screenshot({ path: screenshot.replace(/\.png$/, '-forms.png'), fullPage: true });
    await page.evaluate(axe.source);
    const results = await page.evaluate(async () => {
      const run = (window as unknown as { axe: typeof axe }).axe.run;
      const { violations } = await run(document, { resultTypes: ['violations'] });
      return violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
    });
    expect(results.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await close();
  });
});
