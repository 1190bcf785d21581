/**
 * The transport for production networks: any MQTT broker (MQTT 5, or 3.1.1 when the broker has no 5),
 * plus an embedded broker (aedes) for the demo and the tests.
 *
 * @module @contactmesh/transports/mqtt
 */

// The transport
export { createMqttTransport } from './create-mqtt-transport.js';
export type { MqttTransport } from './mqtt-transport.js';
export type { MqttLimits, MqttTlsOptions, MqttTransportOptions } from './mqtt-options.js';
export { mqttDefaults } from './mqtt-options.js';
export type { TlsOptions } from '../shared/tls-options.js';

// The embedded broker
export { startEmbeddedBroker } from './embedded-broker.js';
export type { EmbeddedBroker, EmbeddedBrokerOptions } from './embedded-broker.js';
