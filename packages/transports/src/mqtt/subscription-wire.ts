import type { QoS } from '@contactmesh/core';
import type { ISubscriptionGrant, MqttClient } from 'mqtt';
import type { SubscriptionWire } from './broker-subscriptions.js';

// SUBACK return codes of 0x80 and above refuse the subscription (3.1.1: 0x80 only).
const refused = (grant: ISubscriptionGrant): boolean => grant.qos >= 0x80;

/**
 * The subscription table's way to the broker through an mqtt.js client. mqtt.js queues what is
 * sent while the connection is down and subscribes everything again after a reconnect.
 *
 * @example
 * ```ts
 * table.attach(subscriptionWire(client), true);
 * ```
 */
export function subscriptionWire(client: MqttClient): SubscriptionWire {
  return {
    subscribe: (filter: string, qos: QoS, subscriptionId: number | undefined) =>
      new Promise<void>((resolve, reject) => {
        const options = subscriptionId === undefined ? { qos } : { qos, properties: { subscriptionIdentifier: subscriptionId } };
        client.subscribe(filter, options, (error, granted) => {
          const denied = granted?.find(refused);
          if (error instanceof Error) reject(error);
          else if (denied !== undefined)
            reject(new Error(`the broker refused the subscription to ${JSON.stringify(filter)} (code ${denied.qos})`));
          else resolve();
        });
      }),
    unsubscribe: (filter: string) =>
      new Promise<void>((resolve, reject) => {
        client.unsubscribe(filter, (error) => (error instanceof Error ? reject(error) : resolve()));
      }),
  };
}
