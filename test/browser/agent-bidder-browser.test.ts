import type { Server } from 'node:http';
import { type Centre, createCentre } from '@contactmesh/core';
import { createRelay, createWebSocketTransport, type Relay } from '@contactmesh/transports/websocket';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleForBrowser, describeInBrowser, launchOptions, openPage, servePage } from './browser-support.js';

// A single agent's own computer as a bidding node (claim 18), in a real browser: the agent
// bidder and the browser WebSocket client, bundled as an agent desktop app would bundle them,
// run in Chromium against a relay that two Node centres share. London auctions its contacts;
// Paris bids only when its agents ask. The agent sees the entity in the page and accepts it by
// hand; the contact is then offered to her at Paris.

type Cm = typeof import('@contactmesh/core') & typeof import('@contactmesh/transports/websocket/browser');

describeInBrowser("a single agent's own bidding node in a real browser (claim 18)", () => {
  let browser: Browser;
  let site: { server: Server; origin: string };
  let relay: Relay;
  const centres: Centre[] = [];
  const offers: string[] = [];

  beforeAll(async () => {
    const bundle = await bundleForBrowser(
      "export { createAgentBidder } from '@contactmesh/core';\nexport { createWebSocketTransport } from '@contactmesh/transports/websocket/browser';",
    );
    site = await servePage(bundle);
    relay = await createRelay({ port: 0, allowedOrigins: [site.origin] });
    browser = await chromium.launch(launchOptions);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(centres.map((c) => c.stop()));
    await browser?.close();
    await relay?.close();
    site?.server.close();
  });

  it('shows the agent the entity, bids when she accepts, and the contact is offered to her', async () => {
    const london = createCentre({
      id: 'london',
      network: 'acme',
      transport: createWebSocketTransport({ url: relay.url ?? '', id: 'london' }),
      mode: { kind: 'local' },
      auctions: { strategy: { kind: 'collect' }, rule: { kind: 'command', command: 'most-skilled' }, deadlineMs: 3_000 },
      adapter: { offer: () => undefined },
    });
    const paris: Centre = createCentre({
      id: 'paris',
      network: 'acme',
      transport: createWebSocketTransport({ url: relay.url ?? '', id: 'paris' }),
      bidding: { automatic: false },
      adapter: { offer: ({ agent, contact }) => void offers.push(`${agent}:${contact}`) },
    });
    centres.push(london, paris);
    await Promise.all(centres.map((c) => c.start()));
    paris.agents.login('ada', { displayName: 'Ada', skills: { billing: 7 }, languages: ['en'] });
    paris.agents.ready('ada');

    const tab = await openPage(browser, site.origin);
    await tab.evaluate(async (url) => {
      const cm = (window as unknown as { cm: Cm }).cm;
      const bidder = cm.createAgentBidder({
        node: 'paris-ada',
        network: 'acme',
        transport: cm.createWebSocketTransport({ url, id: 'paris-ada' }),
        home: 'paris',
        agent: { id: 'ada', skills: { billing: 7 }, languages: ['en'] },
      });
      const events: string[] = [];
      bidder.events$.subscribe((e) => events.push(e.type));
      await bidder.start();
      Object.assign(window, { bidder, events });
    }, relay.url ?? '');
    // London hears of Ada (a replica) before its contact arrives.
    const deadline = Date.now() + 20_000;
    while (london.replicas.agent('paris', 'ada')?.state !== 'idle' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    london.contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing', language: 'en' });
    // The entity reaches the page and waits for Ada's decision.
    await tab.waitForFunction(() => (window as unknown as { bidder: { pending(): unknown[] } }).bidder.pending().length === 1, undefined, {
      timeout: 20_000,
    });
    const entity = await tab.evaluate(() => {
      const { bidder } = window as unknown as { bidder: ReturnType<Cm['createAgentBidder']> };
      const [first] = bidder.pending();
      bidder.accept(first?.auctionId ?? '');
      return first?.entity.contact;
    });
    expect(entity).toMatchObject({ id: 'c1', skillset: 'billing', language: 'en' });
    await tab.waitForFunction(() => (window as unknown as { events: string[] }).events.includes('bid.won'), undefined, { timeout: 20_000 });
    expect(await tab.evaluate(() => (window as unknown as { events: string[] }).events)).toEqual(['entity', 'bid.placed', 'bid.won']);
    while (offers.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(offers).toEqual(['ada:c1']);
    await tab.evaluate(() => (window as unknown as { bidder: { stop(): Promise<void> } }).bidder.stop());
    await tab.close();
  }, 60_000);
});
