import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Centre } from '@contactmesh/core';
import { Counter, Gauge, Registry } from 'prom-client';
import { processInstruments } from './process-instruments.js';

/** Whether a centre is ready for traffic, and if not, why. */
export interface Readiness {
  readonly ready: boolean;
  /** What is missing, in words (empty when ready). */
  readonly reasons: readonly string[];
}

/** What {@link startMetricsServer} serves. */
export interface MetricsServerOptions {
  readonly port: number;
  /** Interface to listen on; default 127.0.0.1. */
  readonly host?: string;
  readonly centre: Centre;
  /** Read on every `/readyz`. */
  readonly readiness: () => Readiness;
}

/**
 * A running metrics server: its address, its registry (to add instruments of your own), and
 * `close`, which stops everything the server started: the listener, its connections, and the
 * process instruments' event-loop monitor and garbage-collection observer.
 */
export interface MetricsServer {
  readonly port: number;
  readonly registry: Registry;
  close(): Promise<void>;
}

/**
 * The centre's figures as Prometheus instruments in `registry`, read from `centre.metrics()` at
 * every scrape: contacts offered, answered, abandoned and handled per queue (counters), waiting
 * and longest wait per queue, agents logged in, staffed and busy, service level over the window.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * centreInstruments(centre, registry);
 * console.log(await registry.metrics());
 * ```
 */
export function centreInstruments(centre: Centre, registry: Registry): void {
  const registers = [registry];
  const counted = ['offered', 'answered', 'abandoned', 'handled'] as const;
  for (const figure of counted) {
    new Counter({
      name: `contactmesh_contacts_${figure}_total`,
      help: `Contacts ${figure} since the centre started, per queue (skillset).`,
      labelNames: ['queue'],
      registers,
      collect() {
        this.reset();
        for (const queue of centre.metrics().queues) this.inc({ queue: queue.queue }, queue.cumulative[figure]);
      },
    });
  }
  new Gauge({
    name: 'contactmesh_contacts_waiting',
    help: 'Contacts waiting in the queue now, per queue.',
    labelNames: ['queue'],
    registers,
    collect() {
      this.reset();
      for (const queue of centre.metrics().queues) this.set({ queue: queue.queue }, queue.waiting);
    },
  });
  new Gauge({
    name: 'contactmesh_longest_wait_seconds',
    help: 'How long the longest-waiting contact has waited so far, per queue (0 when nobody waits).',
    labelNames: ['queue'],
    registers,
    collect() {
      this.reset();
      for (const queue of centre.metrics().queues) this.set({ queue: queue.queue }, queue.longestWaitSeconds);
    },
  });
  new Gauge({
    name: 'contactmesh_service_level_ratio',
    help: 'Answered in time over answered and counted abandons, over the window, per queue (absent before anything counted).',
    labelNames: ['queue'],
    registers,
    collect() {
      this.reset();
      for (const queue of centre.metrics().queues)
        if (queue.window.serviceLevel !== undefined) this.set({ queue: queue.queue }, queue.window.serviceLevel);
    },
  });
  new Gauge({
    name: 'contactmesh_agents',
    help: "This centre's agents now: logged in, staffed (ready or working), busy (with a contact).",
    labelNames: ['state'],
    registers,
    collect() {
      const { agents } = centre.metrics().centre;
      this.set({ state: 'logged_in' }, agents.loggedIn);
      this.set({ state: 'staffed' }, agents.staffed);
      this.set({ state: 'busy' }, agents.busy);
    },
  });
  new Gauge({
    name: 'contactmesh_peers',
    help: 'Other centres of the network this centre has heard of, by their presence.',
    labelNames: ['status'],
    registers,
    collect() {
      this.reset();
      const counts = new Map<string, number>();
      for (const info of centre.replicas.centres())
        if (info.centre !== centre.id) counts.set(info.status, (counts.get(info.status) ?? 0) + 1);
      for (const [status, n] of counts) this.set({ status }, n);
    },
  });
}

/**
 * Serves a centre's metrics for Prometheus on `GET /metrics` (text format 0.0.4: the centre's
 * instruments, {@link centreInstruments}, and the process's), `GET /healthz` (200 while the process
 * runs) and `GET /readyz` (200 `{"ready":true}` when `readiness` says so, else 503 with the
 * reasons). Anything else is 404, a method other than GET or HEAD 405. Requests carry no body.
 *
 * @example
 * ```ts
 * const server = await startMetricsServer({ port: 9464, centre, readiness: () => ({ ready: true, reasons: [] }) });
 * await server.close();
 * ```
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const registry = new Registry();
  registry.setDefaultLabels({ centre: options.centre.id });
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return send(405, 'text/plain; charset=utf-8', 'only GET and HEAD\n');
    }
    if (path === '/healthz') return send(200, 'text/plain; charset=utf-8', 'ok\n');
    if (path === '/readyz') {
      let readiness: Readiness;
      try {
        readiness = options.readiness();
      } catch (error) {
        readiness = { ready: false, reasons: [`readiness failed: ${error instanceof Error ? error.message : String(error)}`] };
      }
      return send(readiness.ready ? 200 : 503, 'application/json', `${JSON.stringify(readiness)}\n`);
    }
    if (path !== '/metrics') return send(404, 'text/plain; charset=utf-8', 'not found: try /metrics, /healthz or /readyz\n');
    registry.metrics().then(
      (text) => send(200, registry.contentType, text),
      (error: unknown) =>
        send(500, 'text/plain; charset=utf-8', `metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  // A scraper that never finishes its request is dropped; the server never waits on a body.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.maxHeadersCount = 64;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A socket error after listening (a client reset mid-request) is the client's, never the process's.
  server.on('error', () => undefined);
  server.on('clientError', (_error, socket) => socket.destroy());
  // Only once listening: a port in use leaves no monitor running.
  const stopProcessInstruments = processInstruments(registry, 'contactmesh_');
  centreInstruments(options.centre, registry);
  return {
    port: (server.address() as AddressInfo).port,
    registry,
    close: () =>
      new Promise<void>((resolve) => {
        stopProcessInstruments();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
