import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Centre, createCentre } from '@contactmesh/core';
import { createMqttTransport } from '@contactmesh/transports/mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The broker ACLs docs/transports.md gives ("Access control: the topic layout as broker ACLs"),
// read from the page itself, on a Mosquitto of the test's own: a network of three centres, with an
// auction and handovers, runs under them, and a centre cannot write into another's replicas.

const docs = new URL('../../docs/transports.md', import.meta.url);
const mosquittoPath = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find((p) => {
  try {
    execFileSync(p, ['-h'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // `mosquitto -h` prints its usage and exits 3; a missing binary throws ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
});
const howToEnable = 'install Mosquitto (apt-get install -y mosquitto mosquitto-clients)';

/** The ACL block of the docs. */
async function documentedAcl(): Promise<string> {
  const page = await readFile(docs, 'utf8');
  const section = page.slice(page.indexOf('### Access control'));
  const block = /```(?:text)?\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('docs/transports.md has no ACL block under "Access control".');
  return block;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Resolves once `check` holds, re-checking every 20 ms; fails after 20 s with `what`. */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`No ${what} within 20 s.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

if (mosquittoPath === undefined) {
  describe('the documented broker ACLs', () => {
    if (process.env.CI === 'true') {
      it('runs on the Mosquitto CI provides', () => {
        throw new Error(`No mosquitto binary, and CI must not skip the ACL test: ${howToEnable}.`);
      });
    } else {
      it.skip(`SKIPPED (no mosquitto binary): ${howToEnable}`, () => undefined);
    }
  });
} else {
  describe('the documented broker ACLs, on a Mosquitto of the test', () => {
    let dir: string;
    let broker: ChildProcess;
    let url: string;
    const centres: Centre[] = [];

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cm-acl-'));
      // Mosquitto started as root drops to its own user, which must read these files.
      await chmod(dir, 0o755);
      const passwords = join(dir, 'passwords');
      for (const [i, user] of ['north', 'south', 'east'].entries()) {
        execFileSync('mosquitto_passwd', ['-b', ...(i === 0 ? ['-c'] : []), passwords, user, `secret-${user}`]);
      }
      await writeFile(join(dir, 'acl'), await documentedAcl());
      const port = await freePort();
      await writeFile(
        join(dir, 'mosquitto.conf'),
        [
          `listener ${port} 127.0.0.1`,
          'allow_anonymous false',
          `password_file ${passwords}`,
          `acl_file ${join(dir, 'acl')}`,
          'set_tcp_nodelay true',
          '',
        ].join('\n'),
      );
      for (const file of ['passwords', 'acl', 'mosquitto.conf']) await chmod(join(dir, file), 0o644);
      broker = spawn(mosquittoPath, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
      url = `mqtt://127.0.0.1:${port}`;
      // Up once it accepts a connection.
      let listening = false;
      await until('the broker listening', () => {
        const probe = connect(port, '127.0.0.1', () => {
          listening = true;
          probe.destroy();
        }).on('error', () => probe.destroy());
        return listening;
      });
    }, 30_000);

    afterAll(async () => {
      await Promise.all(centres.map((c) => c.stop()));
      broker?.kill();
      await rm(dir, { recursive: true, force: true });
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
