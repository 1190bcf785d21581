import { createCentre, VirtualClock } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { afterEach, describe, expect, it } from 'vitest';
import { type MetricsServer, startMetricsServer } from '../../src/centre/metrics-server.js';

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

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
});
