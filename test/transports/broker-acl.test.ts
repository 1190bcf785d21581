import { readFile } from 'node:fs/promises';
import { type Centre, createCentre } from '@contactmesh/core';
import { createMqttTransport } from '@contactmesh/transports/mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AclBroker, howToEnable, mosquittoPath, startAclMosquitto, until } from '../support/acl-mosquitto.js';
import { describeMissing } from '../support/missing-component.js';

// The broker ACLs docs/transports.md gives ("Access control: the topic layout as broker ACLs"),
// read from the page itself, on a Mosquitto of the test's own: a network of three centres, with an
// auction and handovers, runs under them, and a centre cannot write into another's replicas.

const docs = new URL('../../docs/transports.md', import.meta.url);

/** The ACL block of the docs. */
async function documentedAcl(): Promise<string> {
  const page = await readFile(docs, 'utf8');
  const section = page.slice(page.indexOf('### Access control'));
  const block = /```(?:text)?\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('docs/transports.md has no ACL block under "Access control".');
  return block;
}

if (mosquittoPath === undefined) {
  describeMissing('the documented broker ACLs', 'no mosquitto binary', howToEnable);
} else {
  describe('the documented broker ACLs, on a Mosquitto of the test', () => {
    let broker: AclBroker | undefined;
    let url: string;
    const centres: Centre[] = [];

    beforeAll(async () => {
      broker = await startAclMosquitto(['north', 'south', 'east'], await documentedAcl());
      url = broker.url;
    }, 30_000);

    afterAll(async () => {
      await Promise.all(centres.map((c) => c.stop()));
      await broker?.stop();
    });

    const transport = (id: string, password = `secret-${id}`) =>
      createMqttTransport({ participantId: id, url, username: id, password, connectTimeoutMs: 2_000 });

    it('lets a network with auctions and handovers run, and keeps each centre to its own topics', async () => {
      for (const id of ['north', 'south', 'east']) {
        const centre: Centre = createCentre({
          id,
          network: 'acme',
          transport: transport(id),
          adapter: { offer: ({ agent, contact }) => void queueMicrotask(() => centre.agents.answer(agent, contact)) },
          ...(id === 'east' ? { auctions: { deadlineMs: 300 } } : {}),
        });
        centres.push(centre);
      }
      const [north, south, east] = centres as [Centre, Centre, Centre];
      await Promise.all(centres.map((c) => c.start()));
      await until('presence', () => centres.every((c) => ['north', 'south', 'east'].every((id) => c.replicas.isOnline(id))));
      south.agents.login('s1', { displayName: 'S', skills: { sales: 5 } });
      south.agents.ready('s1');
      east.agents.login('e1', { displayName: 'E', skills: { billing: 5 } });
      east.agents.ready('e1');
      await until('agents replicated', () => north.replicas.agents({ state: 'idle' }).length === 2);

      // Routed by replicas: north's billing call to east's agent; auctioned: east's sales call to south's.
      north.contacts.arrive({ media: 'voice', skillset: 'billing', id: 'c-billing' });
      east.contacts.arrive({ media: 'voice', skillset: 'sales', id: 'c-sales' });
      const connected = (id: string, owner: string) => () =>
        centres.every((c) => c.replicas.contact(id)?.state === 'connected' && c.replicas.contact(id)?.owner === owner);
      await until('the billing call connected at east', connected('c-billing', 'east'));
      await until('the sales call connected at south', connected('c-sales', 'south'));

      // A centre writing into another's replica space is refused by the broker.
      const refused = createMqttTransport({ participantId: 'north-2', url, username: 'north', password: 'secret-north' });
      await refused.connect();
      await expect(refused.publish('cm/acme/replica/south/agent/s1', 'forged', { qos: 1, retain: true })).rejects.toMatchObject({
        code: 'CM_ERR_NOT_AUTHORIZED',
        message: expect.stringMatching(/refused the publication to "cm\/acme\/replica\/south\/agent\/s1" .*reason code 135/),
      });
      // Writing into another's inbox as a third centre is refused too: the writer is in the topic.
      await expect(refused.publish('cm/acme/inbox/south/from/east', 'forged', { qos: 1 })).rejects.toMatchObject({
        code: 'CM_ERR_NOT_AUTHORIZED',
      });
      // The connection goes on: what the ACL allows still passes.
      await refused.publish('cm/acme/inbox/south/from/north', 'not a message, but allowed', { qos: 1 });
      expect(south.replicas.agent('south', 's1')?.state).toBe('busy');
      await refused.close();
    }, 60_000);
  });
}
