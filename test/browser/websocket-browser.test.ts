import type { Server } from 'node:http';
import { createRelay, createWebSocketTransport, type Relay } from '@contactmesh/transports/websocket';
import { type Browser, chromium } from 'playwright-core';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleForBrowser, describeInBrowser, launchOptions, openPage, servePage } from './browser-support.js';

// The browser client (`@contactmesh/transports/websocket/browser`) in a real Chromium: bundled
// for the browser as an app would bundle it, served from a page, connected to a relay of the test
// over the browser's own WebSocket. Node participants on the same relay check what it sends and
// receives; the relay's Origin allow-list is checked with a real browser's Origin header.

describeInBrowser('the WebSocket client in a real browser', () => {
  let browser: Browser;
  let page: { server: Server; origin: string };
  let stranger: { server: Server; origin: string };
  let relay: Relay;

  beforeAll(async () => {
    // The browser entry, as an app imports it; the bundle must not carry `ws` or anything of Node's.
    const bundle = await bundleForBrowser("export * from '@contactmesh/transports/websocket/browser';");
    page = await servePage(bundle);
    stranger = await servePage(bundle);
    relay = await createRelay({ port: 0, allowedOrigins: [page.origin] });
    browser = await chromium.launch(launchOptions);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await relay?.close();
    for (const s of [page?.server, stranger?.server]) s?.close();
  });

  it('connects, gets retained values first, publishes and receives at QoS 1, and leaves cleanly', async () => {
    const node = createWebSocketTransport({ url: relay.url ?? '', id: 'node-side' });
    await node.connect();
    await node.publish('cm/demo/status/abc', 'queued, position 3', { retain: true, qos: 1 });
    const fromBrowser = firstValueFrom(node.subscribe('cm/demo/from-browser'));
    await node.subscribed();

    const tab = await openPage(browser, page.origin);
    const got = await tab.evaluate(async (url) => {
      const { createWebSocketTransport: create } = (window as unknown as { cm: typeof import('@contactmesh/transports/websocket/browser') })
        .cm;
      const widget = create({ url, id: 'widget-1' });
      await widget.connect();
      const seen: { topic: string; text: string; retained: boolean }[] = [];
      widget
        .subscribe('cm/demo/status/+')
        .subscribe((m) => seen.push({ topic: m.topic, text: new TextDecoder().decode(m.payload), retained: m.retained }));
      await widget.subscribed();
      await widget.publish('cm/demo/from-browser', 'hello from the page', { qos: 1 });
      (window as unknown as { widget: unknown; seen: unknown }).widget = widget;
      (window as unknown as { seen: unknown }).seen = seen;
      return { state: widget.state, seen: [...seen] };
    }, relay.url ?? '');
    expect(got).toEqual({ state: 'connected', seen: [{ topic: 'cm/demo/status/abc', text: 'queued, position 3', retained: true }] });
    expect(new TextDecoder().decode((await fromBrowser).payload)).toBe('hello from the page');

    await node.publish('cm/demo/status/abc', 'connected to Ada', { qos: 1 });
    await tab.waitForFunction(() => (window as unknown as { seen: unknown[] }).seen.length === 2);
    expect(await tab.evaluate(() => (window as unknown as { seen: unknown[] }).seen[1])).toEqual({
      topic: 'cm/demo/status/abc',
      text: 'connected to Ada',
      retained: false,
    });
    expect(
      await tab.evaluate(async () => {
        const widget = (window as unknown as { widget: { close(): Promise<void>; state: string } }).widget;
        await widget.close();
        return widget.state;
      }),
    ).toBe('closed');
    await tab.close();
    await node.publish('cm/demo/status/abc', '', { retain: true, qos: 1 });
    await node.close();
  });

  it("publishes the page's will when the tab goes away without closing the transport", async () => {
    const node = createWebSocketTransport({ url: relay.url ?? '', id: 'watcher' });
    await node.connect();
    const will = firstValueFrom(node.subscribe('cm/demo/presence/widget-2').pipe(filter((m) => m.payload.length > 0)));
    await node.subscribed();
    const tab = await openPage(browser, page.origin);
    await tab.evaluate(async (url) => {
      const { createWebSocketTransport: create } = (window as unknown as { cm: typeof import('@contactmesh/transports/websocket/browser') })
        .cm;
      await create({ url, id: 'widget-2' }).connect({ will: { topic: 'cm/demo/presence/widget-2', payload: 'gone', qos: 1 } });
    }, relay.url ?? '');
    await tab.close();
    expect(new TextDecoder().decode((await will).payload)).toBe('gone');
    await node.close();
  });

  it('is refused by the relay from an origin not on its allow-list, with a coded error in the page', async () => {
    const tab = await openPage(browser, stranger.origin);
    const result = await tab.evaluate(async (url) => {
      const { createWebSocketTransport: create } = (window as unknown as { cm: typeof import('@contactmesh/transports/websocket/browser') })
        .cm;
      const widget = create({ url, id: 'widget-3', reconnect: false });
      try {
        await widget.connect();
        return 'connected';
      } catch (error) {
        return { code: (error as { code?: string }).code, state: widget.state };
      }
    }, relay.url ?? '');
    expect(result).toEqual({ code: 'CM_ERR_TRANSPORT_CLOSED', state: 'closed' });
    await tab.close();
  });
});
