import { type EmbeddedBroker, startEmbeddedBroker } from '@contactmesh/transports/mqtt';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { mqttEnv } from './mqtt-env.js';
import { describeTransportContract } from './transport-contract.js';

// Always: the embedded broker (aedes, MQTT 3.1.1), so the transport's v5 → 3.1.1 fallback runs too.
describe('mqtt on the embedded broker', () => {
  let broker: EmbeddedBroker | undefined;
  beforeAll(async () => {
    broker = await startEmbeddedBroker();
  });
  afterAll(async () => {
    await broker?.close();
  });
  describeTransportContract(
    'mqtt (embedded aedes, 3.1.1)',
    mqttEnv(() => {
      if (broker === undefined) throw new Error('The embedded broker did not start.');
      return broker.url;
    }),
  );
});

// An external broker (MQTT 5 on Mosquitto in CI) when CONTACTMESH_MQTT_URL names one.
const externalUrl = process.env.CONTACTMESH_MQTT_URL;
const howToEnable =
  'set CONTACTMESH_MQTT_URL to a broker, e.g. CONTACTMESH_MQTT_URL=mqtt://127.0.0.1:1883 npx vitest run test/contract (start Mosquitto with `mosquitto -d`)';

if (externalUrl !== undefined && externalUrl !== '') {
  describeTransportContract(
    `mqtt (external broker ${externalUrl})`,
    mqttEnv(() => externalUrl),
  );
} else if (process.env.CI === 'true') {
  describe('mqtt on an external broker', () => {
    it('runs the contract suite against the external broker CI provides', () => {
      throw new Error(`CONTACTMESH_MQTT_URL is not set, and CI must not skip the external-broker suite: ${howToEnable}.`);
    });
  });
} else {
  process.stderr.write(`\n[mqtt contract] SKIPPED the external-broker suite: ${howToEnable}.\n`);
  describe('mqtt on an external broker', () => {
    it.skip(`SKIPPED (CONTACTMESH_MQTT_URL unset): ${howToEnable}`, () => undefined);
  });
}
