import type { MqttTransport } from '@contactmesh/transports/mqtt';

/**
 * Clears every retained value under `topicFilter` (e.g. `cm/acme/#`) through `sweeper`, a
 * connection of its own: subscribe, then a QoS 1 `marker` topic under the filter (the broker sends
 * retained values right after the subscription is acknowledged, so all are in once the marker is
 * back), then an empty retained message per topic. Closes `sweeper`. Shared brokers are left as
 * found this way.
 */
export async function sweepRetained(sweeper: MqttTransport, topicFilter: string, marker: string): Promise<void> {
  const retained = new Set<string>();
  await sweeper.connect();
  const back = new Promise<void>((resolve) => {
    sweeper.subscribe(topicFilter).subscribe((message) => {
      if (message.topic === marker) resolve();
      else if (message.retained && message.payload.byteLength > 0) retained.add(message.topic);
    });
  });
  await sweeper.whenSubscribed();
  await sweeper.publish(marker, 'x', { qos: 1 });
  await back;
  await Promise.all([...retained].map((topic) => sweeper.publish(topic, '', { retain: true, qos: 1 })));
  await sweeper.close();
}
