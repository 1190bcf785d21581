import { mkdirSync } from 'node:fs';
import { buildProgram } from '@contactmesh/cli';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchOptions } from './browser-support.js';

// The network demo's dashboard in a real Chromium: it shows the three centres, refreshes itself
// under its strict CSP, and a screenshot of it is kept under test-results/ (not committed).

const shots = new URL('../../test-results/dashboard/', import.meta.url);

describeInBrowser('the demo dashboard in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch(launchOptions);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows every centre, charts and auctions, and refreshes itself without a CSP violation', async () => {
    let press: (() => void) | undefined;
    let dashboard = '';
    const out: string[] = [];
    const running = buildProgram(
      { out: (t) => out.push(t), err: (t) => out.push(t) },
      {
        wall: {
          now: () => performance.now(),
          sleep: (ms, signal) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, ms);
              signal.addEventListener('abort', () => {
                clearTimeout(timer);
                resolve();
              });
            }),
          onInterrupt: (handler) => {
            press = handler;
            return () => {
              press = undefined;
            };
          },
        },
        networkDemo: { started: (urls) => (dashboard = urls.dashboard) },
      },
    ).parseAsync(['node', 'contactmesh', 'demo', '--port', '0', '--speed', '120']);
    try {
      for (let i = 0; i < 2_000 && dashboard === ''; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(dashboard);
      for (const centre of ['london', 'paris', 'new-york']) {
        expect(await page.locator(`#c-${centre}`).textContent()).toContain(centre);
      }
      // The panel is replaced every two seconds: the first one is gone, a fresh one came.
      await page.evaluate(() => {
        (document.querySelector('.centres') as HTMLElement).dataset.old = 'yes';
      });
      await page.waitForFunction(() => (document.querySelector('.centres') as HTMLElement | null)?.dataset.old === undefined, undefined, {
        timeout: 10_000,
      });
      expect(await page.locator('svg polyline').count()).toBeGreaterThan(0);
      await page.waitForFunction(() => /handled [1-9]/.test(document.body.textContent ?? ''), undefined, { timeout: 15_000 });
      await page.screenshot({ path: new URL('dashboard.png', shots).pathname, fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      press?.();
      await running;
    }
  }, 60_000);
});
