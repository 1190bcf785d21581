/**
 * The `<contact-status>` widget on a shop's own page: a centre with a waiting customer, a status
 * gateway that serves the widget, and a "shop" site on another origin that embeds it with one
 * script tag under a strict Content-Security-Policy. Open the printed shop URL in a browser.
 *
 *   node --conditions=@contactmesh/source --import tsx packages/examples/src/widget-embed.ts
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { type Centre, createCentre } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { buildWidgetBundle } from '@contactmesh/web-widget/bundle';
import { createGateway, escapeHtml, type Gateway } from '@contactmesh/web-widget/gateway';

/** The shop's page: one script tag and one element, and nothing inline. */
export function shopPage(gateway: string, token: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Example Shop — your call</title>
<script src="${escapeHtml(gateway)}/widget.js" async></script></head>
<body>
<h1>Example Shop</h1>
<p>Thanks for calling. Here is where you are:</p>
<contact-status token="${escapeHtml(token)}" endpoint="${escapeHtml(gateway)}" lang="en"></contact-status>
</body>
</html>`;
}

/** The CSP the shop serves its page with: scripts and connections only to the gateway. */
export function shopPolicy(gateway: string): string {
  const ws = gateway.replace(/^http/, 'ws');
  return `default-src 'none'; script-src ${gateway}; connect-src ${gateway} ${ws}; style-src 'none'; base-uri 'none'; require-trusted-types-for 'script'`;
}

/** What {@link startExample} started. */
export interface Example {
  readonly centre: Centre;
  readonly gateway: Gateway;
  readonly shop: Server;
  readonly shopUrl: string;
  /** The waiting customer's status token. */
  readonly token: string;
  stop(): Promise<void>;
}

/**
 * Starts the centre, the gateway (allowing the shop's origin) and the shop, with one customer
 * waiting behind another.
 *
 * @example
 * ```ts
 * const example = await startExample();
 * // open example.shopUrl; then: await example.stop();
 * ```
 */
export async function startExample(): Promise<Example> {
  const hub = createMemoryHub();
  const centre = createCentre({
    id: 'london',
    network: 'shop',
    transport: hub.transport('london'),
    policies: { contact: { skillsets: ['billing', 'sales'] } },
    adapter: { offer: () => undefined },
  });
  await centre.start();
  centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
  const { token } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });

  // The shop listens first, so the gateway can be told its origin.
  const shop = createServer();
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  const shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  const gateway = await createGateway({
    transport: hub.transport('gateway-1'),
    network: 'shop',
    id: 'gateway-1',
    port: 0,
    allowedOrigins: [shopUrl],
    widgetScript: buildWidgetBundle,
  });
  const gatewayUrl = gateway.url ?? '';
  shop.on('request', (_request, response) => {
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': shopPolicy(gatewayUrl) })
      .end(shopPage(gatewayUrl, token));
  });
  return {
    centre,
    gateway,
    shop,
    shopUrl: `${shopUrl}/`,
    token,
    async stop() {
      shop.closeAllConnections();
      await new Promise<void>((resolve) => shop.close(() => resolve()));
      await gateway.close();
      await centre.stop();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const example = await startExample();
  console.log(`the shop's page: ${example.shopUrl} — the customer waits behind one other; Ctrl-C stops it`);
  process.once('SIGINT', () => void example.stop());
}
