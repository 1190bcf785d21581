import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '@contactmesh/cli';

// A Mosquitto of the test's own, on a free loopback port, with a password per user
// (`secret-{user}`) and the given ACL file: what the broker-ACL suites run against.

/** The Mosquitto binary, if there is one. */
export const mosquittoPath = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find((p) => {
  try {
    execFileSync(p, ['-h'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // `mosquitto -h` prints its usage and exits 3; a missing binary throws ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
});
export const howToEnable = 'install Mosquitto (apt-get install -y mosquitto mosquitto-clients)';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Resolves once `check` holds, re-checking every 20 ms; fails after 20 s with `what`. */
export async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`No ${what} within 20 s.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A running broker: its URL, and `stop()` that kills it and removes its files. */
export interface AclBroker {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts Mosquitto with these users (password `secret-{user}`) and ACL, and waits until it accepts connections. */
export async function startAclMosquitto(users: readonly string[], acl: string): Promise<AclBroker> {
  if (mosquittoPath === undefined) throw new Error(`No mosquitto binary: ${howToEnable}.`);
  const dir = await mkdtemp(join(tmpdir(), 'cm-acl-'));
  // Mosquitto started as root drops to its own user, which must read these files.
  await chmod(dir, 0o755);
  const passwords = join(dir, 'passwords');
  for (const [i, user] of users.entries()) {
    execFileSync('mosquitto_passwd', ['-b', ...(i === 0 ? ['-c'] : []), passwords, user, `secret-${user}`]);
  }
  await writeFile(join(dir, 'acl'), acl);
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
  const broker: ChildProcess = spawn(mosquittoPath, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  let listening = false;
  await until('the broker listening', () => {
    const probe = connect(port, '127.0.0.1', () => {
      listening = true;
      probe.destroy();
    }).on('error', () => probe.destroy());
    return listening;
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async stop() {
      broker.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The ACL file for a network, as `contactmesh acl` prints it (agents as `node:home`). */
export async function generatedAcl(layout: {
  readonly network: string;
  readonly centres: readonly string[];
  readonly gateways: readonly string[];
  readonly agents: readonly string[];
}): Promise<string> {
  const out: string[] = [];
  await buildProgram({ out: (t) => out.push(t), err: (t) => out.push(t) }).parseAsync([
    'node',
    'contactmesh',
    'acl',
    '--network',
    layout.network,
    '--centres',
    layout.centres.join(','),
    '--gateways',
    layout.gateways.join(','),
    '--agents',
    layout.agents.join(','),
  ]);
  return `${out.join('\n')}\n`;
}
