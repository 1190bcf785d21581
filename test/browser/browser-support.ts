import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { describe } from 'vitest';
import { describeMissing } from '../support/missing-component.js';

/** The Chromium the browser suites drive: `CONTACTMESH_CHROMIUM`, else Debian's. */
export const chromiumPath = process.env.CONTACTMESH_CHROMIUM ?? '/usr/bin/chromium';
const howToEnable = 'install Chromium (apt-get install -y chromium) or set CONTACTMESH_CHROMIUM to a Chromium binary';
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Describes a browser suite: skipped, and saying so, when there is no Chromium; with `CI=true`
 * that is a failure instead.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(chromiumPath)) {
    describe(`${name} (Chromium)`, body);
    return;
  }
  describeMissing(name, `no Chromium at ${chromiumPath}`, howToEnable);
}

/** Launch options for Chromium in a container, where the sandbox needs privileges it lacks. */
export const launchOptions = { executablePath: chromiumPath, args: ['--no-sandbox', '--headless=new'] };

/**
 * Bundles `source` (ES module text importing the workspace packages) for the browser, as an app's
 * bundler would; fails if the bundle still imports `ws` or anything of Node's.
 */
export async function bundleForBrowser(source: string): Promise<string> {
  const bundled = await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@contactmesh/source'],
    write: false,
    logLevel: 'silent',
  });
  const bundle = bundled.outputFiles[0]?.text ?? '';
  if (/from\s*["'](node:|ws["'])/.test(bundle)) throw new Error('The browser bundle imports ws or a Node module.');
  return bundle;
}

/** An http server with one page that loads `bundle` as `window.cm`. */
export async function servePage(bundle: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    if (request.url === '/client.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>contactmesh</title><script type="module">import * as cm from "/client.js"; window.cm = cm;</script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

/** Opens the page and waits for the bundle to be loaded. */
export async function openPage(browser: Browser, origin: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (window as unknown as { cm?: unknown }).cm !== undefined);
  return page;
}
