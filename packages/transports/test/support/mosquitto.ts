import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';

// A Mosquitto of the test's own, on a free loopback port, that the test may kill and start again
// (the shared broker at CONTACTMESH_MQTT_URL must not be restarted under other suites). As in
// test/transports/broker-acl.test.ts, a missing binary is a loud skip, and a failure under CI=true.

/** The Mosquitto binary, if installed. */
export const mosquittoPath = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find((p) => {
  try {
    execFileSync(p, ['-h'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // `mosquitto -h` prints its usage and exits 3; a missing binary throws ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
});

const howToEnable = 'install Mosquitto (apt-get install -y mosquitto)';

/**
 * Describes tests that start a Mosquitto of their own. Without the binary they are skipped, and
 * say so on stderr; with `CI=true` that is a failure instead.
 *
 * @example
 * ```ts
 * describeWithMosquitto('reconnecting across broker restarts', () => {
 *   it('…', async () => { const broker = await startMosquitto(); … });
 * });
 * ```
 */
export function describeWithMosquitto(name: string, body: () => void): void {
  if (mosquittoPath !== undefined) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('runs on the Mosquitto CI provides', () => {
        throw new Error(`No mosquitto binary, and CI must not skip these tests: ${howToEnable}.`);
      });
    });
  } else {
    process.stderr.write(`\n[${name}] SKIPPED: no mosquitto binary; ${howToEnable}.\n`);
    describe(name, () => {
      it.skip(`SKIPPED (no mosquitto binary): ${howToEnable}`, () => undefined);
    });
  }
}

/** A running (or stopped) Mosquitto of the test. */
export interface OwnMosquitto {
  readonly port: number;
  /** `mqtt://127.0.0.1:{port}`. */
  readonly url: string;
  /** Kills the broker (SIGKILL: a crash, no goodbye to its clients) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Kills it, if running, and removes its files. Idempotent. */
  dispose(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });

/** Resolves once something accepts TCP connections on `port`; rejects after `timeoutMs`. */
function accepting(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise<void>((resolve, reject) => {
    const probe = () => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`Mosquitto did not listen on 127.0.0.1:${port} within ${timeoutMs} ms.`));
        // Not listening yet: the process is still starting.
        else setTimeout(probe, 20);
      });
    };
    probe();
  });
}

/**
 * Starts Mosquitto on a free loopback port (anonymous, no persistence, TCP_NODELAY); speaks MQTT 5
 * and 3.1.1.
 *
 * @example
 * ```ts
 * const broker = await startMosquitto();
 * const london = createMqttTransport({ participantId: 'london', url: broker.url });
 * await broker.kill();
 * await broker.start();
 * await broker.dispose();
 * ```
 */
export async function startMosquitto(): Promise<OwnMosquitto> {
  const binary = mosquittoPath;
  if (binary === undefined) throw new Error(`No mosquitto binary: ${howToEnable}.`);
  const dir = await mkdtemp(join(tmpdir(), 'cm-mosquitto-'));
  // Mosquitto started as root drops to its own user, which must read the configuration.
  await chmod(dir, 0o755);
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  await writeFile(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'set_tcp_nodelay true', ''].join('\n'));
  await chmod(conf, 0o644);
  let child: ChildProcess | undefined;
  const kill = async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  const start = async () => {
    if (child !== undefined) throw new Error('This Mosquitto is running already.');
    child = spawn(binary, ['-c', conf], { stdio: 'ignore' });
    await accepting(port);
  };
  await start();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    kill,
    start,
    async dispose() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
