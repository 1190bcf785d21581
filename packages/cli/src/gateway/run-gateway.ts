import type { Transport } from '@contactmesh/core';
import { buildWidgetBundle } from '@contactmesh/web-widget/bundle';
import { createGateway } from '@contactmesh/web-widget/gateway';
import { transportFor } from '../centre/transport-for.js';
import type { Wall } from '../demo/wall.js';
import type { Io } from '../io.js';

/** What `contactmesh gateway` was asked to do. */
export interface GatewayCommandOptions {
  readonly transport: string;
  readonly network: string;
  readonly id: string;
  readonly port: number;
  readonly host: string;
  /** Origins of third-party pages that embed the widget. */
  readonly allowOrigin?: readonly string[];
}

/** What `runGateway` uses besides its options; tests pass an in-process transport and a widget script. */
export interface GatewayDeps {
  readonly transport?: (url: string, participantId: string) => Transport;
  readonly widgetScript?: string | (() => Promise<string>);
}

/**
 * Runs a customer status gateway until interrupted (docs/status-page.md): it joins the network at
 * `--transport` and serves status pages, the JSON API, live updates and the widget bundle.
 *
 * @example
 * ```ts
 * await runGateway({ transport: 'mqtt://127.0.0.1:1883', network: 'demo', id: 'gateway-1', port: 8080, host: '127.0.0.1' }, io, realWall);
 * ```
 */
export async function runGateway(options: GatewayCommandOptions, io: Io, wall: Wall, deps: GatewayDeps = {}): Promise<void> {
  const transport = (deps.transport ?? ((url, id) => transportFor(url, id)))(options.transport, options.id);
  let gateway: Awaited<ReturnType<typeof createGateway>>;
  try {
    gateway = await createGateway({
      transport,
      network: options.network,
      id: options.id,
      port: options.port,
      host: options.host,
      ...(options.allowOrigin === undefined ? {} : { allowedOrigins: options.allowOrigin }),
      // The <contact-status> bundle, built once on the first request for /widget.js.
      widgetScript: deps.widgetScript ?? buildWidgetBundle,
    });
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw error;
  }
  io.out(
    `gateway ${options.id} of network ${options.network} at ${gateway.url ?? '(unknown)'}/ — status pages at /c/{token}; Ctrl-C stops it`,
  );
  await new Promise<void>((resolve) => {
    const off = wall.onInterrupt(() => {
      off();
      resolve();
    });
  });
  const stats = gateway.stats();
  await gateway.close();
  await transport.close();
  io.out(`gateway stopped (${stats.watchers} live watchers closed)`);
}
