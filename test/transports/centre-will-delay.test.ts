import type { Socket } from 'node:net';
import { type Centre, createCentre } from '@contactmesh/core';
import { createMqttTransport, type MqttTransport } from '@contactmesh/transports/mqtt';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, expect, it } from 'vitest';
import { describeOnExternalBroker, runId } from '../../packages/transports/test/support/external-broker.js';

// A centre's will delay (`policies.presence.willDelaySeconds`) on a real MQTT 5 broker (Mosquitto
// in CI): a centre whose connection drops and comes back within the delay is never offline to its
// peers; one that vanishes for good is, once the delay is up. Waits are on events, bounded.

const opened: Centre[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((centre) => centre.stop()));
});

/** Resolves once `holds()` is true, looked at on every presence change `centre` hears; fails after `ms`. */
function until(centre: Centre, what: string, holds: () => boolean, ms = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (holds()) return resolve();
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    const subscription = centre.replicas.changes$.subscribe(() => {
      if (!holds()) return;
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve();
    });
  });
}

describeOnExternalBroker('a centre with a will delay, on an MQTT 5 broker', (url) => {
  let tests = 0;
  const start = async (id: string, network: string, sockets: Map<string, Socket>) => {
    const transport: MqttTransport = createMqttTransport({
      participantId: id,
      url,
      clientIdPrefix: `cm-${runId}-wd${tests}-`,
      reconnectMs: 50,
      maxReconnectMs: 100,
      onSocket: (socket) => sockets.set(id, socket),
    });
    const centre = createCentre({
      id,
      network,
      transport,
      adapter: { offer: () => undefined },
      policies: { presence: { willDelaySeconds: 3, heartbeatMs: null } },
    });
    opened.push(centre);
    await centre.start();
    return { centre, transport };
  };

  it('a centre back within the delay is never offline to its peers; one gone for good is, after the delay', async () => {
    tests += 1;
    const network = `wd-${runId}-${tests}`;
    const sockets = new Map<string, Socket>();
    const london = await start('london', network, sockets);
    const paris = await start('paris', network, sockets);
    const heard: string[] = [];
    london.centre.replicas.changes$.subscribe((change) => {
      if (change.kind === 'centre' && change.centre === 'paris') heard.push(change.after.status);
    });
    await until(london.centre, 'paris online at london', () => london.centre.replicas.isOnline('paris'));

    // The connection drops without a DISCONNECT; the transport is back within ~100 ms.
    sockets.get('paris')?.destroy();
    await firstValueFrom(paris.transport.state$.pipe(filter((s) => s === 'reconnecting')));
    await firstValueFrom(paris.transport.state$.pipe(filter((s) => s === 'connected')));
    // A probe with the same will delay vanishes after Paris came back: its will is due later than
    // Paris's would have been, so once it has arrived, Paris's would have too.
    const probeWill = `cm/${network}/probe-will`;
    const watcher = createMqttTransport({ participantId: 'watcher', url, clientIdPrefix: `cm-${runId}-wd${tests}-` });
    await watcher.connect();
    const probeGone = firstValueFrom(watcher.subscribe(probeWill));
    await watcher.whenSubscribed();
    const probe = createMqttTransport({
      participantId: 'probe',
      url,
      clientIdPrefix: `cm-${runId}-wd${tests}-`,
      reconnectMs: 60_000,
      onSocket: (socket) => sockets.set('probe', socket),
    });
    await probe.connect({ will: { topic: probeWill, payload: 'gone', qos: 1, delaySeconds: 3 } });
    sockets.get('probe')?.destroy();
    await probeGone;
    await probe.close();
    await watcher.close();
    expect(heard).not.toContain('offline');
    expect(london.centre.replicas.isOnline('paris')).toBe(true);

    // Gone for good: the broker publishes its will once the delay is up.
    const goneAt = Date.now();
    sockets.get('paris')?.destroy();
    await firstValueFrom(paris.transport.state$.pipe(filter((s) => s !== 'connected')));
    await paris.transport.close();
    await until(london.centre, 'paris offline at london', () => !london.centre.replicas.isOnline('paris'));
    // Mosquitto checks will delays once a second: 2 to 4 s after a 3 s delay.
    expect(Date.now() - goneAt).toBeGreaterThanOrEqual(2_000);
  }, 30_000);
});
