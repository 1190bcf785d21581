import { mkdirSync } from 'node:fs';
import { type Example, startExample } from '@contactmesh/examples/widget-embed';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchOptions } from './browser-support.js';

// End to end: the example shop page (packages/examples/src/widget-embed.ts) embeds <contact-status>
// from the real gateway, in front of a real centre, under the shop's strict CSP. The place falls
// live as the contact ahead is served (claim 4); switching queue by keyboard reaches the contact
// and the widget shows the new queue (claims 5, 21, 30, 32).

const shots = new URL('../../test-results/widget-embed/', import.meta.url);
const value = (page: Page, name: string) =>
  page.evaluate((n) => document.querySelector('contact-status')?.shadowRoot?.querySelector(`[part~="${n}"]`)?.textContent ?? null, name);

describeInBrowser('the widget on a shop’s page, against the real gateway', () => {
  let browser: Browser;
  let example: Example;
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch(launchOptions);
    example = await startExample();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await example?.stop();
  });

  it('shows the customer’s place live, and switches queue by keyboard alone, with no CSP violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { reportViolation(text: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(example.shopUrl);
    await page.waitForFunction(
      () => document.querySelector('contact-status')?.shadowRoot?.querySelector('[part~="position"]')?.textContent === '2',
      undefined,
      {
        timeout: 15_000,
      },
    );
    // The customer ahead is served: the place falls to 1 with no reload.
    example.centre.agents.login('a1', { displayName: 'Ada', skills: { billing: 5 } });
    example.centre.agents.ready('a1');
    await page.waitForFunction(
      () => document.querySelector('contact-status')?.shadowRoot?.querySelector('[part~="position"]')?.textContent === '1',
      undefined,
      {
        timeout: 15_000,
      },
    );
    expect(await value(page, 'skillset')).toBe('billing');
    await page.screenshot({ path: new URL('shop-page.png', shots).pathname, fullPage: true });

    // Keyboard only: tab to the queue switch, open it, choose, confirm.
    const before = await page.evaluate(() => document.querySelector('contact-status')?.shadowRoot?.activeElement?.tagName ?? 'none');
    expect(before).toBe('none');
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() =>
        /queue/i.test(document.querySelector('contact-status')?.shadowRoot?.activeElement?.textContent ?? ''),
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('contact-status')?.shadowRoot?.querySelector('select') !== null, undefined, {
      timeout: 5_000,
    });
    await page.evaluate(() => document.querySelector('contact-status')?.shadowRoot?.querySelector('select')?.focus());
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      const onSubmit = await page.evaluate(
        () => (document.querySelector('contact-status')?.shadowRoot?.activeElement as HTMLButtonElement | null)?.type === 'submit',
      );
      if (onSubmit) break;
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('contact-status')?.shadowRoot?.querySelector('[part~="skillset"]')?.textContent === 'sales',
      undefined,
      {
        timeout: 15_000,
      },
    );
    expect(example.centre.status(example.token)?.skillset).toBe('sales');
    expect(violations).toEqual([]);
    await page.close();
  }, 60_000);
});
