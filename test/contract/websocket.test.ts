import type { ConnectOptions, Transport } from '@contactmesh/core';
import { createRelay, createWebSocketTransport, type Relay, type WebSocketTransport } from '@contactmesh/transports/websocket';
import { filter, firstValueFrom } from 'rxjs';
import type WebSocket from 'ws';
import { type ContractEnv, describeTransportContract } from './transport-contract.js';

/**
 * A relay on 127.0.0.1 and real `ws` sockets. Two things a socket network needs that a memory hub
 * does not, both done with barrier messages rather than sleeps:
 * - a subscription is only in place once the relay has acknowledged it, so before a publish or a
 *   crash the env waits until every open transport's subscriptions are (`subscribed()`), as a
 *   program in a real network waits for its `suback`s;
 * - `settle()` sends two rounds of QoS 1 barriers from every open transport to a `$`-topic nobody
 *   hears: after the first the relay has handled everything sent before, after the second every
 *   socket has received everything the relay sent before.
 */
async function websocketEnv(): Promise<ContractEnv> {
  const relay: Relay = await createRelay({ port: 0 });
  const url = relay.url ?? '';
  const open: WebSocketTransport[] = [];
  const sockets = new Map<string, WebSocket>();
  const live = () => open.filter((t) => t.state === 'connected');
  const subscriptionsInPlace = () => Promise.all(live().map((t) => t.subscribed()));

  const withBarriers = (transport: WebSocketTransport): Transport => ({
    id: transport.id,
    guarantees: transport.guarantees,
    get state$() {
      return transport.state$;
    },
    get state() {
      return transport.state;
    },
    connect: (options) => transport.connect(options),
    publish: async (topic, payload, options) => {
      await subscriptionsInPlace();
      return transport.publish(topic, payload, options);
    },
    subscribe: (filter, options) => transport.subscribe(filter, options),
    close: () => transport.close(),
  });

  return {
    async connect(participantId: string, options?: ConnectOptions) {
      const transport = createWebSocketTransport({
        url,
        id: participantId,
        reconnect: false,
        onSocket: (socket) => sockets.set(participantId, socket),
      });
      await transport.connect(options);
      open.push(transport);
      return withBarriers(transport);
    },
    async crash(participantId: string) {
      await subscriptionsInPlace();
      const left = firstValueFrom(relay.events$.pipe(filter((e) => e.kind === 'left' && e.id === participantId)));
      sockets.get(participantId)?.terminate();
      await left;
    },
    async settle() {
      for (let round = 0; round < 2; round++) {
        await Promise.all(live().map((t) => t.publish(`$settle/${t.id}`, '', { qos: 1 }).catch(() => undefined)));
      }
    },
    async dispose() {
      await Promise.all(open.map((t) => t.close()));
      await relay.close();
    },
    duplicateParticipant: 'refuse',
  };
}

describeTransportContract('websocket', websocketEnv);
