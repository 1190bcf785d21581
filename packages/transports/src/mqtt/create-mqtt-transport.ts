import { type MqttTransportOptions, resolveMqttOptions } from './mqtt-options.js';
import { MqttTransport } from './mqtt-transport.js';

/**
 * Creates a transport that connects a participant to an MQTT broker (MQTT 5, or 3.1.1 when the
 * broker refuses 5). Checks the options at once: a bad one throws `CM_ERR_INVALID_OPTION` naming it.
 *
 * @example
 * ```ts
 * const london = createMqttTransport({ participantId: 'london', url: 'mqtt://127.0.0.1:1883' });
 * await london.connect({ will: { topic: 'cm/demo/presence/london', payload: 'offline', retain: true, qos: 1 } });
 * london.subscribe('cm/demo/inbox/london').subscribe((m) => handle(m.topic, m.payload));
 * await london.publish('cm/demo/presence/london', 'online', { retain: true, qos: 1 });
 * ```
 */
export function createMqttTransport(options: MqttTransportOptions): MqttTransport {
  return new MqttTransport(resolveMqttOptions(options));
}
