import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { createCentre } from '../packages/core/src/index.js';
import { createMemoryHub } from '../packages/transports/src/memory/index.js';
import { createGateway } from '../packages/web-widget/src/gateway/index.js';
import { record } from './results.js';
import { bars, duration, ratio, table } from './table.js';

// Issue "status page and widget": one gateway process holds `watchers` live watchers of one
// contact; how much heap each costs, and how long one status change takes to reach all of them —
// against a bare `ws` server holding the same sockets and broadcasting the same frame. The
// watchers live in a child process (sockets per process are limited), the same for both.

export interface GatewayWatchersOptions {
  readonly watchers: number;
  readonly rounds: number;
  readonly log: (line: string) => void;
}

const gc = () => {
  if (globalThis.gc === undefined) throw new Error('Run with node --expose-gc (npm run bench does).');
  globalThis.gc();
  globalThis.gc();
};
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

function clients(): Promise<{ child: ChildProcess; next: (type: string) => Promise<{ at?: number }> }> {
  const child = fork(fileURLToPath(new URL('./watcher-clients.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: { type: string; resolve: (message: { at?: number }) => void }[] = [];
  child.on('message', (message: { type: string; at?: number; message?: string }) => {
    if (message.type === 'error') throw new Error(`a watcher failed: ${message.message}`);
    const at = waiting.findIndex((w) => w.type === message.type);
    if (at >= 0) waiting.splice(at, 1)[0]?.resolve(message);
  });
  const next = (type: string) => new Promise<{ at?: number }>((resolve) => waiting.push({ type, resolve }));
  return next('started').then(() => ({ child, next }));
}

const now = () => performance.timeOrigin + performance.now();

/** Our gateway: heap per watcher and fan-out times of `rounds` status changes. */
async function ours(options: GatewayWatchersOptions): Promise<{ perWatcher: number; fanOutMs: number[] }> {
  const hub = createMemoryHub();
  const centre = createCentre({
    id: 'london',
    network: 'bench',
    transport: hub.transport('london'),
    policies: { contact: { skillsets: ['billing', 'sales'] } },
    adapter: { offer: () => undefined },
  });
  await centre.start();
  const gateway = await createGateway({
    transport: hub.transport('gateway-1'),
    network: 'bench',
    id: 'gateway-1',
    port: 0,
    rateLimits: { perAddress: 1_000_000, perToken: 1_000_000 },
  });
  const { token } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
  while ((await fetch(`${gateway.url}/api/contacts/${token}`)).status !== 200);
  const before = heap();
  const { child, next } = await clients();
  const ready = next('ready');
  child.send({ url: `${gateway.url?.replace('http', 'ws')}/api/contacts/${token}/live`, count: options.watchers });
  await ready;
  const perWatcher = (heap() - before) / options.watchers;
  const fanOutMs: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const fanned = next('fanned');
    const started = now();
    await centre.command(token, { kind: 'switchQueue', skillset: round % 2 === 0 ? 'sales' : 'billing' });
    fanOutMs.push(((await fanned).at ?? Number.NaN) - started);
  }
  child.kill();
  await gateway.close();
  await centre.stop();
  return { perWatcher, fanOutMs };
}

/** The bare library: a `ws` server holding the same sockets and broadcasting one frame. */
async function bare(options: GatewayWatchersOptions): Promise<{ perWatcher: number; fanOutMs: number[] }> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  server.on('connection', (socket) => socket.setNoDelay(true));
  const frame = JSON.stringify({ type: 'status', status: { state: 'queued', position: 1, skillset: 'billing', media: 'voice' } });
  wss.on('connection', (ws) => ws.send(frame));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const before = heap();
  const { child, next } = await clients();
  const ready = next('ready');
  child.send({ url, count: options.watchers });
  await ready;
  const perWatcher = (heap() - before) / options.watchers;
  const fanOutMs: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const fanned = next('fanned');
    const started = now();
    for (const ws of wss.clients) ws.send(frame);
    fanOutMs.push(((await fanned).at ?? Number.NaN) - started);
  }
  child.kill();
  wss.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { perWatcher, fanOutMs };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Runs ours and the bare library alternately and reports medians, with a chart.
 *
 * @example
 * ```ts
 * console.log(await gatewayWatchers({ watchers: 10_000, rounds: 3, log: console.error }));
 * ```
 */
export async function gatewayWatchers(options: GatewayWatchersOptions): Promise<string> {
  options.log(
    `gateway watchers: ${options.watchers.toLocaleString('en')} live watchers of one contact, ${options.rounds} changes, bare ws, then ours`,
  );
  // The bare library first, each measured from a settled heap: what one run leaves behind (sockets
  // closing, buffers freed late) must not count against the next.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
  await settle();
  const b = await bare(options);
  options.log('  bare ws done');
  await settle();
  const a = await ours(options);
  options.log('  ours done');
  const oursMs = median(a.fanOutMs);
  const bareMs = median(b.fanOutMs);
  record({
    name: `gateway heap per live watcher, ${options.watchers} watchers`,
    unit: 'bytes',
    ours: Math.round(a.perWatcher),
    baseline: Math.round(b.perWatcher),
    target: '<= 2x',
    met: a.perWatcher <= 2 * b.perWatcher,
  });
  record({
    name: `gateway fan-out of one change to ${options.watchers} watchers`,
    unit: 'ms',
    ours: oursMs,
    baseline: bareMs,
    target: '<= 1.5x',
    met: oursMs <= 1.5 * bareMs,
  });
  return [
    '',
    `Gateway: ${options.watchers.toLocaleString('en')} live watchers on one process (median of ${options.rounds} changes)`,
    table(
      ['', 'ours', 'bare ws', 'ratio'],
      [
        [
          'heap per watcher',
          `${Math.round(a.perWatcher).toLocaleString('en')} B`,
          `${Math.round(b.perWatcher).toLocaleString('en')} B`,
          ratio(a.perWatcher / b.perWatcher),
        ],
        ['one change to all watchers', duration(oursMs * 1e6), duration(bareMs * 1e6), ratio(oursMs / bareMs)],
      ],
    ),
    bars([
      { label: 'ours fan-out', value: oursMs, text: duration(oursMs * 1e6) },
      { label: 'bare fan-out', value: bareMs, text: duration(bareMs * 1e6) },
    ]),
  ].join('\n');
}
