import { type Centre, type CentreOptions, createCentre } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { createGateway, type Gateway, type GatewayOptions } from '@contactmesh/web-widget/gateway';

/**
 * A centre (London: billing and sales queues) and a status gateway on one memory hub, on the real
 * clock, since the gateway serves real HTTP. Tests wait on events and answers, not on time.
 */
export async function gatewayWorld(options: Partial<GatewayOptions> = {}, centreOptions: Partial<CentreOptions> = {}) {
  const hub = createMemoryHub();
  const offers: { agent: string; contact: string }[] = [];
  const substitutes: unknown[] = [];
  const centre: Centre = createCentre({
    id: 'london',
    network: 'acme',
    transport: hub.transport('london'),
    policies: { contact: { skillsets: ['billing', 'sales'] } },
    adapter: {
      offer: ({ agent, contact }) => void offers.push({ agent, contact }),
      substitute: (command) => void substitutes.push(command),
    },
    ...centreOptions,
  });
  await centre.start();
  const gateway: Gateway = await createGateway({
    transport: hub.transport('gateway-1'),
    network: 'acme',
    id: 'gateway-1',
    port: 0,
    lookupTimeoutMs: 300,
    widgetScript: 'customElements.define("contact-status", class extends HTMLElement {});',
    ...options,
  });
  const url = gateway.url ?? '';
  /** Resolves once `check` holds, looking again whenever the event loop turns (bounded). */
  const until = async (check: () => boolean | Promise<boolean>, what = 'the condition') => {
    for (let i = 0; i < 2_000; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  /** The JSON status the API serves for `token` (undefined for 404). */
  const apiStatus = async (token: string) => {
    const response = await fetch(`${url}/api/contacts/${token}`);
    return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
  };
  const stop = async () => {
    await gateway.close();
    await centre.stop();
  };
  return { hub, centre, gateway, url, offers, substitutes, until, apiStatus, stop };
}
