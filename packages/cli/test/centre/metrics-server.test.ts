import { createCentre, VirtualClock } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { collectDefaultMetrics, type Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type MetricsServer, startMetricsServer } from '../../src/centre/metrics-server.js';
import { defaultMetricsServed } from '../../src/centre/process-instruments.js';

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** One scrape of `registry`: series name (`…_count` of a histogram too) → the sum over its labels. */
async function scrape(registry: Registry): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const value of metric.values) {
      const name = 'metricName' in value && typeof value.metricName === 'string' ? value.metricName : metric.name;
      sums.set(name, (sums.get(name) ?? 0) + value.value);
    }
  }
  return sums;
}

const gcCount = 'contactmesh_nodejs_gc_duration_seconds_count';
const longestLoopDelay = 'contactmesh_nodejs_eventloop_lag_max_seconds';

/** Short-lived objects enough to make V8 collect its young generation now and then. */
// Objects kept in an array until it is dropped: the optimiser cannot take the allocations away
// (small arrays that never escape a loop can be), so each call fills the young generation.
function makeGarbage(): number {
  const kept: { readonly i: number }[] = [];
  for (let i = 0; i < 200_000; i++) kept.push({ i });
  return kept.length;
}

describe('the metrics server of contactmesh centre', () => {
  it('says why a centre is not ready (503 with the reasons), answers HEAD without a body, and takes instruments of your own', async () => {
    const clock = new VirtualClock(0);
    const hub = createMemoryHub({ clock, seed: 1 });
    const centre = createCentre({ id: 'north', network: 'acme', transport: hub.transport('north'), clock, adapter: { offer: () => {} } });
    let reasons = ['the transport is connecting'];
    server = await startMetricsServer({ port: 0, centre, readiness: () => ({ ready: reasons.length === 0, reasons }) });
    const url = `http://127.0.0.1:${server.port}`;
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ ready: false, reasons: ['the transport is connecting'] });
    reasons = [];
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const head = await fetch(`${url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    // An embedder adds its own instruments to the same registry.
    const { Counter } = await import('prom-client');
    new Counter({ name: 'my_calls_total', help: 'calls', registers: [server.registry] }).inc(3);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^my_calls_total\{centre="north"\} 3$/m);
    expect(text).toMatch(/^contactmesh_agents\{state="logged_in",centre="north"\} 0$/m);
  });

  it('stops its event-loop monitor and its garbage-collection observer when closed, however many servers came and went', {
    timeout: 20_000,
  }, async () => {
    const clock = new VirtualClock(0);
    const hub = createMemoryHub({ clock, seed: 1 });
    const centre = createCentre({ id: 'north', network: 'acme', transport: hub.transport('north'), clock, adapter: { offer: () => {} } });
    const readiness = () => ({ ready: true, reasons: [] });
    const closed: MetricsServer[] = [];
    for (let i = 0; i < 3; i++) closed.push(await startMetricsServer({ port: 0, centre, readiness }));
    // One server stays open: it shows that collections and loop delays did happen, and were measured.
    server = await startMetricsServer({ port: 0, centre, readiness });
    const open = server;
    for (const each of closed) await each.close();
    // A scrape resets the event-loop figures: a monitor still running would fill them again.
    const atClose = await Promise.all(closed.map((each) => scrape(each.registry)));
    await scrape(open.registry);
    const since = performance.now();
    let openSawCollection = false;
    let openSawLoopDelay = false;
    await vi.waitFor(
      async () => {
        makeGarbage();
        const now = await scrape(open.registry);
        openSawCollection ||= (now.get(gcCount) ?? 0) > 0;
        openSawLoopDelay ||= (now.get(longestLoopDelay) ?? 0) > 0;
        // Five rounds of the 10 ms monitor: every running monitor has recorded by now.
        if (!openSawCollection || !openSawLoopDelay || performance.now() - since < 50)
          throw new Error(`not yet measured: collection ${openSawCollection}, loop delay ${openSawLoopDelay}`);
      },
      // A scrape resets the loop delays: scraping every 10 ms on a busy machine could leave the 10 ms
      // monitor no sample between two scrapes, so it waits several of its rounds between them.
      { timeout: 10_000, interval: 60 },
    );
    const after = await Promise.all(closed.map((each) => scrape(each.registry)));
    expect(after.map((figures) => figures.get(gcCount) ?? 0)).toEqual(atClose.map((figures) => figures.get(gcCount) ?? 0));
    expect(after.map((figures) => figures.get(longestLoopDelay))).toEqual(closed.map(() => 0));
  });

  it("serves every one of prom-client's default metrics, so an upgrade that adds one is noticed", () => {
    expect([...defaultMetricsServed].sort()).toEqual([...collectDefaultMetrics.metricsList].sort());
  });
});
