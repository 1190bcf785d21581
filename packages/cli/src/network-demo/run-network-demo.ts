import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Centre, createCentre, createRandom, type Random, type Transport } from '@contactmesh/core';
import { createRelay, createWebSocketTransport, type Relay } from '@contactmesh/transports/websocket';
import { buildWidgetBundle } from '@contactmesh/web-widget/bundle';
import { createGateway, type Gateway } from '@contactmesh/web-widget/gateway';
import { transportFor } from '../centre/transport-for.js';
import { createSimulatedAcd, type SimulatedAcd } from '../demo/simulated-acd.js';
import { startTraffic } from '../demo/traffic.js';
import type { Wall } from '../demo/wall.js';
import type { Io } from '../io.js';
import { dashboardCss, dashboardPage, dashboardPanel, dashboardScript } from './dashboard-page.js';
import { DashboardState } from './dashboard-state.js';
import { type DemoCentre, networkScenario } from './network-scenario.js';
import { ScaledClock } from './scaled-clock.js';

/** What `contactmesh demo` (the network) was asked to do. */
export interface NetworkDemoOptions {
  readonly seed: number;
  /** Simulated seconds per real second. */
  readonly speed: number;
  /** The gateway's port (0: any free one) and host. */
  readonly port: number;
  readonly host: string;
  /** A broker or relay URL; absent: an in-process WebSocket relay. */
  readonly transport?: string;
  /** Stop after this many simulated seconds; absent: at Ctrl-C. */
  readonly duration?: number;
}

/** What the demo needs besides its options; tests pass their own. */
export interface NetworkDemoDeps {
  readonly widgetScript?: string | (() => Promise<string>);
  /** Hears the dashboard's URL once everything runs (tests open it). */
  readonly started?: (urls: { readonly gateway: string; readonly dashboard: string }) => void;
}

const network = 'demo';
/** Real time between status lines, between printed status links, and between dashboard samples. */
const reportEveryMs = 5_000;
const linkEveryMs = 4_000;
const sampleEveryMs = 2_000;

/**
 * The network demo (`npm start`): three centres with different skills and staffing on one
 * transport, simulated agents and Poisson traffic on a sped-up clock, network routing and
 * auctions both in use, a status gateway with the dashboard at `/dashboard`, and status links
 * printed as contacts arrive. Stops at Ctrl-C (or after `duration`) and says what it did.
 *
 * @example
 * ```ts
 * await runNetworkDemo({ seed: 1, speed: 10, port: 8080, host: '127.0.0.1' }, io, realWall);
 * ```
 */
export async function runNetworkDemo(options: NetworkDemoOptions, io: Io, wall: Wall, deps: NetworkDemoDeps = {}): Promise<void> {
  const clock = new ScaledClock(options.speed);
  const root = createRandom(options.seed);
  const stream = (): Random => createRandom(root.int(0, 0x7fffffff));
  const relay: Relay | undefined = options.transport === undefined ? await createRelay({ port: 0 }) : undefined;
  const transport = (id: string): Transport =>
    relay === undefined ? transportFor(options.transport ?? '', id) : createWebSocketTransport({ url: relay.url ?? '', id });

  const centres: Centre[] = [];
  const acds = new Map<string, SimulatedAcd>();
  let state: DashboardState | undefined;
  const skillsets = [...new Set(networkScenario.flatMap((c) => c.traffic.map((t) => t.skillset)))];
  for (const spec of networkScenario) centres.push(makeCentre(spec));

  function makeCentre(spec: DemoCentre): Centre {
    let centre: Centre | undefined;
    const acd = createSimulatedAcd({
      clock,
      random: stream(),
      answer: { minDelaySeconds: 2, maxDelaySeconds: 6, missChance: 0.02, offerTimeoutSeconds: 15 },
      wrapUpMs: 15_000,
      centre: () => centre as Centre,
      // A call forwarded here talks as long as calls of its queue do here.
      arrivedElsewhere: () => ({ handleMs: 200_000 }),
    });
    acds.set(spec.id, acd);
    centre = createCentre({
      id: spec.id,
      network,
      transport: transport(spec.id),
      clock,
      seed: root.int(0, 0x7fffffff),
      mode: spec.mode,
      ...(spec.auctions === undefined ? {} : { auctions: spec.auctions }),
      policies: {
        agent: { wrapUpMs: 15_000, offerTimeoutMs: 15_000 },
        contact: { skillsets, wrapUpMs: 45_000 },
      },
      metrics: { centre: spec.id, serviceLevelSeconds: 20 },
      adapter: {
        ...acd.adapter,
        forward: ({ contact, to, agent }) => {
          acd.forget(contact);
          state?.handedOver(spec.id, contact, to, agent);
        },
        end: ({ contact }) => acd.forget(contact),
      },
    });
    const made = centre;
    made.events$.subscribe((event) => {
      if (event.type === 'contact.outcome') acd.forget(event.contact);
    });
    return made;
  }

  for (const centre of centres) await centre.start();
  state = new DashboardState(centres, clock);
  const dashboard = state;
  for (const [i, spec] of networkScenario.entries()) {
    const centre = centres[i] as Centre;
    for (const agent of spec.agents) {
      centre.agents.login(agent.id, { displayName: agent.displayName, skills: agent.skills });
      centre.agents.ready(agent.id);
    }
  }

  const routes = (request: IncomingMessage, response: ServerResponse): boolean => {
    const path = (request.url ?? '/').split('?')[0];
    const headers = {
      'content-security-policy':
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    const send = (type: string, body: string) =>
      response.writeHead(200, { ...headers, 'content-type': `${type}; charset=utf-8` }).end(body);
    if (request.method !== 'GET') return false;
    if (path === '/dashboard') send('text/html', dashboardPage(dashboard));
    else if (path === '/dashboard/panel') send('text/html', dashboardPanel(dashboard));
    else if (path === '/dashboard.css') send('text/css', dashboardCss);
    else if (path === '/dashboard.js') send('text/javascript', dashboardScript);
    else return false;
    return true;
  };
  let gateway: Gateway;
  try {
    gateway = await createGateway({
      transport: transport('gateway-1'),
      network,
      id: 'gateway-1',
      port: options.port,
      host: options.host,
      routes,
      title: 'Your contact with the demo network',
      widgetScript: deps.widgetScript ?? buildWidgetBundle,
    });
  } catch (error) {
    await stopAll();
    throw error;
  }
  const base = gateway.url ?? `http://${options.host}:${options.port}`;
  io.out(
    [
      'contactmesh demo — three contact centres joined into one network',
      ...networkScenario.map(
        (c) =>
          `  ${c.id.padEnd(9)} ${c.agents.length} agents (${[...new Set(c.agents.flatMap((a) => Object.keys(a.skills)))].join(', ')}), ` +
          `${c.mode.kind} routing${c.auctions === undefined ? '' : ', auctions its waiting contacts'}`,
      ),
      `  transport: ${relay === undefined ? options.transport : `in-process WebSocket relay at ${relay.url}`}`,
      `seed ${options.seed}, speed ${options.speed}× (a real second is ${options.speed} simulated seconds)`,
      `dashboard:    ${base}/dashboard`,
      `status pages: ${base}/c/{token} — links below as customers call; Ctrl-C stops the demo`,
      '',
    ].join('\n'),
  );
  deps.started?.({ gateway: base, dashboard: `${base}/dashboard` });

  let lastLink = Number.NEGATIVE_INFINITY;
  let links = 0;
  const stops = networkScenario.flatMap((spec, i) =>
    spec.traffic.map((traffic) =>
      startTraffic({
        clock,
        random: stream(),
        traffic,
        acd: acds.get(spec.id) as SimulatedAcd,
        idPrefix: `${spec.id}-`,
        onArrive: ({ id, token }) => {
          const now = wall.now();
          if (links >= 3 && now - lastLink < linkEveryMs) return;
          links += 1;
          lastLink = now;
          io.out(`${(centres[i] as Centre).id}: ${id} is waiting — ${base}/c/${token}`);
        },
      }),
    ),
  );

  const interrupted = new AbortController();
  const stopListening = wall.onInterrupt(() => interrupted.abort());
  const startedAt = clock.now();
  const endAt = options.duration === undefined ? Number.POSITIVE_INFINITY : startedAt + options.duration * 1_000;
  let reportedAt = wall.now();
  try {
    while (!interrupted.signal.aborted && clock.now() < endAt) {
      await wall.sleep(Math.min(sampleEveryMs, Math.max(1, (endAt - clock.now()) / options.speed)), interrupted.signal);
      dashboard.sample();
      if (wall.now() - reportedAt >= reportEveryMs) {
        reportedAt = wall.now();
        io.out(statusLine(dashboard));
      }
    }
  } finally {
    stopListening();
    for (const stop of stops) stop();
    const final = dashboard.view();
    await gateway.close();
    await stopAll();
    io.out(
      `demo stopped: ${final.map((v) => `${v.id} offered ${v.offered}, handled ${v.handled}, abandoned ${v.abandoned}`).join('; ')}; ` +
        `${dashboard.auctions.length} auctions, ${dashboard.handovers.length} handovers shown`,
    );
  }

  async function stopAll(): Promise<void> {
    for (const centre of centres) await centre.stop().catch(() => undefined);
    await relay?.close();
  }
}

/** One line per report: every centre's waiting contacts, busy agents and service level. */
function statusLine(state: DashboardState): string {
  return state
    .view()
    .map((v) => {
      const waiting = v.waiting.reduce((n, q) => n + q.waiting, 0);
      const busy = (v.agents.busy ?? 0) + (v.agents.wrapUp ?? 0);
      const sl = v.serviceLevel === undefined ? '—' : `${Math.round(v.serviceLevel * 100)}%`;
      return `${v.id} waiting ${waiting}, busy ${busy}, SL ${sl}`;
    })
    .join(' | ');
}
