import { type Centre, createCentre, type InboundMessage } from '@contactmesh/core';
import { createMqttTransport, type MqttTransport } from '@contactmesh/transports/mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AclBroker, generatedAcl, howToEnable, mosquittoPath, startAclMosquitto, until } from '../support/acl-mosquitto.js';
import { describeMissing } from '../support/missing-component.js';

// The ACL `contactmesh acl` generates, on a Mosquitto of the test's own (as in broker-acl.test.ts):
// three centres route contacts to each other under it, and the forgeries a participant with valid
// credentials tries — another centre's presence, replicas, auctions, bids and inbox messages; a
// gateway's replicas; an agent's computer writing to a centre other than its home — are refused by
// the broker itself (MQTT 5 reason code 135: CM_ERR_NOT_AUTHORIZED).

const centreIds = ['north', 'south', 'east'] as const;
const users = [...centreIds, 'gw', 'north-ada'];

/** The ACL file, as `contactmesh acl` prints it. */
const aclOfTheTest = () => generatedAcl({ network: 'acme', centres: centreIds, gateways: ['gw'], agents: ['north-ada:north'] });

if (mosquittoPath === undefined) {
  describeMissing('the generated broker ACL', 'no mosquitto binary', howToEnable);
} else {
  describe('the ACL `contactmesh acl` generates, on a Mosquitto of the test', () => {
    let broker: AclBroker | undefined;
    let url: string;
    const centres: Centre[] = [];
    const raw: MqttTransport[] = [];

    beforeAll(async () => {
      broker = await startAclMosquitto(users, await aclOfTheTest());
      url = broker.url;

      for (const id of centreIds) {
        const centre: Centre = createCentre({
          id,
          network: 'acme',
          transport: createMqttTransport({ participantId: id, url, username: id, password: `secret-${id}`, connectTimeoutMs: 2_000 }),
          adapter: { offer: ({ agent, contact }) => void queueMicrotask(() => centre.agents.answer(agent, contact)) },
          ...(id === 'east' ? { auctions: { deadlineMs: 300 } } : {}),
        });
        centres.push(centre);
      }
      await Promise.all(centres.map((c) => c.start()));
      await until('presence', () => centres.every((c) => centreIds.every((id) => c.replicas.isOnline(id))));
      const [, south, east] = centres as [Centre, Centre, Centre];
      south.agents.login('s1', { displayName: 'S', skills: { sales: 5 } });
      south.agents.ready('s1');
      east.agents.login('e1', { displayName: 'E', skills: { billing: 5 } });
      east.agents.ready('e1');
      await until('agents replicated', () => centres.every((c) => c.replicas.agents({ state: 'idle' }).length === 2));
    }, 30_000);

    afterAll(async () => {
      await Promise.all([...raw.map((t) => t.close()), ...centres.map((c) => c.stop())]);
      await broker?.stop();
    });

    /** A connection of its own with `user`'s credentials (a second client id, so the centre keeps its own). */
    async function as(user: string): Promise<MqttTransport> {
      const transport = createMqttTransport({ participantId: `${user}-forger`, url, username: user, password: `secret-${user}` });
      raw.push(transport);
      await transport.connect();
      return transport;
    }

    /** Expects the broker to refuse each publication as not authorized. */
    async function refused(transport: MqttTransport, topics: readonly string[]): Promise<void> {
      for (const topic of topics) {
        await expect(transport.publish(topic, 'forged', { qos: 1, retain: !topic.includes('/inbox/') }), topic).rejects.toMatchObject({
          code: 'CM_ERR_NOT_AUTHORIZED',
          message: expect.stringContaining(`refused the publication to "${topic}"`),
        });
      }
    }

    it('routes contacts across centres, by replicas and by auction, on the inbox topics inbox/{to}/from/{from}', async () => {
      const [north, , east] = centres as [Centre, Centre, Centre];
      // Routed by replicas: north's billing call to east's agent; auctioned: east's sales call to south's.
      north.contacts.arrive({ media: 'voice', skillset: 'billing', id: 'c-billing' });
      east.contacts.arrive({ media: 'voice', skillset: 'sales', id: 'c-sales' });
      const connected = (id: string, owner: string) => () =>
        centres.every((c) => c.replicas.contact(id)?.state === 'connected' && c.replicas.contact(id)?.owner === owner);
      await until('the billing call connected at east', connected('c-billing', 'east'));
      await until('the sales call connected at south', connected('c-sales', 'south'));
    }, 60_000);

    it("refuses a centre another centre's presence, replicas, auctions, bids and inbox messages, and the network goes on as it was", async () => {
      const [north] = centres as [Centre, Centre, Centre];
      const s1 = north.replicas.agent('south', 's1');
      const forger = await as('north');
      await refused(forger, [
        'cm/acme/presence/south',
        'cm/acme/replica/south/agent/s1',
        'cm/acme/replica/south/contact/c-forged',
        'cm/acme/auction/south/c-forged',
        'cm/acme/auction/east/c-sales/bids/south',
        'cm/acme/inbox/east/from/south',
        'cm/acme/inbox/east',
      ]);
      // The connection goes on, and what the ACL lets north do still passes.
      await forger.publish('cm/acme/inbox/east/from/north', 'not a message, but allowed', { qos: 1 });
      expect(centres.every((c) => c.replicas.isOnline('south'))).toBe(true);
      expect(north.replicas.agent('south', 's1')).toEqual(s1);
    });

    it("refuses a gateway everything but customers' commands as itself, and shows it no replicas", async () => {
      const gateway = await as('gw');
      await refused(gateway, [
        'cm/acme/replica/north/agent/n1',
        'cm/acme/replica/gw/agent/n1',
        'cm/acme/presence/gw',
        `cm/acme/status/${'a'.repeat(64)}`,
        'cm/acme/auction/gw/c1',
        'cm/acme/inbox/north/from/south',
      ]);
      await gateway.publish('cm/acme/inbox/north/from/gw', 'a command', { qos: 1 });

      // Mosquitto takes any subscription and filters what it delivers: the retained replicas would
      // come first, ahead of a message through the gateway's own inbox.
      const seen: InboundMessage[] = [];
      gateway.subscribe('cm/acme/replica/#').subscribe((m) => seen.push(m));
      gateway.subscribe('cm/acme/inbox/gw/#').subscribe((m) => seen.push(m));
      await gateway.whenSubscribed();
      const north = await as('north');
      await north.publish('cm/acme/inbox/gw/from/north', 'barrier', { qos: 1 });
      await until('the barrier', () => seen.length > 0);
      expect(seen.map((m) => m.topic)).toEqual(['cm/acme/inbox/gw/from/north']);
    });

    it("holds an agent's computer to bid requests to its home centre and its own node presence: it cannot announce itself as a centre", async () => {
      const ada = await as('north-ada');
      await refused(ada, [
        'cm/acme/inbox/south/from/north-ada',
        'cm/acme/inbox/north/from/north',
        'cm/acme/auction/north/c1/bids/north-ada',
        'cm/acme/replica/north-ada/agent/ada',
        'cm/acme/presence/north',
        'cm/acme/presence/north-ada',
      ]);
      await ada.publish('cm/acme/inbox/north/from/north-ada', 'a bid request', { qos: 1 });
      await ada.publish('cm/acme/node-presence/north-ada', 'its presence', { qos: 1 });
    });
  });
}
